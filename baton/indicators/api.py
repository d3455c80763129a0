"""The indicators API (`/api/indicators`): every board indicator with its definition and its
reading for a period, and one indicator with its monthly series. Read only, through the pages'
permission helpers: a patient partner is refused (403), another organisation's programme is 404,
bad dates are 422 with the reason."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import ValidationError as InputError
from pydantic import model_validator

from baton.core import registry
from baton.core.schemas import MAX_ID, READ_ERRORS, Message, responses
from baton.core.xmr import Xmr

from .permissions import get_indicator_for_user, get_programme_for_user, require_reader
from .series import MONTHS_SHOWN, analysis, last_months, monthly, read

router = Router(tags=["indicators"])

MAX_YEARS = 5
ERRORS = {**READ_ERRORS, 403: Message}
KEY = Path(..., min_length=3, max_length=80, pattern=r"^[a-z0-9_]+\.[a-z0-9_]+$")


class IndicatorQuery(Schema):
    from_: date | None = Field(
        None, alias="from", description="First day of the period (default: the financial year's)."
    )
    to: date | None = Field(None, description="Last day of the period (default: the financial year's).")
    programme: int | None = Field(
        None, ge=1, le=MAX_ID, description="A programme: readings of the indicators measured per programme."
    )

    @model_validator(mode="after")
    def _span(self):
        if self.from_ is not None and self.to is not None:
            if self.to < self.from_:
                raise ValueError("'to' must be on or after 'from'.")
            start = self.from_
            # 29 February: five years on is 1 March (no leap day in that year, or one more).
            later = date(start.year + MAX_YEARS, 3, 1) if (start.month, start.day) == (2, 29) else None
            if self.to >= (later or start.replace(year=start.year + MAX_YEARS)):
                raise ValueError(f"Ask for at most {MAX_YEARS} years at once.")
        return self

    def period(self) -> registry.Period:
        """`from` to `to`; either left out is the financial year of the other (or of today)."""
        start = self.from_ or registry.Period.financial_year(self.to or timezone.localdate()).start
        end = self.to or registry.Period.financial_year(start).end
        return registry.Period(start, end)


class ProgrammeQuery(Schema):
    programme: int | None = Field(
        None, ge=1, le=MAX_ID, description="A programme, for an indicator measured per programme."
    )


class PeriodOut(Schema):
    start: date
    end: date
    label: str


class ReadingOut(Schema):
    value: float | None
    text: str
    numerator: int | None
    denominator: int | None
    details: list[str]
    suppressed: bool


class IndicatorOut(Schema):
    key: str
    title: str
    element: str
    unit: str
    better: str | None
    target: float | None
    monthly: bool
    per_programme: bool
    definition: str
    period: PeriodOut
    reading: ReadingOut


class MonthOut(Schema):
    label: str
    start: date
    end: date
    reading: ReadingOut


class XmrPointOut(Schema):
    label: str
    value: float | None
    moving_range: float | None
    special: list[str] = Field(
        description="The special-cause rules the point takes part in: outside, shift, trend, two_of_three."
    )
    direction: str | None


class XmrOut(Schema):
    mean: float | None
    mean_moving_range: float | None
    upper: float | None
    lower: float | None
    variation: str = Field(
        description="common, improving, concerning, neither (special cause, no better direction) or too_short."
    )
    assurance: str | None = Field(description="pass, fail or hit_and_miss against the target; none without one.")
    provisional: bool = Field(description="Limits from fewer than 15 values: recalculate as the series grows.")
    summary: str
    points: list[XmrPointOut]


class IndicatorSeriesOut(IndicatorOut):
    series: list[MonthOut]
    xmr: XmrOut | None = Field(description="The XmR analysis of the series (Making Data Count); none without a series.")


def _reading(r: registry.Reading) -> dict:
    return {
        "value": r.value,
        "text": r.text,
        "numerator": r.numerator,
        "denominator": r.denominator,
        "details": list(r.details),
        "suppressed": r.suppressed,
    }


def _out(found: registry.Indicator, period: registry.Period, reading: registry.Reading) -> dict:
    return {
        "key": found.key,
        "title": found.title,
        "element": found.element,
        "unit": found.unit,
        "better": found.better,
        "target": found.target,
        "monthly": found.monthly,
        "per_programme": found.per_programme,
        "definition": " ".join(found.definition.split()),
        "period": {"start": period.start, "end": period.end, "label": period.label},
        "reading": _reading(reading),
    }


@router.get(
    "/indicators",
    response=responses({200: list[IndicatorOut]}, ERRORS),
    summary="Board indicators, with their definitions and readings",
)
def list_indicators(request, query: Query[IndicatorQuery]):
    """Every board indicator (a fixed list, not paged): its definition and its reading for the
    period `from` to `to` (default: this financial year). With `programme`, only the indicators
    measured per programme, read for that programme."""
    member = require_reader(request.auth)
    programme = get_programme_for_user(request.auth, query.programme) if query.programme else None
    period = query.period()
    found = [f for f in registry.indicators(request.auth) if programme is None or f.per_programme]
    with registry.sharing():
        return [_out(f, period, read(f, member.organisation, period, programme)) for f in found]


@router.get(
    "/indicators/{key}",
    response=responses({200: IndicatorSeriesOut}, ERRORS),
    summary="One board indicator, month by month",
)
def get_indicator(request, key: str = KEY, query: Query[ProgrammeQuery] = None):  # type: ignore[assignment]
    """One indicator: its definition, this financial year's reading and its readings for the last
    24 whole months (for an indicator with dates). Unknown key: 404."""
    member = require_reader(request.auth)
    found = get_indicator_for_user(request.auth, key)
    programme = None
    if query is not None and query.programme:
        programme = get_programme_for_user(request.auth, query.programme)
        if not found.per_programme:
            raise InputError(
                [
                    {
                        "loc": ["query", "programme"],
                        "msg": "This indicator is not measured per programme.",
                        "type": "value_error",
                    }
                ]
            )
    today = timezone.localdate()
    year = registry.Period.financial_year(today)
    months = last_months(MONTHS_SHOWN, today) if found.monthly else []
    series = monthly(found, member.organisation, months, programme)
    xmr = analysis(found, series) if series else None
    return {
        **_out(found, year, read(found, member.organisation, year, programme)),
        "series": [
            {"label": label, "start": m.start, "end": m.end, "reading": _reading(r)}
            for m, (label, r) in zip(months, series, strict=True)
        ],
        "xmr": None if xmr is None else _xmr(xmr),
    }


def _xmr(xmr: Xmr) -> dict:
    return {
        "mean": xmr.mean,
        "mean_moving_range": xmr.mean_moving_range,
        "upper": xmr.upper,
        "lower": xmr.lower,
        "variation": xmr.variation,
        "assurance": xmr.assurance,
        "provisional": xmr.provisional,
        "summary": xmr.summary,
        "points": [
            {
                "label": p.label,
                "value": p.value,
                "moving_range": p.moving_range,
                "special": list(p.special),
                "direction": p.direction,
            }
            for p in xmr.points
        ],
    }
