"""Review samples and patient partners' field reports at large-ICB scale, for benchmarks.

- 400 review samples at full scale, given by engagement leads and admins to patient partners, of 5 to
  60 labelled feedback comments each (so about 13,000 reviews): picked as `actions.make_sample`
  picks them (random from the sample's seed over the labelled comments, or least confident first),
  with the machine's themes and sentiment copied. 60% are closed (nearly every comment reviewed),
  the rest open and part reviewed, in order; about 70% of reviews agree with the machine.
- 3,000 field reports at full scale by patient partners: 55% accepted as insight, 30% waiting for
  review, 15% returned with a note. An accepted report is linked to an open insight item of an open
  stage run (the core data's items, not new ones: the cycle's insight counts stay as they are).

`bench.pat` (the bench's patient partner) is given samples (one open) and reports in every state,
so his pages (reports/new, a report's edit page) have something to open. Comments come from the
insight area's bench data (INSTALLED_APPS order); if there are none, a handful are made here."""

from __future__ import annotations

import contextlib
import hashlib
from datetime import datetime, timedelta

FULL = {"review_samples": 400, "field_reports": 3_000}
MIN = {"review_samples": 6, "field_reports": 12}
FALLBACK_COMMENTS = 60
SERVICES = ["Outpatients", "Maternity", "Emergency department", "Community nursing", "Mental health", "GP practice"]
PLACES = ["Ward 7, Riverside Hospital", "Oak Lane Surgery", "Eastfield Community Centre", "Maternity unit, St Mary's"]
HEARD_FROM = ["six parents at a baby group", "carers at a drop-in", "older people at a lunch club", "ward visitors"]
HEARD = [
    "People said waiting times were long and nobody explained the delay.",
    "Parents found the signage confusing and the car park too small.",
    "Carers said staff were kind but discharge plans came late.",
    "Visitors said the ward was clean and the food had improved.",
]


@contextlib.contextmanager
def _historical(*models):
    """Keep the created_at we give (auto_now_add would stamp 'now' under bulk_create)."""
    saved = []
    for model in models:
        for f in model._meta.concrete_fields:
            if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
                saved.append((f, f.auto_now_add, f.auto_now))
                f.auto_now_add = f.auto_now = False
    try:
        yield
    finally:
        for f, add, now in saved:
            f.auto_now_add, f.auto_now = add, now


def _fallback_comments(ctx, staff) -> None:
    """A handful of labelled comments, when the insight area made none."""
    from baton.insight.models import FeedbackComment, FeedbackTheme

    from . import framework

    rng, org, w = ctx.rng, ctx.organisation, ctx.writer
    codes = list(framework.codes())
    cid, tid = w.next_id(FeedbackComment), w.next_id(FeedbackTheme)
    comments: list[dict] = []
    themes: list[dict] = []
    for n in range(FALLBACK_COMMENTS):
        day = ctx.today - timedelta(days=rng.randint(1, 360))
        text = rng.choice(HEARD)
        comments.append(
            {
                "id": cid + n,
                "version": 1,
                "organisation_id": org.pk,
                "feedback_import_id": None,
                "row_key": hashlib.sha256(f"bench-pi-{n}-{text}".encode()).hexdigest(),
                "text": text,
                "received_on": day,
                "service": rng.choice(SERVICES),
                "question": "",
                "score": rng.randint(1, 5),
                "external_id": "",
                "sentiment": rng.randint(1, 5),
                "confidence": round(rng.uniform(0.3, 0.99), 2),
                "language": "en",
                "needs_check": False,
                "checked_by_id": None,
                "created_at": ctx.aware(day),
            }
        )
        for code in rng.sample(codes, rng.randint(1, 2)):
            themes.append(
                {
                    "id": tid + len(themes),
                    "comment_id": cid + n,
                    "organisation_id": org.pk,
                    "code": code,
                    "probability": 0.8,
                }
            )
    with _historical(FeedbackComment):
        w.write(FeedbackComment, comments)
    w.write(FeedbackTheme, themes)


def generate(ctx) -> dict[str, int]:
    import random

    from baton.core.models import User
    from baton.cycle.models import InsightItem, StageRun
    from baton.insight.models import FeedbackComment, FeedbackTheme

    from . import framework
    from .models import SAMPLE_MIN, FieldReport, Review, ReviewSample

    rng, today, org, w = ctx.rng, ctx.today, ctx.organisation, ctx.writer
    partners = sorted(ctx.staff.get("patient_partner", []))
    givers = sorted(set(ctx.staff.get("engagement_lead", [])) | set(ctx.staff.get("admin", [])))
    deciders = givers
    pat = (
        User.objects.filter(username__in=["bench.pat", f"bench.pat.{org.ods_code.lower()}"])
        .values_list("pk", flat=True)
        .first()
    )
    if pat is not None and pat not in partners:
        partners.insert(0, pat)
    if not partners or not givers:
        return {}
    others = [p for p in partners if p != pat] or partners

    def labelled():
        return list(
            FeedbackComment.objects.for_org(org)
            .filter(sentiment__isnull=False)
            .order_by("pk")
            .values_list("pk", "sentiment", "confidence")
        )

    rows = labelled()
    if len(rows) < SAMPLE_MIN:
        _fallback_comments(ctx, givers)
        rows = labelled()
    pool = [pk for pk, _, _ in rows]  # sorted, as sampling.pick_random sorts
    sentiment_of = {pk: s for pk, s, _ in rows}
    least_confident = [pk for pk, _ in sorted(((pk, c or 0.0) for pk, _, c in rows), key=lambda x: (x[1], x[0]))]
    codes = list(framework.codes())

    # Samples and their reviews --------------------------------------------------------------------
    n_samples = max(MIN["review_samples"], round(FULL["review_samples"] * ctx.scale))
    sample_id, review_id = w.next_id(ReviewSample), w.next_id(Review)
    samples: list[dict] = []
    picks: list[tuple[int, list[int], int, bool, datetime, datetime | None]] = []
    for n in range(n_samples):
        # bench.pat gets the first two (one open, one closed), so his pages are full.
        reviewer = pat if pat is not None and n < 2 else rng.choice(others)
        closed = (n == 1) if n < 2 else rng.random() < 0.6
        made = today - timedelta(days=rng.randint(5, 400) if closed else rng.randint(0, 60))
        created = ctx.aware(made)
        closed_at = ctx.aware(min(today, made + timedelta(days=rng.randint(3, 40))), 16) if closed else None
        size = min(len(pool), rng.randint(SAMPLE_MIN, 60))
        seed = rng.randrange(2**31)
        low = rng.random() < 0.2
        ids = least_confident[:size] if low else random.Random(seed).sample(pool, size)
        samples.append(
            {
                "id": sample_id + n,
                "version": 2 if closed else 1,
                "organisation_id": org.pk,
                "title": f"{rng.choice(SERVICES)}, {made:%B %Y}",
                "reviewer_id": reviewer,
                "size": size,
                "service": "",
                "month": None,
                "theme": "",
                "order": ReviewSample.Order.LOW_CONFIDENCE if low else ReviewSample.Order.RANDOM,
                "seed": seed,
                "status": ReviewSample.Status.CLOSED if closed else ReviewSample.Status.OPEN,
                "made_by_id": rng.choice(givers),
                "created_at": created,
                "closed_at": closed_at,
            }
        )
        picks.append((sample_id + n, ids, reviewer, closed, created, closed_at))

    themes_of: dict[int, list[str]] = {}
    wanted = sorted({pk for _, ids, *_ in picks for pk in ids})
    for start in range(0, len(wanted), 5_000):
        chunk = wanted[start : start + 5_000]
        for comment_id, code in (
            FeedbackTheme.objects.filter(comment_id__in=chunk)
            .order_by("comment_id", "code")
            .values_list("comment_id", "code")
        ):
            themes_of.setdefault(comment_id, []).append(code)

    reviews: list[dict] = []
    for sid, ids, reviewer, closed, created, closed_at in picks:
        done = len(ids) if closed and rng.random() < 0.9 else rng.randint(0, len(ids))
        end = closed_at or ctx.aware(today, 9)
        span = max(1, int((end - created).total_seconds()))
        for position, pk in enumerate(ids, start=1):
            got = themes_of.get(pk, [])
            machine = framework.in_framework_order(got) + sorted(set(got) - set(codes))
            row = {
                "id": review_id + len(reviews),
                "version": 1,
                "sample_id": sid,
                "comment_id": pk,
                "position": position,
                "machine_themes": machine,
                "machine_sentiment": sentiment_of.get(pk),
                "themes": [],
                "sentiment": None,
                "agreed": False,
                "note": "",
                "reviewed_by_id": None,
                "reviewed_at": None,
            }
            if position <= done:
                agreed = rng.random() < 0.7
                row.update(
                    version=2,
                    agreed=agreed,
                    themes=machine
                    if agreed
                    else framework.in_framework_order(rng.sample(codes, min(len(codes), rng.randint(1, 2)))),
                    sentiment=sentiment_of.get(pk) if agreed else rng.randint(1, 5),
                    note="" if agreed or rng.random() < 0.7 else "The comment is about staff attitude, not waiting.",
                    reviewed_by_id=reviewer,
                    reviewed_at=created + timedelta(seconds=rng.randrange(span) * position // len(ids)),
                )
            reviews.append(row)

    # Field reports ------------------------------------------------------------------------------
    n_reports = max(MIN["field_reports"], round(FULL["field_reports"] * ctx.scale))
    open_runs = list(
        StageRun.objects.filter(programme__organisation=org, status=StageRun.Status.OPEN)
        .order_by("pk")
        .values_list("pk", "programme_id")
    )
    runs = list(StageRun.objects.filter(programme__organisation=org).order_by("pk").values_list("pk", "programme_id"))
    # An accepted report is linked to one open insight item of an open run (one item per report).
    free_items: dict[int, list[int]] = {}
    for item_id, run_id in (
        InsightItem.objects.filter(stage_run_id__in=[r for r, _ in open_runs], status=InsightItem.Status.OPEN)
        .order_by("pk")
        .values_list("pk", "stage_run_id")
    ):
        free_items.setdefault(run_id, []).append(item_id)
    report_id = w.next_id(FieldReport)
    reports: list[dict] = []
    for n in range(n_reports):
        author = pat if pat is not None and n < 6 else rng.choice(partners)
        # bench.pat's first reports: two waiting, two returned, two accepted (where possible).
        roll = rng.random() if n >= 6 or pat is None else (0.7, 0.8, 0.9, 0.95, 0.1, 0.2)[n]
        status = (
            FieldReport.Status.ACCEPTED
            if roll < 0.55
            else FieldReport.Status.SUBMITTED
            if roll < 0.85
            else FieldReport.Status.RETURNED
        )
        happened = today - timedelta(days=rng.randint(1, 500))
        submitted = ctx.aware(min(today, happened + timedelta(days=rng.randint(0, 7))), 18)
        run = programme = item = None
        if status == FieldReport.Status.ACCEPTED:
            with_items = [r for r, _ in open_runs if free_items.get(r)]
            if with_items:
                run = rng.choice(with_items)
                item = free_items[run].pop(0)
                programme = dict(open_runs)[run]
            else:
                status = FieldReport.Status.SUBMITTED
        if run is None and runs and rng.random() < 0.6:
            run, programme = rng.choice(runs)
        reviewed = status != FieldReport.Status.SUBMITTED
        reports.append(
            {
                "id": report_id + n,
                "version": 2 if reviewed else 1,
                "organisation_id": org.pk,
                "author_id": author,
                "kind": rng.choice(list(FieldReport.Kind.values)),
                "happened_on": happened,
                "place": rng.choice(PLACES),
                "heard_from": rng.choice(HEARD_FROM),
                "heard": rng.choice(HEARD),
                "suggestions": "" if rng.random() < 0.3 else "Explain delays as they happen; add clearer signs.",
                "programme_id": programme,
                "stage_run_id": run,
                "status": status,
                "return_note": "Please say which clinic and when." if status == FieldReport.Status.RETURNED else "",
                "reviewed_by_id": rng.choice(deciders) if reviewed else None,
                "reviewed_at": submitted + timedelta(days=rng.randint(1, 20)) if reviewed else None,
                "insight_item_id": item,
                "submitted_at": submitted,
            }
        )

    with _historical(ReviewSample, FieldReport):
        counts = {"review_samples": w.write(ReviewSample, samples)}
        counts["reviews"] = w.write(Review, reviews)
        counts["field_reports"] = w.write(FieldReport, reports)
    return counts
