"""Learning's board indicators (DESIGN.md section 6), defined once, here, from the area's own count
(`status.count_coverage`, the same the hub's elements 9 and 10 show): learning coverage of staff,
and of people who take part. The indicators' pages and API and the board pack read them from here;
the board pack's 24 months are counted together (`status.count_coverage_on`), by the same code."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from baton.core import registry

from . import status

SMALLEST = 5  # counts of people under 5 are not shown (DESIGN.md rule 7)


def as_at(period: registry.Period, today: date | None = None) -> date:
    """The day a period's coverage is counted on: its last day, or today while it has not ended."""
    return min(period.end, today or timezone.localdate())


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def reading(c: status.Coverage, *, staff: bool) -> registry.Reading:
    """A coverage count as a reading. Fewer than 5 people held to a requirement is suppressed
    (DESIGN.md rule 7): the share would tell who has not done their learning."""
    who = "staff" if staff else "people who take part"
    if not c.pairs:
        return registry.Reading(None, f"No learning is required of {who}", 0, 0)
    if c.people < SMALLEST:
        return registry.Reading(None, "Fewer than 5 people: not shown", suppressed=True)
    in_date = c.met + c.soon
    share = 100 * in_date / c.pairs
    details = [
        f"{c.people_in_date} of {_plural(c.people, 'person', 'people')} "
        f"{'has' if c.people_in_date == 1 else 'have'} all their required learning in date."
    ]
    if c.missing:
        details.append(f"{_plural(c.missing, 'required piece', 'required pieces')} of learning not done.")
    if c.expired:
        details.append(f"{_plural(c.expired, 'piece', 'pieces')} of learning expired.")
    if c.soon:
        details.append(f"{_plural(c.soon, 'piece', 'pieces')} of learning expiring within 60 days.")
    return registry.Reading(
        share,
        f"{round(share)}% of required learning in date ({in_date} of {c.pairs})",
        in_date,
        c.pairs,
        tuple(details),
    )


@registry.indicator(
    "learning.staff_coverage",
    "Learning coverage: staff",
    element="learning_staff",
    unit="percent",
    app="learning",
    better="higher",
    monthly=True,
    order=80,
)
def staff_coverage(organisation, period: registry.Period, programme=None) -> registry.Reading:
    """Learning coverage of staff (hub element 9): of the learning each member of staff is required
    to hold by the staff roles they held on the last day of the period (today, while it has not
    ended; roles are dated), the share in date that day.

    Numerator: the (member of staff, requirement) pairs whose latest completion of the required
    offer on or before that day has not expired (done, or expiring within 60 days: `models.state`;
    a completion recorded on their person record counts too). Denominator: every such pair.
    A requirement renewed every N months expires N calendar months after completion, the expiry
    day itself counting as expired.
    Exclusions: inactive accounts; roles not held that day; learning completed after that day.
    Fewer than 5 members of staff held to a requirement: suppressed, no value (DESIGN.md rule 7).
    Details: how many members of staff have all their required learning in date, each once.
    None when nothing is required of staff. Three queries."""
    return reading(status.coverage(organisation.pk, as_at(period), staff=True), staff=True)


@registry.indicator(
    "learning.public_coverage",
    "Learning coverage: people who take part",
    element="learning_public",
    unit="percent",
    app="learning",
    better="higher",
    monthly=True,
    order=81,
)
def public_coverage(organisation, period: registry.Period, programme=None) -> registry.Reading:
    """Learning coverage of people who take part (hub element 10): of the learning each person is
    required to hold by the participation roles of their participations current on the last day of
    the period (today, while it has not ended), the share in date that day.

    Numerator: the (person, requirement) pairs whose latest completion of the required offer on or
    before that day has not expired (done, or expiring within 60 days: `models.state`; a completion
    recorded on a patient partner's account counts too). Denominator: every such pair.
    A requirement renewed every N months expires N calendar months after completion, the expiry
    day itself counting as expired.
    Exclusions: people no longer active in the register; participations not started or ended by
    that day; learning completed after that day. Fewer than 5 people held to a requirement:
    suppressed, no value (DESIGN.md rule 7).
    Details: how many people have all their required learning in date, each once. None when
    nothing is required of people who take part. One query per participation role with a
    requirement, and two."""
    return reading(status.coverage(organisation.pk, as_at(period), staff=False), staff=False)


def _series(organisation, months: list[registry.Period], *, staff: bool) -> list[registry.Reading]:
    """Each month's reading, as `staff_coverage` or `public_coverage` gives it, counted together:
    each month on its own as-at day (`as_at`, today for this month), in one count of every day
    (`status.count_coverage_on`), not cached. A fixed number of queries, whatever the months."""
    today = timezone.localdate()
    days = [as_at(month, today) for month in months]
    return [reading(c, staff=staff) for c in status.count_coverage_on(organisation.pk, days, staff=staff)]


@registry.indicator_series("learning.staff_coverage")
def staff_coverage_series(organisation, months: list[registry.Period], programme=None) -> list[registry.Reading]:
    """`staff_coverage` for each of `months` at once (the board pack's 24 months, issue #14)."""
    return _series(organisation, months, staff=True)


@registry.indicator_series("learning.public_coverage")
def public_coverage_series(organisation, months: list[registry.Period], programme=None) -> list[registry.Reading]:
    """`public_coverage` for each of `months` at once (the board pack's 24 months, issue #14)."""
    return _series(organisation, months, staff=False)
