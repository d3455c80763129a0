"""The people register's share of the demo organisation: about forty people (members of the
public, patients, carers, patient leaders) with varied communication and access needs and consent
(some withdrawn), equality monitoring for most of those who consented, participation in the demo's
activities and, where the structures demo made them, membership of structures with attendance at
their meetings. Pat's demo account is linked to his own record. Built through the actions, as
staff would. Run by `baton demo` after the apps below (INSTALLED_APPS order)."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

FIRST = [
    "Aisha", "Bogdan", "Ceri", "Dev", "Efua", "Finn", "Grace", "Hamza", "Ines", "Jamal", "Kasia", "Leon",
    "Maya", "Nasser", "Olu", "Priti", "Quinn", "Rosa", "Sami", "Tomasz", "Uma", "Vik", "Wen", "Yusuf",
    "Zara", "Alfie", "Bea R", "Callum", "Dina", "Eli", "Fatima", "Gus", "Hana", "Ivy", "Joel", "Kemi",
    "Luca", "Mo",
]  # fmt: skip
LANGUAGES = ["Polish", "Urdu", "Bengali", "Romanian", "Arabic", "Somali"]
CODES = {
    "ethnic_category": ["A", "A", "A", "C", "H", "J", "K", "M", "N", "R", "Z"],
    "sex": ["1", "2", "2", "1", "Z"],
    "gender_identity": ["Y", "Y", "Y", "Z"],
    "sexual_orientation": ["1", "1", "1", "2", "3", "Z"],
    "disability": ["Y", "N", "N", "Z"],
    "religion": None,
    "age_band": None,
    "carer": ["Y", "N", "N"],
}


def load(organisation, users) -> None:
    """Build the demo register once (nothing if the organisation has people already)."""
    from baton.cycle.models import EngagementActivity
    from baton.structures.models import Structure

    from . import actions
    from .models import EqualityCode, Person, Purpose
    from .testing import ensure_equality_codes

    if Person.objects.for_org(organisation).exists():
        return
    ensure_equality_codes()
    rng = random.Random(11)
    ellie = users["ellie"]
    today = timezone.localdate()
    now = timezone.now()
    codes = {
        category: values or list(EqualityCode.objects.filter(category=category).values_list("code", flat=True))
        for category, values in CODES.items()
    }
    activities = list(EngagementActivity.objects.filter(stage_run__programme__organisation=organisation)[:12])
    structures = list(Structure.objects.for_org(organisation).prefetch_related("meetings")[:6])

    people = []
    kinds = ["public", "public", "patient", "patient", "carer", "patient_leader"]
    for n, first in enumerate(FIRST):
        needs = {
            "easy_read": n % 7 == 0,
            "bsl": n % 11 == 3,
            "large_print": n % 9 == 2,
            "hearing_loop": n % 8 == 5,
            "step_free": n % 6 == 1,
            "language": LANGUAGES[n % len(LANGUAGES)] if n % 5 == 4 else "",
            "other_needs": "Needs a quiet room and breaks every hour." if n == 12 else "",
        }
        contact = (
            {"email": f"{first.lower().replace(' ', '')}@example.org"} if n % 3 else {"phone": f"07700 900{n:03d}"}
        )
        person = actions.create_person(
            organisation,
            by=ellie,
            name=first if n % 4 else f"{first} (alias)",
            kind=kinds[n % len(kinds)],
            postcode=f"LS{n % 9 + 1} {n % 9 + 1}AB",
            **needs,
            **contact,
        )
        people.append(person)
        asked = now - timedelta(days=rng.randint(30, 500))
        actions.record_consent(person, purpose=Purpose.CONTACT_ACTIVITY, given=True, how="paper", by=ellie, at=asked)
        if n % 3 != 2:
            actions.record_consent(
                person, purpose=Purpose.FUTURE_OPPORTUNITIES, given=True, how="online", by=ellie, at=asked
            )
        if n % 10 == 7:  # changed their mind
            actions.record_consent(
                person,
                purpose=Purpose.FUTURE_OPPORTUNITIES,
                given=False,
                how="email",
                by=ellie,
                at=asked + timedelta(days=20),
            )
        if n % 5 != 3:
            actions.record_consent(
                person, purpose=Purpose.EQUALITY_MONITORING, given=True, how="paper", by=ellie, at=asked
            )
            answers: dict[str, object] = {
                c: rng.choice(values) for c, values in codes.items() if values and rng.random() < 0.85
            }
            answers["imd_decile"] = rng.randint(1, 10)
            actions.record_equality(person, answers, by=ellie)
        if n % 6 == 0:
            actions.record_consent(person, purpose=Purpose.NAMED_PUBLICLY, given=True, how="verbal", by=ellie, at=asked)

    pat = actions.create_person(
        organisation,
        by=ellie,
        name="Pat Price",
        kind="patient_leader",
        email="pat@north-riverside.example",
        large_print=True,
        account=users["pat"],
    )
    actions.record_consent(pat, purpose=Purpose.CONTACT_ACTIVITY, given=True, how="online", by=ellie)
    actions.record_consent(pat, purpose=Purpose.NAMED_PUBLICLY, given=True, how="online", by=ellie)
    people.append(pat)

    for n, activity in enumerate(activities):
        for person in rng.sample(people, k=min(len(people), 4 + n % 5)):
            start = activity.start_date
            actions.record_participation(
                person,
                by=ellie,
                activity=activity,
                role="Participant",
                role_level=1 + (n % 2),
                starts_on=start,
                ends_on=activity.end_date,
                hours=Decimal(rng.choice(["1.5", "2", "3", "6"])),
            )
    for n, structure in enumerate(structures):
        members = rng.sample(people[:-1], k=min(len(people) - 1, 7 + n))
        if n == 0:
            members.append(pat)
        for i, person in enumerate(members):
            ended = i == 1
            actions.record_participation(
                person,
                by=ellie,
                structure=structure,
                role="Chair" if i == 0 else "Member",
                role_level=4 if i == 0 else 3 if person is pat else 2,
                starts_on=today - timedelta(days=rng.randint(200, 700)),
                ends_on=today - timedelta(days=rng.randint(10, 150)) if ended else None,
            )
        for meeting in [m for m in structure.meetings.all() if m.held_on <= today][:3]:
            for i, person in enumerate(members):
                status = "attended" if i % 4 else ("apologies" if i % 8 == 0 else "absent")
                actions.record_attendance(
                    meeting, person, status=status, hours=Decimal(2) if status == "attended" else None, by=ellie
                )
    from .demo_taking_part import load_taking_part

    load_taking_part(organisation, users)
