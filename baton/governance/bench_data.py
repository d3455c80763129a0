"""Governance at large-ICB scale, for bench/make_data.py (called after the core data with its
Context): at --scale 1.0, 50 boards and committees with members and ten meetings each, 2,000
business cases over the programmes in every state of the gate (not screened, screened in part,
screened with the duty applying or not, assessed, planned with or without a budget line, assured,
assured with conditions open or closed, not assured, superseded, signed off at a meeting), papers,
and 500 decisions, about one in eight flagged (the duty applied and no engagement is cited).

Rows are written in bulk through the writer (COPY on PostgreSQL) with ids chosen here."""

from __future__ import annotations

from datetime import timedelta

FULL = {"boards": 50, "cases": 2_000, "decisions": 500}
MINIMUM = {"boards": 3, "cases": 20, "decisions": 8}
MEETINGS_PER_BOARD = 10
BENCH_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _n(name: str, scale: float) -> int:
    return max(MINIMUM[name], round(FULL[name] * scale))


def generate(ctx) -> dict[str, int]:
    from baton.cycle.models import StageRun

    from .models import (
        AssuranceCheck,
        AssuranceCondition,
        AssuranceCriterion,
        Board,
        BoardMember,
        BusinessCase,
        Decision,
        DutyScreening,
        EngagementAssurance,
        EngagementPlan,
        Meeting,
        Paper,
        ScreeningAnswer,
        ScreeningQuestion,
    )

    rng, w, org, today = ctx.rng, ctx.writer, ctx.organisation, ctx.today
    everyone = sorted({pk for ids in ctx.staff.values() for pk in ids})
    lay = ctx.staff.get("lay_member") or everyone[:1]
    board_people = ctx.staff.get("board_member") or everyone[:1]
    leads = ctx.staff.get("engagement_lead") or everyone[:1]
    authors = list(dict.fromkeys((ctx.staff.get("programme_lead") or []) + leads))
    now = ctx.aware(today)
    counts: dict[str, int] = {}

    # Boards, members, meetings ---------------------------------------------------------------------
    n_boards = _n("boards", ctx.scale)
    board_id = w.next_id(Board)
    boards = [
        {
            "id": board_id + i,
            "organisation_id": org.pk,
            "name": "Bench ICB Board" if i == 0 else f"Bench committee {i}",
            "kind": "board" if i == 0 else rng.choice(["committee", "subcommittee"]),
            "purpose": "Decides and assures on behalf of the ICB.",
            "created_at": now,
            "version": 1,
        }
        for i in range(n_boards)
    ]
    counts["boards"] = w.write(Board, boards)
    member_id = w.next_id(BoardMember)
    members: list[dict] = []
    for b in boards:
        seated = set(rng.sample(everyone, min(len(everyone), rng.randint(4, 9))))
        seated |= {rng.choice(lay), rng.choice(board_people)}
        for person in sorted(seated):
            members.append({"id": member_id + len(members), "board_id": b["id"], "person_id": person, "role": "Member"})
    counts["board members"] = w.write(BoardMember, members)
    meeting_id = w.next_id(Meeting)
    meetings: list[dict] = []
    for b in boards:
        for k in range(MEETINGS_PER_BOARD):
            meetings.append(
                {
                    "id": meeting_id + len(meetings),
                    "board_id": b["id"],
                    "held_on": today - timedelta(days=30 * (MEETINGS_PER_BOARD - k - 2)),
                    "title": "Meeting in public",
                    "location": "",
                    "created_at": now,
                    "version": 1,
                }
            )
    counts["meetings"] = w.write(Meeting, meetings)
    past_meetings = [m for m in meetings if m["held_on"] <= today]

    # Business cases and their gate -------------------------------------------------------------------
    questions = list(ScreeningQuestion.objects.filter(active=True).values_list("pk", flat=True))
    criteria = list(AssuranceCriterion.objects.filter(active=True).values_list("pk", flat=True))
    runs_by_programme: dict[int, list[int]] = {}
    for run_id, programme_id in StageRun.objects.filter(programme_id__in=ctx.programme_ids).values_list(
        "pk", "programme_id"
    ):
        runs_by_programme.setdefault(programme_id, []).append(run_id)
    n_cases = _n("cases", ctx.scale)
    ids = {
        model: w.next_id(model)
        for model in (
            BusinessCase,
            DutyScreening,
            ScreeningAnswer,
            EngagementPlan,
            EngagementAssurance,
            AssuranceCheck,
            AssuranceCondition,
        )
    }
    rows: dict = {model: [] for model in ids}
    plan_runs = []
    signed: list[dict] = []

    def add(model, row):
        row["id"] = ids[model] + len(rows[model])
        rows[model].append(row)
        return row["id"]

    for k in range(n_cases):
        programme = rng.choice(ctx.programme_ids)
        created = ctx.aware(today - timedelta(days=rng.randint(1, 700)))
        roll = rng.random()
        case = {
            "programme_id": programme,
            "title": f"Business case {k + 1}",
            "kind": rng.choice(["plan", "proposal", "proposal", "decision"]),
            "summary": "A proposal for change.",
            "value": rng.randint(10, 5_000) * 1_000,
            "ehia_done": roll > 0.15,
            "ehia_summary": "Assessed." if roll > 0.15 else "",
            "ehia_link": "https://intranet.example.nhs.uk/ehia" if roll > 0.15 else "",
            "created_at": created,
            "version": 1,
        }
        case_id = add(BusinessCase, case)
        if roll < 0.08:
            continue  # not screened yet
        duty = rng.random() < 0.7
        complete = roll > 0.12
        screening_id = add(
            DutyScreening,
            {
                "case_id": case_id,
                "duty_applies": duty,
                "involvement": rng.choice(["engage", "consult"]) if duty else "inform",
                "substantial_variation": duty and rng.random() < 0.2,
                "groups_affected": "Older people; carers" if complete else "",
                "reason": "It changes how services are delivered." if duty else "Operational only.",
                "screened_by_id": rng.choice(authors),
                "screened_on": created.date(),
                "version": 1,
            },
        )
        for q in questions:
            add(ScreeningAnswer, {"screening_id": screening_id, "question_id": q, "answer": "Answered."})
        if duty and rng.random() < 0.85:
            plan_id = add(
                EngagementPlan,
                {
                    "case_id": case_id,
                    "summary": "Workshops and a survey.",
                    "budget_line": f"ENG-{rng.randint(100, 999)}" if rng.random() < 0.9 else "",
                    "budget": rng.randint(1, 60) * 500,
                    "version": 1,
                },
            )
            for run in rng.sample(
                runs_by_programme.get(programme, []), min(2, len(runs_by_programme.get(programme, [])))
            ):
                plan_runs.append({"engagementplan_id": plan_id, "stagerun_id": run})
        if roll < 0.3:
            continue  # waiting for assurance
        assurances = 2 if rng.random() < 0.15 else 1
        current = None
        for a in range(assurances):
            last = a == assurances - 1
            outcome = rng.choice(["assured", "assured", "conditions", "not_assured"]) if last else "not_assured"
            current_id = add(
                EngagementAssurance,
                {
                    "case_id": case_id,
                    "reviewer_id": rng.choice(lay),
                    "outcome": outcome,
                    "commentary": "Seen the evidence.",
                    "given_at": created + timedelta(days=20 + 10 * a),
                    "superseded_by_id": None,
                },
            )
            if current is not None:
                current["superseded_by_id"] = current_id
            current = rows[EngagementAssurance][-1]
            for c in criteria:
                add(AssuranceCheck, {"assurance_id": current_id, "criterion_id": c, "met": "met"})
            if outcome == "conditions":
                closed = rng.random() < 0.6
                add(
                    AssuranceCondition,
                    {
                        "assurance_id": current_id,
                        "text": "Publish an easy read summary.",
                        "evidence": "Published." if closed else "",
                        "closed_at": created + timedelta(days=40) if closed else None,
                        "closed_by_id": rng.choice(authors) if closed else None,
                        "version": 1,
                    },
                )
        assert current is not None
        if current["outcome"] == "assured" and complete and case["ehia_done"] and rng.random() < 0.6 and past_meetings:
            meeting = rng.choice(past_meetings)
            case.update(
                signed_off_at=ctx.aware(meeting["held_on"]),
                signed_off_by_id=rng.choice(board_people),
                signed_off_meeting_id=meeting["id"],
                signed_off_assurance_id=current["id"],
            )
            signed.append(case)
    # A superseded assurance points at a later row: the assurances are written without the link,
    # which is then set (foreign keys are checked when the transaction commits).
    counts["business cases"] = w.write(BusinessCase, rows[BusinessCase])
    counts["duty screenings"] = w.write(DutyScreening, rows[DutyScreening])
    w.write(ScreeningAnswer, rows[ScreeningAnswer])
    counts["engagement plans"] = w.write(EngagementPlan, rows[EngagementPlan])
    EngagementPlan.stage_runs.through.objects.bulk_create(
        [EngagementPlan.stage_runs.through(**r) for r in plan_runs], batch_size=2_000
    )
    supersedes = {r["id"]: r["superseded_by_id"] for r in rows[EngagementAssurance] if r["superseded_by_id"]}
    counts["assurances"] = w.write(
        EngagementAssurance, ({**r, "superseded_by_id": None} for r in rows[EngagementAssurance])
    )
    for old, new in supersedes.items():
        EngagementAssurance.objects.filter(pk=old).update(superseded_by_id=new)
    w.write(AssuranceCheck, rows[AssuranceCheck])
    counts["assurance conditions"] = w.write(AssuranceCondition, rows[AssuranceCondition])
    counts["signed off"] = len(signed)

    # Papers and decisions ------------------------------------------------------------------------------
    # One stored document serves every bench paper: the download is timed, not the disk filled.
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    document = default_storage.save(f"documents/{org.pk}/bench/board-paper.pdf", ContentFile(BENCH_PDF))
    paper_id = w.next_id(Paper)
    papers: list[dict] = []
    for case in signed:
        papers.append(
            {
                "id": paper_id + len(papers),
                "meeting_id": case["signed_off_meeting_id"],
                "title": f"{case['title']}: paper",
                "document": document,
                "business_case_id": case["id"],
                "created_at": now,
                "version": 1,
            }
        )
    counts["papers"] = w.write(Paper, papers)
    n_decisions = _n("decisions", ctx.scale)
    decision_id = w.next_id(Decision)
    decisions = []
    for k in range(n_decisions):
        meeting = rng.choice(past_meetings or meetings)
        on_case = signed[k] if k < len(signed) and k % 2 == 0 else None
        flagged = rng.random() < 0.125
        decisions.append(
            {
                "id": decision_id + k,
                "organisation_id": org.pk,
                "board_id": meeting["board_id"],
                "meeting_id": meeting["id"],
                "decided_on": meeting["held_on"],
                "title": f"Decision {k + 1}",
                "outcome": "Agreed.",
                "engagement_influence": "" if flagged else "People asked for evening sessions; they were added.",
                "duty_applied": True if flagged else rng.choice([True, False, None]),
                "business_case_id": on_case["id"] if on_case else None,
                "created_at": now,
                "version": 1,
            }
        )
    counts["decisions"] = w.write(Decision, decisions)
    return counts
