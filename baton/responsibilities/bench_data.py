"""The register at large-ICB scale, for benchmarks: the standard roles plus many local ones (each
place and programme of a large ICB has its own engagement leads, partner contacts and committee
links), each with a history of terms. Rows are written in bulk by bench/make_data.py's writer,
after the core data (see its `extra_generators`)."""

from __future__ import annotations

from datetime import timedelta

# Full-size volumes (scale 1.0): a large ICB's register (nine standard roles and local ones, such
# as place-based engagement leads and each local authority's Health and Wellbeing Board).
FULL = {"roles": 120, "terms_per_role": 8}
PLACES = ["North", "South", "East", "West", "Central", "Coast", "Valley", "City", "Riverside", "Moor"]
LOCAL = [
    ("hub", "Place engagement lead, {place}"),
    ("hub", "Programme engagement lead, {place}"),
    ("partner", "Healthwatch {place}"),
    ("partner", "Health and Wellbeing Board, {place}"),
    ("partner", "Overview and scrutiny committee, {place}"),
    ("partner", "VCSE alliance, {place}"),
]


def generate(ctx) -> dict[str, int]:
    from .models import HubRole, RoleHolder
    from .testing import ensure_standard_roles

    ensure_standard_roles()
    rng, today, org = ctx.rng, ctx.today, ctx.organisation
    n_roles = max(12, int(FULL["roles"] * ctx.scale))
    staff = [uid for ids in ctx.staff.values() for uid in ids]
    role_id, holder_id = ctx.writer.next_id(HubRole), ctx.writer.next_id(RoleHolder)
    roles, holders = [], []
    standard = list(HubRole.objects.standard().order_by("order"))
    names = [(s.kind, s.name, s.key, s.responsibilities, s.required) for s in standard]
    n = 0
    while len(names) < n_roles:
        kind, pattern = LOCAL[n % len(LOCAL)]
        place = PLACES[(n // len(LOCAL)) % len(PLACES)]
        suffix = f" {n // (len(LOCAL) * len(PLACES)) + 1}" if n >= len(LOCAL) * len(PLACES) else ""
        names.append((kind, pattern.format(place=place) + suffix, "", "Local engagement responsibilities.", True))
        n += 1
    for order, (kind, name, key, text, required) in enumerate(names[:n_roles], start=1):
        rid = role_id + order - 1
        roles.append(
            {
                "id": rid,
                "organisation_id": org.pk,
                "key": key,
                "name": name,
                "kind": kind,
                "responsibilities": text,
                "required": required,
                "order": order,
                "created_at": ctx.aware(today - timedelta(days=1500)),
            }
        )
        # A history of terms, oldest first, each followed by the next; about 1 role in 8 ends
        # vacant and 1 in 20 was never filled.
        if rng.random() < 0.05:
            continue
        start = today - timedelta(days=rng.randint(1500, 3000))
        terms = max(1, int(FULL["terms_per_role"] * rng.uniform(0.3, 1.0)))
        for t in range(terms):
            length = rng.randint(180, 720)
            last = t == terms - 1
            ends = None if last and rng.random() > 0.12 else start + timedelta(days=length)
            if ends is not None and ends >= today and not last:
                ends = None  # this term runs on today: it is the current one, the last
            if start > today:
                break
            outside = kind == "partner" or not staff or rng.random() < 0.2
            holders.append(
                {
                    "id": holder_id,
                    "role_id": rid,
                    "person_id": None if outside else rng.choice(staff),
                    "name": f"Holder {holder_id}" if outside else "",
                    "holder_organisation": name if outside else "",
                    "contact": "",
                    "starts_on": start,
                    "ends_on": ends,
                    "created_at": ctx.aware(start),
                }
            )
            holder_id += 1
            if ends is None:
                break
            start = ends + timedelta(days=1)
    return {
        "register_roles": ctx.writer.write(HubRole, roles),
        "role_holders": ctx.writer.write(RoleHolder, holders),
    }
