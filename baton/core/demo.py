"""The demo: a fictional ICB, North Riverside, with its people; each app then adds its share
(`<app>.demo.load(organisation, users)`, in INSTALLED_APPS order, bottom to top): the cycle's
programmes and their history, and what later areas bring. `baton demo` runs it."""

from __future__ import annotations

from django.db import transaction

from .models import AuditEvent, Membership, Organisation, Role, RoleAssignment, User
from .registry import app_module, baton_apps

DEMO_ODS = "QZZ"

PEOPLE = [
    ("ellie", "Ellie", "Evans", [Role.ENGAGEMENT_LEAD]),
    ("priya", "Priya", "Patel", [Role.PROGRAMME_LEAD]),
    ("sam", "Sam", "Okafor", [Role.PROGRAMME_LEAD]),
    ("larry", "Larry", "Lloyd", [Role.LAY_MEMBER, Role.BOARD_MEMBER]),
    ("bea", "Bea", "Brown", [Role.BOARD_MEMBER]),
    ("pat", "Pat", "Price", [Role.PATIENT_PARTNER]),
    ("admin", "Adam", "Admin", [Role.ADMIN]),
    ("fiona", "Fiona", "Fisher", [Role.FINANCE]),
]


def _member(user, organisation, roles) -> None:
    membership, _ = Membership.objects.get_or_create(user=user, organisation=organisation)
    for role in roles:
        RoleAssignment.objects.get_or_create(membership=membership, role=role)


def _demo_users(organisation, password):
    users = {}
    for username, first, last, roles in PEOPLE:
        user, _ = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@north-riverside.example"},
        )
        user.set_password(password)
        user.is_staff = Role.ADMIN in roles
        user.is_superuser = Role.ADMIN in roles
        user.save()
        _member(user, organisation, roles)
        users[username] = user
    # Oscar works for another ICB and must see nothing of this one.
    other, _ = Organisation.objects.get_or_create(
        ods_code="QYY", defaults={"name": "South Meadow ICB", "public_slug": "south-meadow"}
    )
    oscar, _ = User.objects.get_or_create(
        username="oscar", defaults={"first_name": "Oscar", "last_name": "Owen", "email": "oscar@south-meadow.example"}
    )
    oscar.set_password(password)
    oscar.save()
    _member(oscar, other, [Role.ENGAGEMENT_LEAD])
    users["oscar"] = oscar
    # Chris works for a commissioning support unit serving both ICBs: he chooses which at sign-in.
    chris, _ = User.objects.get_or_create(
        username="chris", defaults={"first_name": "Chris", "last_name": "Cole", "email": "chris@csu.example"}
    )
    chris.set_password(password)
    chris.save()
    _member(chris, organisation, [Role.PROGRAMME_LEAD])
    _member(chris, other, [Role.PROGRAMME_LEAD])
    users["chris"] = chris
    return users


def load_demo(password: str) -> list[tuple[str, str, str]]:
    """Create (once) the demo organisation and return (username, role, name) for each sign-in."""
    with transaction.atomic():
        organisation, _ = Organisation.objects.get_or_create(
            ods_code=DEMO_ODS,
            defaults={
                "name": "North Riverside ICB",
                "public_slug": "north-riverside",
                "type": Organisation.Type.ICB,
                "engagement_email": "engagement@north-riverside.example",
                "engagement_phone": "0300 123 4567",
                "engagement_contact": "We can send information in easy read, large print or another language, "
                "and arrange a BSL interpreter: just ask.",
            },
        )
        users = _demo_users(organisation, password)
        for config in baton_apps():
            module = app_module(config, "demo")
            if module is not None and module.__name__ != __name__ and hasattr(module, "load"):
                module.load(organisation, users)
    logins = []
    for username, first, last, roles in PEOPLE:
        logins.append((username, " and ".join(Role(r).label for r in roles), f"{first} {last}, {organisation.name}"))
    logins.append(("oscar", Role.ENGAGEMENT_LEAD.label, "Oscar Owen, South Meadow ICB (another organisation)"))
    logins.append(("chris", Role.PROGRAMME_LEAD.label, "Chris Cole, works for both ICBs (chooses at sign-in)"))
    assert AuditEvent.objects.filter(organisation=organisation).exists()
    return logins
