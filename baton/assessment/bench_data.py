"""Self-assessments at large-ICB scale, for benchmarks: a large ICB that has assessed itself every
quarter for years (about 40 periods at full scale), every item rated with evidence, low scores
with actions. Written in bulk by bench/make_data.py's writer after the core data."""

from __future__ import annotations

from datetime import date

FULL = {"periods": 40}


def _quarter_end(year: int, quarter: int) -> date:
    month = {1: 6, 2: 9, 3: 12, 4: 3}[quarter]
    return date(year + (1 if quarter == 4 else 0), month, {3: 31, 6: 30, 9: 30, 12: 31}[month])


def generate(ctx) -> dict[str, int]:
    from .models import Action, Assessment, Item, Rating
    from .testing import ensure_frameworks

    ensure_frameworks()
    rng, today, org = ctx.rng, ctx.today, ctx.organisation
    n = max(3, int(FULL["periods"] * ctx.scale))
    items = list(Item.objects.values_list("pk", flat=True))
    owners = [uid for ids in ctx.staff.values() for uid in ids] or []
    leads = ctx.staff.get("engagement_lead") or owners
    a_id, r_id, x_id = (ctx.writer.next_id(m) for m in (Assessment, Rating, Action))
    assessments, ratings, actions_ = [], [], []
    year, quarter = today.year - (n // 4) - 1, 1
    base = {item: rng.randint(0, 2) for item in items}
    made = 0
    while made < n:
        end = _quarter_end(year, quarter)
        quarter = quarter % 4 + 1
        year += 1 if quarter == 1 else 0
        if end >= today:
            break
        completed = made < n - 1
        assessments.append(
            {
                "id": a_id,
                "organisation_id": org.pk,
                "period": f"{end.year - (1 if end.month <= 3 else 0)}/{(end.year + (0 if end.month <= 3 else 1)) % 100:02d} "
                f"Q{({6: 1, 9: 2, 12: 3, 3: 4})[end.month]}",
                "period_end": end,
                "summary": "",
                "status": "completed" if completed else "draft",
                "completed_at": ctx.aware(end) if completed else None,
                "completed_by_id": rng.choice(leads) if completed and leads else None,
                "created_at": ctx.aware(end),
            }
        )
        for item in items:
            score = max(0, min(3, base[item] + rng.choice((-1, 0, 0, 1))))
            base[item] = score
            ratings.append(
                {
                    "id": r_id,
                    "assessment_id": a_id,
                    "item_id": item,
                    "score": score,
                    "evidence": f"https://bench.example/evidence/{r_id}",
                    "created_at": ctx.aware(end),
                    "updated_at": ctx.aware(end),
                }
            )
            if score < 2 and owners:
                actions_.append(
                    {
                        "id": x_id,
                        "rating_id": r_id,
                        "text": "Improve this with the people concerned.",
                        "owner_id": rng.choice(owners),
                        "due_on": end.replace(day=1),
                        "created_at": ctx.aware(end),
                    }
                )
                x_id += 1
            r_id += 1
        a_id += 1
        made += 1
    return {
        "assessments": ctx.writer.write(Assessment, assessments),
        "assessment_ratings": ctx.writer.write(Rating, ratings),
        "assessment_actions": ctx.writer.write(Action, actions_),
    }
