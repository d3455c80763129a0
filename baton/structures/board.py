"""The register's section of the board pack ("Structure health"), registered from the AppConfig:
the board indicator (`indicators.structure_health`) with its reasons, and every structure in the
register on the period's last day with its checks, its meetings in the period and the decisions
they informed. The pack itself lists the structures needing attention most (`SHOWN`); every
structure is in its spreadsheet. Two queries, whatever the size of the register."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count

from baton.core import registry

from .indicators import as_at, health, reasons_in_words
from .models import StructureMeeting

# The pack lists at most this many structures needing attention, the most flags first: a register
# of 300 structures was 2,400 cells, 27 pages and 6 s of the PDF (issue #14) and told the board
# less than its summary. The spreadsheet has the whole register.
SHOWN = 20

COLUMNS = (
    "Structure",
    "Type",
    "Decision body it feeds",
    "Terms of reference last reviewed",
    "Last met",
    "Meetings in the period",
    "Decisions informed in the period",
    "Health",
)


def _day(d: date | None) -> str:
    return f"{d.day} {d:%b %Y}" if d else "Never"


@registry.board_section(
    "structure_health", "Structure health", template="structures/_board.jinja", app="structures", order=60
)
def structure_health_section(organisation, period: registry.Period) -> dict[str, Any] | None:
    """Structure health as the register stood on the period's last day (today, while it has not
    ended): how many structures meet "function before form", the reasons the others are flagged,
    and a row per structure. None when the register was empty."""
    h = health(organisation, as_at(period))
    if not h.total:
        return None
    met = (
        StructureMeeting.objects.filter(
            structure__organisation=organisation, held_on__range=(period.start, min(period.end, h.on))
        )
        .values("structure_id")
        .annotate(meetings=Count("pk", distinct=True), decisions=Count("decisions", distinct=True))
        .order_by()
    )
    counts = {row["structure_id"]: (row["meetings"], row["decisions"]) for row in met}
    plain: list[tuple[Any, ...]] = []
    needing: list[tuple[int, list[str]]] = []
    for s, flags in h.structures:
        meetings, decisions = counts.get(s.pk, (0, 0))
        verdict = "Healthy" if not flags else " ".join(flags)
        last = s.last_met_on  # type: ignore[attr-defined]  # annotated by health()
        plain.append(
            (s.name, str(s.type), s.decision_body or "None", s.terms_reviewed_on, last, meetings, decisions, verdict)
        )
        if not flags:
            continue
        needing.append(
            (
                len(flags),
                [
                    s.name,
                    str(s.type),
                    s.decision_body or "None named",
                    _day(s.terms_reviewed_on),
                    _day(last),
                    str(meetings),
                    str(decisions),
                    verdict,
                ],
            )
        )
    needing.sort(key=lambda found: -found[0])  # the most flags first; stable, so by name after that
    rows = [row for _, row in needing[:SHOWN]]
    if len(needing) > len(rows):
        caption = f"The {len(rows)} structures needing attention most on {_day(h.on)}"
    else:
        caption = f"Structures needing attention on {_day(h.on)}"
    return {
        "period": period,
        "on": h.on,
        "healthy": h.healthy,
        "total": h.total,
        "share": round(100 * h.healthy / h.total),
        "reasons": reasons_in_words(h),
        "columns": COLUMNS,
        "rows": rows,
        "caption": caption,
        "more": len(needing) - len(rows),
        "meetings": sum(m for m, _ in counts.values()),
        "decisions": sum(d for _, d in counts.values()),
        "tables": [registry.BoardTable(f"Structures on {_day(h.on)}", COLUMNS, tuple(plain))],
    }
