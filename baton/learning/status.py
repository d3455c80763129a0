"""Who meets which requirement, counted. Every figure here comes from `models.state()` (one
person, one requirement) or its SQL twin `models.cutoffs()`; pages, the API and the hub all ask
here, so a page, an API answer and the hub never disagree.

- A member of staff is held to the requirements of every staff role they hold today in the
  organisation; a person who takes part, to those of every participation role one of their current
  participations is in.
- The latest completion of the requirement's offer counts, whoever it was recorded against: a
  person's own record, or (for a patient partner with a Baton account) their account's.
- Coverage is the share of (person, requirement) pairs that are met (expiring soon still counts:
  it has not expired); a person is ready for a role when they meet every requirement of it.

Each function runs a fixed number of queries, whatever the number of people or records: one per
requirement or participation role, never one per person."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

import numpy as np
from django.core.cache import cache
from django.db.models import Case, DateField, Exists, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest

from baton.core.models import RoleAssignment, User
from baton.people.models import Participation, Person

from .models import (
    LearningOffer,
    LearningRecord,
    LearningRequirement,
    ParticipationRole,
    State,
    current_participations,
    cutoffs,
    expires_on,
    state,
    ukdate,
)

# Counted once, kept for a while ----------------------------------------------------------------------
#
# Coverage and readiness count every (person, requirement) pair of the organisation: tens of
# thousands at a large ICB, a quarter of a second. The hub, the overview and the capacity page keep
# what they counted in the cache for `CACHE_SECONDS`, under a generation number that any saved or
# deleted learning record, offer, requirement, participation role, participation, person, user or
# role assignment moves on (`forget_counts`, connected in `apps.py`), so a change shows at once.
# Bulk changes that send no signal (an import, retention) show within `CACHE_SECONDS`. With the
# cache down (Redis gone) every request counts afresh.

CACHE_SECONDS = 300
GENERATION = "learning:counts:generation"


def forget_counts(**_kwargs: Any) -> None:
    """Move the generation on: every count kept so far is forgotten."""
    try:
        cache.add(GENERATION, 0, None)
        cache.incr(GENERATION)
    except ValueError:  # gone between add and incr (evicted): start again
        cache.set(GENERATION, 1, None)


def kept(name: str, organisation_id: int, today: date, count: Callable[[], Any]) -> Any:
    key = f"learning:counts:{cache.get(GENERATION, 0)}:{name}:{organisation_id}:{today.isoformat()}"
    found = cache.get(key)
    if found is None:
        found = count()
        cache.set(key, found, CACHE_SECONDS)
    return found


# Who is held to what ---------------------------------------------------------------------------------


def staff_in_role(organisation_id: int, role: str, today: date) -> QuerySet[User]:
    """Users holding `role` in the organisation today."""
    held = RoleAssignment.objects.current(today).filter(
        membership__organisation_id=organisation_id, membership__user=OuterRef("pk"), role=role
    )
    return User.objects.filter(is_active=True).filter(Exists(held))


def people_in_role(kind: ParticipationRole, today: date) -> QuerySet[Person]:
    """People with a current participation in the participation role."""
    inside = Participation.objects.filter(person=OuterRef("pk")).filter(current_participations(today), kind.matching())
    return Person.objects.active().filter(organisation_id=kind.organisation_id).filter(Exists(inside))


def subjects_of(requirement: LearningRequirement, today: date) -> QuerySet[Any]:
    if requirement.staff_role:
        return staff_in_role(requirement.organisation_id, requirement.staff_role, today)
    assert requirement.participation_role is not None
    return people_in_role(requirement.participation_role, today)


def _latest(offer_id: int, staff: bool) -> Greatest:
    """The latest completion of the offer by the subject of the outer query (a user or a person):
    the later of two indexed lookups (their own records, and those of their person record or their
    account), never one lookup with an OR, which no index serves."""
    records = LearningRecord.objects.filter(offer_id=offer_id).order_by("-completed_on").values("completed_on")
    if staff:
        own, other = records.filter(user=OuterRef("pk")), records.filter(person__account=OuterRef("pk"))
    else:
        own, other = records.filter(person=OuterRef("pk")), records.filter(user=OuterRef("account_id"))
    a, b = Subquery(own[:1]), Subquery(other[:1])
    # GREATEST is NULL on SQLite when either side is: each side falls back on the other.
    return Greatest(Coalesce(a, b), Coalesce(b, a), output_field=DateField())


def _state_filters(name: str, renew_months: int | None, today: date) -> dict[State, Q]:
    """The four states of an annotated latest completion `name`, as filters."""
    expired_by, soon_by = cutoffs(renew_months, today)
    done = Q(**{f"{name}__isnull": False})
    if expired_by is None or soon_by is None:
        return {State.MET: done, State.SOON: Q(pk__in=[]), State.EXPIRED: Q(pk__in=[]), State.MISSING: ~done}
    return {
        State.MET: Q(**{f"{name}__gt": soon_by}),
        State.SOON: Q(**{f"{name}__gt": expired_by, f"{name}__lte": soon_by}),
        State.EXPIRED: Q(**{f"{name}__lte": expired_by}),
        State.MISSING: ~done,
    }


def _classifier(renew_months: int | None, today: date):
    """`models.state()` for many completions of one requirement: the cut-off days worked out once
    (`models.cutoffs()`, which the tests check agrees with `state()` day by day)."""
    expired_by, soon_by = cutoffs(renew_months, today)

    def classify(done: date | None) -> State:
        if done is None:
            return State.MISSING
        if expired_by is None or soon_by is None:
            return State.MET
        if done <= expired_by:
            return State.EXPIRED
        return State.SOON if done <= soon_by else State.MET

    return classify


def _completions(
    subjects: QuerySet[Any],
    offer_ids: set[int],
    *,
    staff: bool,
    until: date | None = None,
) -> list[dict[int, date]]:
    """For each subject (a user or a person) of `subjects`, the latest completion of each offer,
    theirs or their account's / person record's. Two queries, whatever the number of people: the
    subjects' keys, and the latest completions of the offers grouped by who completed them
    (thousands of people in a role are counted in Python, never by a subquery per person). With
    `until`, only completions on or before that day."""
    return [done for _pk, done in _keyed_completions(subjects, offer_ids, staff=staff, until=until)]


def _keyed_completions(
    subjects: QuerySet[Any],
    offer_ids: set[int],
    *,
    staff: bool,
    until: date | None = None,
) -> list[tuple[int, dict[int, date]]]:
    """`_completions`, each with the subject's primary key (so a person in two roles is one person)."""
    if staff:
        keys = [(pk, None) for pk in subjects.values_list("pk", flat=True)]
    else:
        keys = list(subjects.values_list("pk", "account_id"))
    if not keys or not offer_ids:
        return [(pk, {}) for pk, _ in keys]
    offers = LearningOffer.objects.filter(pk__in=offer_ids).values_list("organisation_id", flat=True)[:1]
    done_by = Q(completed_on__lte=until) if until else Q()
    latest = _latest_of(Q(organisation_id__in=offers) & done_by, offer_ids)
    found = []
    for pk, account_id in keys:
        if staff:
            done, other = dict(latest.get(("u", pk), {})), latest.get(("a", pk), {})
        else:
            done = dict(latest.get(("u", account_id), {})) if account_id else {}
            other = latest.get(("p", pk), {})
        for offer_id, day in other.items():
            done[offer_id] = max(day, done.get(offer_id, day))
        found.append((pk, done))
    return found


def requirement_counts(requirement: LearningRequirement, today: date) -> dict[str, int]:
    """How many people the requirement applies to, and how many of them are in each state
    (`models.state()`). Two queries."""
    counts = {"total": 0, **{s.value: 0 for s in State}}
    classify = _classifier(requirement.renew_months, today)
    subjects = subjects_of(requirement, today)
    for done in _completions(subjects, {requirement.offer_id}, staff=requirement.for_staff, until=today):
        counts["total"] += 1
        counts[classify(done.get(requirement.offer_id)).value] += 1
    return counts


@dataclass
class RoleFigures:
    """One role: who is in it, how many are ready (every requirement met), how many of those have
    learning expiring soon, how many are not ready; and the requirements."""

    name: str
    staff: bool
    key: str  # a staff role's value or a participation role's id
    requirements: list[LearningRequirement]
    total: int = 0
    ready: int = 0
    soon: int = 0

    @property
    def not_ready(self) -> int:
        return self.total - self.ready


def role_figures(
    name: str, subjects: QuerySet[Any], requirements: list[LearningRequirement], today: date, *, staff: bool, key: str
) -> RoleFigures:
    """Readiness for one role: ready when every requirement is done or expiring soon. Two queries."""
    figures = RoleFigures(name, staff, key, requirements)
    if not requirements:
        figures.total = subjects.count()
        figures.ready = figures.total
        return figures
    rules = [(r.offer_id, _classifier(r.renew_months, today)) for r in requirements]
    for done in _completions(subjects, {r.offer_id for r in requirements}, staff=staff, until=today):
        states = [classify(done.get(offer_id)) for offer_id, classify in rules]
        figures.total += 1
        if all(s in (State.MET, State.SOON) for s in states):
            figures.ready += 1
            figures.soon += State.SOON in states
    return figures


def requirements_of(organisation_id: int) -> list[LearningRequirement]:
    return list(LearningRequirement.objects.for_org(organisation_id).select_related("offer", "participation_role"))


def staff_roles_figures(
    organisation_id: int, today: date, requirements: list[LearningRequirement] | None = None
) -> list[RoleFigures]:
    """Each staff role with a requirement, kept for a while (see `kept`)."""
    found: list[RoleFigures] = kept(
        "staff_roles", organisation_id, today, lambda: _staff_roles_figures(organisation_id, today, requirements)
    )
    return found


def _staff_roles_figures(
    organisation_id: int, today: date, requirements: list[LearningRequirement] | None = None
) -> list[RoleFigures]:
    from baton.core.models import Role

    requirements = requirements_of(organisation_id) if requirements is None else requirements
    by_role: dict[str, list[LearningRequirement]] = defaultdict(list)
    for r in requirements:
        if r.staff_role:
            by_role[r.staff_role].append(r)
    return [
        role_figures(Role(role).label, staff_in_role(organisation_id, role, today), reqs, today, staff=True, key=role)
        for role, reqs in sorted(by_role.items())
    ]


def participation_roles_figures(
    organisation_id: int, today: date, requirements: list[LearningRequirement] | None = None
) -> list[RoleFigures]:
    """Each participation role of the organisation, kept for a while (see `kept`)."""
    found: list[RoleFigures] = kept(
        "participation_roles",
        organisation_id,
        today,
        lambda: _participation_roles_figures(organisation_id, today, requirements),
    )
    return found


def _participation_roles_figures(
    organisation_id: int, today: date, requirements: list[LearningRequirement] | None = None
) -> list[RoleFigures]:
    """Each participation role of the organisation (with or without requirements)."""
    requirements = requirements_of(organisation_id) if requirements is None else requirements
    by_kind: dict[int, list[LearningRequirement]] = defaultdict(list)
    for r in requirements:
        if r.participation_role_id:
            by_kind[r.participation_role_id].append(r)
    return [
        role_figures(
            kind.name, people_in_role(kind, today), by_kind.get(kind.pk, []), today, staff=False, key=str(kind.pk)
        )
        for kind in ParticipationRole.objects.for_org(organisation_id).select_related("structure_type")
    ]


@dataclass
class Coverage:
    """(person, requirement) pairs: how many, and how many in each state; and the people held to
    at least one requirement, and how many of them have all of theirs in date (met or expiring
    soon), each person once however many roles they hold."""

    pairs: int = 0
    met: int = 0
    soon: int = 0
    expired: int = 0
    missing: int = 0
    people: int = 0
    people_in_date: int = 0

    @property
    def percent(self) -> int | None:
        return None if not self.pairs else round(100 * (self.met + self.soon) / self.pairs)


def coverage(organisation_id: int, today: date, *, staff: bool) -> Coverage:
    """Coverage of the staff's requirements (element 9) or of people who take part (element 10),
    kept for a while (see `kept`)."""
    found: Coverage = kept(
        # "people": counts kept before Coverage counted people have none, so they are not read.
        f"coverage.people.{staff}",
        organisation_id,
        today,
        lambda: count_coverage(organisation_id, today, staff=staff),
    )
    return found


def count_coverage(organisation_id: int, today: date, *, staff: bool) -> Coverage:
    """Coverage of the staff's requirements (element 9) or of people who take part (element 10), as
    it stood on `today`: roles held and participations current that day, learning completed on or
    before it. `count_coverage_on` for one day, so a day counted alone and the same day in a
    board pack's 24 months are counted by the same code."""
    (found,) = count_coverage_on(organisation_id, [today], staff=staff)
    return found


NEVER = 0  # a day number (`date.toordinal()`, from 1) standing for "no completion"
ALWAYS = date.max.toordinal()  # a role or participation with no end


def count_coverage_on(organisation_id: int, days: list[date], *, staff: bool) -> list[Coverage]:
    """`count_coverage` for each of `days` (in any order, repeats allowed), counted together: the
    board pack charts each coverage over 24 months, and counting them one by one took 11 seconds at
    a large ICB (issue #14).

    A fixed number of queries, whatever the number of days or people: the requirements; who is held
    to them on any of the days, with the days they were (`_stints`: one query for the staff roles,
    one per participation role with a requirement); and the latest completions of the required
    offers in each stretch between two of the days (`_latest_by_day`). Then, day by day and all
    people at once (numpy arrays, a row a day and a column a person): who was held to what that day,
    their latest completion on or before it, and its state that day (`_states`). Each person is
    counted once however many roles they hold."""
    wanted = sorted(set(days))
    by_target: dict[str | int, list[LearningRequirement]] = defaultdict(list)
    for r in requirements_of(organisation_id):
        if r.for_staff == staff:
            by_target[r.staff_role if staff else r.participation_role_id or 0].append(r)
    if not by_target or not wanted:
        return [Coverage() for _ in days]
    stints = _stints(organisation_id, by_target, wanted[0], wanted[-1], staff=staff)
    subjects = sorted({pk for rows in stints.values() for pk, _account, _starts, _ends in rows})
    column = {pk: i for i, pk in enumerate(subjects)}
    accounts = {account: column[pk] for rows in stints.values() for pk, account, _s, _e in rows if account}
    offer_ids = {r.offer_id for reqs in by_target.values() for r in reqs}
    latest = _latest_by_day(organisation_id, offer_ids, wanted, column, accounts, staff=staff)
    day_numbers = np.array([d.toordinal() for d in wanted])[:, None]
    shape = (len(wanted), len(subjects))
    counts = {s: np.zeros(len(wanted), dtype=np.int64) for s in State}
    pairs = np.zeros(len(wanted), dtype=np.int64)
    held, lacking = np.zeros(shape, dtype=bool), np.zeros(shape, dtype=bool)
    for target, reqs in by_target.items():
        rows = stints.get(target, [])
        present = np.zeros(shape, dtype=bool)
        if rows:
            who = np.array([column[pk] for pk, _account, _starts, _ends in rows])
            starts = np.array([s.toordinal() if s else NEVER for _pk, _account, s, _ends in rows])
            ends = np.array([e.toordinal() if e else ALWAYS for _pk, _account, _starts, e in rows])
            day, stint = np.nonzero((starts <= day_numbers) & (day_numbers <= ends))
            present[day, who[stint]] = True
        held |= present
        for r in reqs:
            states = _states(latest[r.offer_id], r.renew_months, wanted)
            pairs += present.sum(axis=1)
            for s, mask in states.items():
                counts[s] += (mask & present).sum(axis=1)
            lacking |= present & (states[State.MISSING] | states[State.EXPIRED])
    people, in_date = held.sum(axis=1), (held & ~lacking).sum(axis=1)
    found = {
        d: Coverage(
            pairs=int(pairs[i]),
            met=int(counts[State.MET][i]),
            soon=int(counts[State.SOON][i]),
            expired=int(counts[State.EXPIRED][i]),
            missing=int(counts[State.MISSING][i]),
            people=int(people[i]),
            people_in_date=int(in_date[i]),
        )
        for i, d in enumerate(wanted)
    }
    return [replace(found[d]) for d in days]


Stint = tuple[int, int | None, date | None, date | None]  # (user or person, their account, from, to)


def _stints(
    organisation_id: int,
    by_target: dict[str | int, list[LearningRequirement]],
    first: date,
    last: date,
    *,
    staff: bool,
) -> dict[str | int, list[Stint]]:
    """For each target (a staff role, or a participation role's id), each role assignment or
    participation in it current on any day from `first` to `last`, with its dates: what
    `staff_in_role` and `people_in_role` ask of one day, asked of them all at once. Inactive
    accounts and erased people are left out, as there. One query for the staff roles, one per
    participation role."""
    found: dict[str | int, list[Stint]] = defaultdict(list)
    ends = Q(ends_on__isnull=True) | Q(ends_on__gte=first)
    if staff:
        assignments = (
            RoleAssignment.objects.filter(
                membership__organisation_id=organisation_id, membership__user__is_active=True, role__in=list(by_target)
            )
            .filter(Q(starts_on__isnull=True) | Q(starts_on__lte=last), ends)
            .values_list("membership__user_id", "role", "starts_on", "ends_on")
        )
        for user_id, role, starts_on, ends_on in assignments:
            found[role].append((user_id, None, starts_on, ends_on))
        return found
    for target, reqs in by_target.items():
        kind = reqs[0].participation_role
        assert kind is not None
        inside = (
            Participation.objects.filter(person__organisation_id=kind.organisation_id, person__erased_at__isnull=True)
            .filter(kind.matching())
            .filter(Q(starts_on__lte=last), ends)
            .values_list("person_id", "person__account_id", "starts_on", "ends_on")
        )
        found[target] = list(inside)
    return found


def _latest_by_day(
    organisation_id: int,
    offer_ids: set[int],
    days: list[date],
    column: dict[int, int],
    accounts: dict[int, int],
    *,
    staff: bool,
) -> dict[int, np.ndarray]:
    """For each offer, each subject's latest completion on or before each of `days` (ascending), as
    a day number (`NEVER`: none): a row a day, a column a subject (`column`: the subject's primary
    key to its column; `accounts`: a person's account to the person's column). Theirs or, as in
    `_keyed_completions`, their person record's (a member of staff) or their account's (a person).

    One query: the latest completion of each offer by each user and person in each stretch between
    two of the days (up to the first, then from the day after one to the next): for one day, the
    latest completion itself; over months, about a row per completion in them. Each day's latest
    is then the latest of the stretches up to it."""
    stretch = Case(
        *[When(completed_on__lte=day, then=Value(i)) for i, day in enumerate(days[:-1])],
        default=Value(len(days) - 1),
        output_field=IntegerField(),
    )
    rows = (
        LearningRecord.objects.filter(
            organisation_id=organisation_id, offer_id__in=offer_ids, completed_on__lte=days[-1]
        )
        .annotate(stretch=stretch)
        .values("user_id", "person_id", "person__account_id", "offer_id", "stretch")
        .annotate(latest=Max("completed_on"))
        .order_by()
    )
    found = {offer_id: np.full((len(days), len(column)), NEVER, dtype=np.int64) for offer_id in offer_ids}
    for row in rows:
        if staff:
            at = column.get(row["user_id"] or row["person__account_id"])
        else:
            at = column.get(row["person_id"]) if row["person_id"] else accounts.get(row["user_id"])
        if at is not None:
            done = found[row["offer_id"]]
            done[row["stretch"], at] = max(done[row["stretch"], at], row["latest"].toordinal())
    for done in found.values():
        np.maximum.accumulate(done, axis=0, out=done)
    return found


def _states(done: np.ndarray, renew_months: int | None, days: list[date]) -> dict[State, np.ndarray]:
    """`_classifier` for many days at once: `done` holds latest completions, a row a day and a
    column a person (day numbers, `NEVER` for none); each state comes back as a mask of the same
    shape, against each day's own cut-offs (`models.cutoffs()`, worked out once a day)."""
    missing = done == NEVER
    if renew_months is None:
        nothing = np.zeros(done.shape, dtype=bool)
        return {State.MET: ~missing, State.SOON: nothing, State.EXPIRED: nothing, State.MISSING: missing}
    expired_by, soon_by = np.zeros((len(days), 1), dtype=np.int64), np.zeros((len(days), 1), dtype=np.int64)
    for i, day in enumerate(days):
        expired_through, soon_through = cutoffs(renew_months, day)
        assert expired_through is not None and soon_through is not None
        expired_by[i], soon_by[i] = expired_through.toordinal(), soon_through.toordinal()
    return {
        State.MET: ~missing & (done > soon_by),
        State.SOON: ~missing & (done > expired_by) & (done <= soon_by),
        State.EXPIRED: ~missing & (done <= expired_by),
        State.MISSING: missing,
    }


# One person, or one page of people -------------------------------------------------------------------


@dataclass
class Standing:
    """One requirement, for one person: the latest completion, when it expires, its state."""

    requirement: LearningRequirement
    completed_on: date | None
    state: State
    expires_on: date | None = None

    @property
    def words(self) -> str:
        if self.state == State.MISSING:
            return "Not done"
        assert self.completed_on is not None
        if self.expires_on is None:
            return f"Done on {ukdate(self.completed_on)}"
        if self.state == State.EXPIRED:
            return f"Expired on {ukdate(self.expires_on)}"
        return f"Done on {ukdate(self.completed_on)}, expires on {ukdate(self.expires_on)}"

    @property
    def lacking(self) -> bool:
        return self.state in (State.MISSING, State.EXPIRED)


@dataclass
class Subject:
    """A member of staff or a person who takes part, with where they stand on what they need."""

    obj: Any
    standings: list[Standing] = field(default_factory=list)

    @property
    def flags(self) -> list[Standing]:
        return [s for s in self.standings if s.lacking]

    @property
    def ready(self) -> bool:
        return not self.flags


def _standing(requirement: LearningRequirement, completed_on: date | None, today: date) -> Standing:
    return Standing(
        requirement,
        completed_on,
        state(completed_on, requirement.renew_months, today),
        expires_on(completed_on, requirement.renew_months) if completed_on else None,
    )


def standings_of_people(
    people: list[Person], requirements: list[LearningRequirement], today: date, *, current: bool = True
) -> list[Subject]:
    """Where each person stands on the requirements of the participation roles they are in. One
    query per participation role with requirements, and one for the records."""
    ids = [p.pk for p in people]
    by_kind: dict[int, list[LearningRequirement]] = defaultdict(list)
    for r in requirements:
        if r.participation_role_id:
            by_kind[r.participation_role_id].append(r)
    applies: dict[int, list[LearningRequirement]] = defaultdict(list)
    for reqs in by_kind.values():
        kind = reqs[0].participation_role
        assert kind is not None
        inside = Participation.objects.filter(person_id__in=ids).filter(kind.matching())
        if current:
            inside = inside.filter(current_participations(today))
        for person_id in set(inside.values_list("person_id", flat=True)):
            applies[person_id].extend(reqs)
    accounts = {p.account_id: p.pk for p in people if p.account_id}
    latest = _latest_of(Q(person_id__in=ids) | Q(user_id__in=list(accounts)), {r.offer_id for r in requirements})
    found = []
    for p in people:
        done = dict(latest.get(("u", p.account_id), {})) if p.account_id else {}
        for offer_id, day in latest.get(("p", p.pk), {}).items():
            done[offer_id] = max(day, done.get(offer_id, day))
        found.append(Subject(p, [_standing(r, done.get(r.offer_id), today) for r in applies.get(p.pk, [])]))
    return found


def standings_of_staff(
    users: list[User], organisation_id: int, requirements: list[LearningRequirement], today: date
) -> list[Subject]:
    """Where each member of staff stands on the requirements of the roles they hold today. Two
    queries."""
    ids = [u.pk for u in users]
    held: dict[int, set[str]] = defaultdict(set)
    for user_id, role in (
        RoleAssignment.objects.current(today)
        .filter(membership__organisation_id=organisation_id, membership__user_id__in=ids)
        .values_list("membership__user_id", "role")
    ):
        held[user_id].add(role)
    latest = _latest_of(Q(user_id__in=ids) | Q(person__account_id__in=ids), {r.offer_id for r in requirements})
    found = []
    for u in users:
        done = dict(latest.get(("u", u.pk), {}))
        for offer_id, day in latest.get(("a", u.pk), {}).items():
            done[offer_id] = max(day, done.get(offer_id, day))
        mine = [r for r in requirements if r.staff_role and r.staff_role in held[u.pk]]
        found.append(Subject(u, [_standing(r, done.get(r.offer_id), today) for r in mine]))
    return found


def _latest_of(who: Q, offer_ids: set[int]) -> dict[tuple[str, int], dict[int, date]]:
    """The latest completion of each offer, by each user ("u"), person ("p"), and person's account
    ("a")."""
    found: dict[tuple[str, int], dict[int, date]] = defaultdict(dict)
    rows = (
        LearningRecord.objects.filter(who, offer_id__in=offer_ids)
        .values("user_id", "person_id", "person__account_id", "offer_id")
        .annotate(latest=Max("completed_on"))
        .order_by()
    )
    for row in rows:
        keys = [("u", row["user_id"])] if row["user_id"] else [("p", row["person_id"])]
        if row["person__account_id"]:
            keys.append(("a", row["person__account_id"]))
        for key in keys:
            known = found[key].get(row["offer_id"])
            found[key][row["offer_id"]] = max(row["latest"], known) if known else row["latest"]
    return found


def advice_for_participation(participation: Participation, today: date) -> list[str]:
    """What the person lacks for the role they were just recorded in (as recorded: a participation
    starting next month is advised about now). One sentence per requirement missing or expired."""
    person = participation.person
    requirements = [
        r
        for r in requirements_of(person.organisation_id)
        if r.participation_role is not None
        and Participation.objects.filter(pk=participation.pk).filter(r.participation_role.matching()).exists()
    ]
    if not requirements:
        return []
    (subject,) = standings_of_people([person], requirements, today, current=False)
    sentences = []
    for s in subject.standings:
        if s.state == State.MISSING:
            sentences.append(
                f"{person} has not done the {s.requirement.offer}, needed by every {s.requirement.target}."
            )
        elif s.state == State.EXPIRED and s.expires_on:
            sentences.append(
                f"{person}'s {s.requirement.offer} expired on {ukdate(s.expires_on)}; "
                f"it is needed by every {s.requirement.target}."
            )
    return sentences


def uptake_since(today: date) -> date:
    return today - timedelta(days=365)
