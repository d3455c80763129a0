"""The direction's share of the large ICB (bench/make_data.py): at full scale, 10 versions of the
vision (8 superseded, the one in force, a draft), 4 versions of the strategy (2 superseded, the one
in force, a draft) with 300 objectives each, 16 plans, 8 of the 10 principles adopted. Objectives
link to one or two plans and to up to three programmes; about one in six has none (objectives no
programme serves), and a few programmes serve no objective of the strategy in force. Written in
bulk through the bench's writer. (No audit events: the bench's audit count is the cycle's records,
which tests/test_bench_smoke.py checks one for one.)"""

from __future__ import annotations

from datetime import timedelta

FULL = {"vision_versions": 10, "strategy_versions": 4, "objectives": 300, "plans": 16}
MINIMUM = {"vision_versions": 3, "strategy_versions": 3, "objectives": 6, "plans": 3}

VERBS = ["Hear from", "Co-design with", "Involve", "Feed back to", "Build trust with", "Learn from"]
GROUPS = [
    "people in Core20 neighbourhoods",
    "carers",
    "children and young people",
    "people with a learning disability",
    "Black, Asian and minority ethnic communities",
    "people living with several long-term conditions",
    "coastal communities",
    "older people living alone",
]
AREAS = ["urgent care", "mental health", "maternity", "primary care", "cancer", "diabetes", "frailty", "pharmacy"]


def _n(name: str, scale: float) -> int:
    return max(MINIMUM[name], round(FULL[name] * scale))


def generate(ctx) -> dict[str, int]:
    from baton.cycle import stages

    from .models import Objective, Plan, PlanType, Principle, PrincipleAdoption, StrategyVersion, VisionVersion

    rng, org, today, writer = ctx.rng, ctx.organisation, ctx.today, ctx.writer
    leads = ctx.staff.get("engagement_lead") or [u for ids in ctx.staff.values() for u in ids]
    board = ctx.staff.get("board_member") or leads
    counts: dict[str, int] = {}

    def versions(model, n):
        """(number, status, approved_at) from the oldest: superseded..., in force, draft."""
        start = today - timedelta(days=120 * n)
        out = []
        for i in range(n):
            made = ctx.aware(start + timedelta(days=120 * i))
            status = "draft" if i == n - 1 else ("approved" if i == n - 2 else "superseded")
            out.append((i + 1, status, made))
        return out

    # Plans ---------------------------------------------------------------------------------------
    types = list(PlanType.objects.order_by("position"))
    plan_id = writer.next_id(Plan)
    plan_rows = []
    for i in range(_n("plans", ctx.scale)):
        kind = types[i % len(types)]
        year = today.year - 2 + i // len(types)
        when = ctx.aware(today - timedelta(days=700 - i))
        plan_rows.append(
            {
                "id": plan_id + i,
                "organisation_id": org.pk,
                "plan_type_id": kind.pk,
                "name": f"{kind.name} {year}/{(year + 1) % 100:02d}",
                "period": f"{year}/{(year + 1) % 100:02d} to {year + 4}/{(year + 5) % 100:02d}",
                "link": f"https://bench-icb.example/plans/{i + 1}",
                "version": 1,
            }
        )
    counts["plans"] = writer.write(Plan, plan_rows)
    plan_ids = [r["id"] for r in plan_rows]

    # Principles adopted ----------------------------------------------------------------------------
    adoption_id = writer.next_id(PrincipleAdoption)
    adoption_rows = []
    for i, principle in enumerate(Principle.objects.order_by("number")[:8]):
        when = ctx.aware(today - timedelta(days=400 - 20 * i))
        who = rng.choice(leads)
        adoption_rows.append(
            {
                "id": adoption_id + i,
                "organisation_id": org.pk,
                "principle_id": principle.pk,
                "how": f"How we live principle {principle.number}: our people and communities assembly reviews it each year.",
                "evidence_links": f"https://bench-icb.example/evidence/{principle.number}\nhttps://bench-icb.example/board",
                "adopted_by_id": who,
                "created_at": when,
                "updated_at": when,
                "version": 1,
            }
        )
    counts["adoptions"] = writer.write(PrincipleAdoption, adoption_rows)

    # The vision -------------------------------------------------------------------------------------
    vision_id = writer.next_id(VisionVersion)
    vision_rows = []
    planned = versions(VisionVersion, _n("vision_versions", ctx.scale))
    for i, (number, status, made) in enumerate(planned):
        drafter, approver = rng.choice(leads), rng.choice(board)
        approved_at = made + timedelta(days=30) if status != "draft" else None
        row = {
            "id": vision_id + i,
            "organisation_id": org.pk,
            "number": number,
            "status": status,
            "drafted_by_id": drafter,
            "changed_by_id": drafter,
            "approved_by_id": approver if approved_at else None,
            "approved_at": approved_at,
            "superseded_at": planned[i + 1][2] + timedelta(days=30) if status == "superseded" else None,
            "created_at": made,
            "updated_at": made,
            "version": 3 if approved_at else 2,
            "statement": f"Version {number}: people and communities shape every decision about their health and care.",
            "principles": "We listen early, we go to people, and we say what changed.",
            "business_benefits": "Sturdier decisions that survive challenge.",
            "health_benefits": "Services that fit people's lives; narrower inequalities.",
            "social_benefits": "Trust, and stronger communities.",
        }
        for stage in stages.STAGES:
            row[f"purpose_{stage.key}"] = f"Why we engage at stage {stage.number}: {stage.what}"
        vision_rows.append(row)
    counts["vision_versions"] = writer.write(VisionVersion, vision_rows)

    # The strategy and its objectives -------------------------------------------------------------------
    strategy_id = writer.next_id(StrategyVersion)
    objective_id = writer.next_id(Objective)
    strategy_rows: list[dict] = []
    objective_rows: list[dict] = []
    plan_links: list[dict] = []
    programme_links: list[dict] = []
    plan_through, programme_through = Objective.plans.through, Objective.programmes.through
    plan_link_id, programme_link_id = writer.next_id(plan_through), writer.next_id(programme_through)
    programmes = list(ctx.programme_ids)
    # A few programmes serve no objective of any version: the coverage gap the pages list.
    serving = programmes[: max(1, len(programmes) - max(1, len(programmes) // 8))]
    per_strategy = _n("objectives", ctx.scale)
    planned = versions(StrategyVersion, _n("strategy_versions", ctx.scale))
    for i, (number, status, made) in enumerate(planned):
        drafter, approver = rng.choice(leads), rng.choice(board)
        approved_at = made + timedelta(days=30) if status != "draft" else None
        review = (made + timedelta(days=3 * 365)).date()
        strategy_rows.append(
            {
                "id": strategy_id + i,
                "organisation_id": org.pk,
                "number": number,
                "status": status,
                "drafted_by_id": drafter,
                "changed_by_id": drafter,
                "approved_by_id": approver if approved_at else None,
                "approved_at": approved_at,
                "superseded_at": planned[i + 1][2] + timedelta(days=30) if status == "superseded" else None,
                "created_at": made,
                "updated_at": made,
                "version": 3 if approved_at else 2,
                "title": f"Working with people and communities, version {number}",
                "summary": "How we involve people in planning, buying and improving their services.",
                "review_date": review,
            }
        )
        for j in range(per_strategy):
            pk = objective_id + len(objective_rows)
            title = f"{VERBS[j % len(VERBS)]} {GROUPS[(j // len(VERBS)) % len(GROUPS)]} about {AREAS[(j // 48) % len(AREAS)]} ({j + 1})"
            objective_rows.append(
                {
                    "id": pk,
                    "strategy_id": strategy_id + i,
                    "title": title,
                    "description": "Success: the people most affected say they were heard, and can see what changed.",
                    "created_at": made,
                    "version": 1,
                }
            )
            for plan in rng.sample(plan_ids, k=min(len(plan_ids), rng.randint(1, 2))):
                plan_links.append({"id": plan_link_id, "objective_id": pk, "plan_id": plan})
                plan_link_id += 1
            if serving and rng.random() > 1 / 6:
                for programme in rng.sample(serving, k=min(len(serving), rng.randint(1, 3))):
                    programme_links.append({"id": programme_link_id, "objective_id": pk, "programme_id": programme})
                    programme_link_id += 1
    counts["strategy_versions"] = writer.write(StrategyVersion, strategy_rows)
    counts["objectives"] = writer.write(Objective, objective_rows)
    counts["objective_plans"] = writer.write(plan_through, plan_links)
    counts["objective_programmes"] = writer.write(programme_through, programme_links)
    return counts
