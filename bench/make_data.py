"""Fill a database with one large Integrated Care Board, for benchmarks and load tests.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/baton_bench \\
        .venv/bin/python bench/make_data.py --scale 1.0 --seed 1

At --scale 1.0 (see FULL below): 40 programmes, 5,000 hand-overs (so about 5,150 stage runs),
20,000 engagement activities, 250,000 insight items, 300 staff, and an audit event for each
record and for each change the later features record (publishing, queries and answers, a reason
for no hand-over). Deterministic: the same --seed and --today give the same data. Rows are
written in bulk: COPY on PostgreSQL (psycopg's cursor.copy), bulk_create in batches elsewhere
(SQLite).

The shape is realistic rather than uniform:
- each programme is one chain of stage runs going round the Cycle (monitor goes back to improve,
  sometimes to needs or plan); programmes end in all five stages;
- a hand-over joins each run to the next (one outgoing per run, one incoming per run); all but the
  last are accepted and their runs closed; the last is accepted (sometimes with the run it left
  not closed yet), awaiting acceptance or queried, some of those past the organisation's 30-day
  limit (overdue: dropped batons);
- each hand-over's conversation (HandoverMessage): every queried one has its query (some a second
  round); about a third of those awaiting acceptance were queried and answered, and about 8% of
  the accepted ones were queried and answered before they were accepted;
- some runs were closed without a hand-over; an engagement lead recorded why none was needed for
  about 40% of them (`no_handover_reason`), the rest are dropped batons; a few closed runs were
  reopened once (`reopen_reason`);
- insight is carried forward by hand-overs (the many-to-many), answered or closed with its
  resolution (who, when, what), and some is left open in a closed run without being carried
  (dropped insight);
- about half the programmes are published (some with a draft changed since), a few have a draft
  summary never published;
- roles are dated (RoleAssignment): a few staff hold two at once, a few held another before;
- bench.ellie and bench.priya are busy: hand-overs wait for them, they sent some that wait or were
  queried, they own open runs (some of which can close now), so their hub's "my work" is full.

People (participants, 50,000 at full scale) come with the Person model in a later issue: any app
may add a `bench_data.py` with `generate(ctx) -> dict[str, int]`, which is called after the core
data (see `extra_generators`). Until then people are reported as skipped.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import math
import os
import random
import sys
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as dtime
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# Full-size volumes (--scale 1.0). Stage runs follow from the hand-overs: each run has at most one
# outgoing and one incoming hand-over, so a programme with h hand-overs and b breaks (runs closed
# without a hand-over) has h + b + 1 runs.
FULL = {
    "programmes": 40,
    "handovers": 5_000,
    "activities": 20_000,
    "insight": 250_000,
    "staff": 300,
    "people": 50_000,
}
# Smallest sizes, so that a tiny scale still has every shape (all five stages, overdue, dropped).
MINIMUM = {"programmes": 5, "handovers": 10, "activities": 20, "insight": 100, "staff": 12, "people": 0}

BENCH_PASSWORD = "baton-bench-2026"
# Named accounts for benchmarks and the load test, one per role.
BENCH_ACCOUNTS = [
    ("bench.ellie", "engagement_lead", "Ellie", "Evans"),
    ("bench.priya", "programme_lead", "Priya", "Patel"),
    ("bench.larry", "lay_member", "Larry", "Lloyd"),
    ("bench.bea", "board_member", "Bea", "Brown"),
    ("bench.pat", "patient_partner", "Pat", "Price"),
    ("bench.adam", "admin", "Adam", "Admin"),
]
# The second role of someone who holds two at once.
SECOND_ROLE = {
    "lay_member": "board_member",
    "board_member": "lay_member",
    "engagement_lead": "admin",
    "programme_lead": "engagement_lead",
    "patient_partner": "lay_member",
    "admin": "engagement_lead",
}
STAFF_ROLES = [
    ("programme_lead", 0.35),
    ("engagement_lead", 0.25),
    ("lay_member", 0.1),
    ("board_member", 0.1),
    ("patient_partner", 0.18),
    ("admin", 0.02),
]

CONDITIONS = [
    "diabetes",
    "dementia",
    "maternity",
    "mental health",
    "stroke",
    "cancer",
    "respiratory",
    "frailty",
    "learning disability",
    "urgent care",
    "children's services",
    "cardiology",
    "musculoskeletal",
    "end of life care",
    "eye care",
    "autism",
    "substance misuse",
    "sexual health",
    "dermatology",
    "renal",
]
AREAS = ["North", "South", "East", "West", "Central", "Riverside", "Coastal", "Valley"]
KINDS = [
    "pathway redesign",
    "service review",
    "community services",
    "access programme",
    "transformation",
    "recommissioning",
    "integrated care",
    "prevention programme",
]
FIRST = [
    "Amara",
    "Ben",
    "Chloe",
    "Dev",
    "Erin",
    "Farah",
    "George",
    "Hana",
    "Imran",
    "Jess",
    "Kofi",
    "Lena",
    "Mo",
    "Nia",
    "Owen",
    "Priti",
    "Quinn",
    "Rosa",
    "Sam",
    "Tariq",
    "Uma",
    "Viktor",
    "Wen",
    "Yusuf",
    "Zoe",
]
LAST = [
    "Adams",
    "Begum",
    "Clarke",
    "Davies",
    "Evans",
    "Farouk",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Morgan",
    "Nowak",
    "Okafor",
    "Patel",
    "Roberts",
    "Singh",
    "Taylor",
    "Walker",
    "Wright",
    "Young",
]
THEMES = [
    "access",
    "waiting times",
    "communication",
    "staff attitude",
    "continuity of care",
    "transport",
    "digital exclusion",
    "cost of living",
    "interpreters",
    "carers' support",
    "discharge",
    "information",
    "appointments",
    "involvement in decisions",
    "environment",
    "safety",
    "dignity",
    "food",
    "pain management",
]
SEGMENTS = [
    "carers",
    "young people",
    "older people",
    "people with a learning disability",
    "homeless people",
    "Gypsy, Roma and Traveller communities",
    "refugees and asylum seekers",
    "deaf people",
    "veterans",
    "people in the most deprived 20% of areas",
    "new parents",
    "people with long-term conditions",
]
PARTNERS = ["Healthwatch", "Riverside Council", "Age UK", "Mind", "Carers Trust", "Citizens Advice", "Local trust"]
ACCESSIBILITY = [
    "Interpreters booked",
    "Easy read materials",
    "Step-free venue",
    "BSL interpreter",
    "Hearing loop",
    "Online and in person",
    "Travel costs paid",
]
PHRASES = [
    "people wait too long for a first appointment",
    "letters arrive after the appointment date",
    "the phone line is hard to get through",
    "staff explained things clearly",
    "parking costs put people off",
    "carers are not told about discharge",
    "online booking leaves some people out",
    "people want evening clinics",
    "interpreters were not available",
    "the new service is easier to reach",
    "follow-up was not arranged",
    "people felt listened to",
    "information is not in easy read",
    "transport to the hub is difficult",
    "people did not know the service existed",
]
QUERIES = [
    "Please add the survey results before I accept.",
    "Which groups did we not reach? The summary does not say.",
    "Can you attach the notes from the focus groups?",
    "Two of the open actions have no owner: who takes them?",
    "The insight about transport is not carried forward: was that intended?",
    "What did the patient partners say about the options?",
    "Is the budget for the next stage agreed?",
]
ANSWERS = [
    "Added the survey results to the summary.",
    "Carers and young people; see the updated summary.",
    "The notes are in the shared folder; linked in the summary now.",
    "Both actions are mine until the next stage starts.",
    "Yes: it was answered in this stage. Carried forward now anyway.",
    "They preferred option two; added to the summary.",
    "Agreed at the programme board last week.",
]
ANSWERED = [
    "Answered in the stage's report.",
    "Evening clinics added to the plan from April.",
    "Shared with the provider, who changed the letter template.",
    "Transport costs now reimbursed; added to the patient leaflet.",
    "Interpreters booked through the new contract.",
    "Easy read version published.",
    "Fed into the service specification.",
]
CLOSED_BECAUSE = [
    "Out of scope for this programme.",
    "Duplicate of an earlier item.",
    "Passed to the trust's PALS team, who answer it.",
    "Not enough evidence to act on: noted for the next survey.",
    "Covered by the national programme.",
]
NO_HANDOVER_REASONS = [
    "The programme was paused by the board; nothing to hand on.",
    "Recorded before Baton: the hand-over was done on paper.",
    "Merged into another programme's needs assessment.",
    "Stopped: the service was decommissioned.",
    "Repeated the stage with a new scope instead of handing over.",
]
REOPEN_REASONS = [
    "To correct an activity's reach.",
    "An insight item was recorded against the wrong stage.",
    "To add the last survey's results.",
]
METHODS = [
    "survey",
    "focus_group",
    "citizens_panel",
    "codesign",
    "consultation",
    "monitoring_visit",
    "public_meeting",
    "outreach",
    "interviews",
    "other",
]
LADDER = ["inform", "consult", "involve", "collaborate", "devolve"]
SOURCES = ["activity", "complaint", "pals", "healthwatch", "fft", "provider", "survey", "other"]
# Who hands over to whom (cycle/stages.py hands_to), read backwards to build chains ending anywhere.
PREDECESSORS = {
    "needs": ["monitor"],
    "plan": ["needs", "monitor"],
    "improve": ["plan", "monitor", "monitor"],
    "procure": ["improve"],
    "monitor": ["procure"],
}
STAGES = ["needs", "plan", "improve", "procure", "monitor"]


def scaled(name: str, scale: float) -> int:
    if FULL[name] == 0:
        return 0
    return max(MINIMUM[name], round(FULL[name] * scale))


# Writing rows ----------------------------------------------------------------------------------------


class Writer:
    """Writes rows (dicts of column attname -> value, primary key included) in bulk: COPY on
    PostgreSQL, bulk_create in batches elsewhere. Primary keys are chosen here, so relations can be
    built without reading anything back."""

    def __init__(self, batch_size: int = 2_000, copy: bool | None = None):
        from django.db import connection

        self.connection = connection
        self.copy = connection.vendor == "postgresql" if copy is None else copy
        self.batch_size = batch_size
        self.written: list = []

    def next_id(self, model) -> int:
        from django.db.models import Max

        return (model._default_manager.aggregate(m=Max("pk"))["m"] or 0) + 1

    def write(self, model, rows) -> int:
        columns = [f.attname for f in model._meta.concrete_fields]
        # A column a row leaves out takes the field's default, as bulk_create would give it.
        defaults = {f.attname: f.get_default() for f in model._meta.concrete_fields if f.attname != "id"}
        count = 0
        if self.copy:
            table = self.connection.ops.quote_name(model._meta.db_table)
            cols = ", ".join(self.connection.ops.quote_name(f.column) for f in model._meta.concrete_fields)
            json_cols = {i for i, f in enumerate(model._meta.concrete_fields) if f.get_internal_type() == "JSONField"}
            with self.connection.cursor() as cursor:
                raw = cursor.cursor  # psycopg's own cursor under Django's wrapper
                # A row that leaves its key out gets the next one, as bulk_create would give it
                # (read before COPY starts: nothing else can run on the connection during it).
                pk, next_pk = model._meta.pk.attname, self.next_id(model)
                with raw.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                    for row in rows:
                        if row.get(pk) is None:
                            row = {**row, pk: next_pk}
                            next_pk += 1
                        elif row[pk] >= next_pk:
                            next_pk = row[pk] + 1
                        values = [row[c] if c in row else defaults.get(c) for c in columns]
                        for i in json_cols:
                            if values[i] is not None:
                                values[i] = json.dumps(values[i])
                        copy.write_row(values)
                        count += 1
        else:
            batch = []
            for row in rows:
                batch.append(model(**row))
                if len(batch) >= self.batch_size:
                    model._default_manager.bulk_create(batch)
                    count += len(batch)
                    batch = []
            if batch:
                model._default_manager.bulk_create(batch)
                count += len(batch)
        self.written.append(model)
        return count

    def reset_sequences(self) -> None:
        """After COPY with explicit ids, move each table's id sequence past them."""
        if self.connection.vendor != "postgresql":
            return
        from django.core.management.color import no_style

        sql = self.connection.ops.sequence_reset_sql(no_style(), list(dict.fromkeys(self.written)))
        with self.connection.cursor() as cursor:
            for statement in sql:
                cursor.execute(statement)


@contextlib.contextmanager
def historical_timestamps(*models):
    """Let rows keep the created_at we give them: auto_now(_add) would stamp every row 'now'."""
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


# The generator ----------------------------------------------------------------------------------


@dataclass
class Context:
    """What extra generators (an app's bench_data.generate) get: the organisation, the seeded random
    source, the scale, 'today', the writer, the staff by role and what has been made so far."""

    rng: random.Random
    scale: float
    today: date
    writer: Writer
    organisation: object = None
    staff: dict[str, list[int]] = field(default_factory=dict)
    programme_ids: list[int] = field(default_factory=list)
    run_ids: list[int] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    log: object = None

    def keeping_timestamps(self, *models):
        """For an app's writes: its rows keep the created_at (and updated_at) it gives them."""
        return historical_timestamps(*models)

    def aware(self, day: date, hour: int = 10) -> datetime:
        from django.utils import timezone

        return timezone.make_aware(datetime.combine(day, dtime(hour, self.rng.randrange(60))))


def generate(
    *,
    scale: float = 1.0,
    seed: int = 1,
    today: date | None = None,
    ods_code: str = "QBN",
    log=None,
    copy: bool | None = None,
) -> dict[str, int]:
    """Make the data in one transaction and return the number of rows of each kind."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from baton.core.models import AuditEvent, Membership, Organisation, RoleAssignment, User
    from baton.cycle.models import EngagementActivity, Handover, HandoverMessage, InsightItem, Programme, StageRun

    if Organisation.objects.filter(ods_code=ods_code).exists():
        raise SystemExit(f"Organisation {ods_code} already exists: use a fresh database (or another --ods-code).")
    today = today or date.today()
    log = log or _print
    rng = random.Random(seed)
    writer = Writer(copy=copy)
    ctx = Context(rng=rng, scale=scale, today=today, writer=writer, log=log)
    timings: dict[str, float] = {}

    def step(name, started):
        timings[name] = time.perf_counter() - started
        log(f"  {name:<14} {ctx.counts.get(name, 0):>9,} rows  {timings[name]:6.1f} s")

    n = {name: scaled(name, scale) for name in FULL}
    log(
        f"Making a large ICB at scale {scale} (seed {seed}, today {today}) on {writer.connection.vendor}"
        f"{' with COPY' if writer.copy else ' with bulk_create'}"
    )
    all_started = time.perf_counter()
    with transaction.atomic(), historical_timestamps(Programme, StageRun, EngagementActivity, InsightItem, AuditEvent):
        org = Organisation.objects.create(
            name="Bench Large ICB",
            ods_code=ods_code,
            public_slug=f"bench-{ods_code.lower()}",
            type=Organisation.Type.ICB,
        )
        ctx.organisation = org
        audit_rows: list[dict] = []
        audit_id = writer.next_id(AuditEvent)

        def audit(model_label, object_id, repr_, created_at, actor_id, after, *, action="bench_data", before=None):
            """One audit event: a "create" (the record made), or with `before` an "update" by the
            action named, as the actions record them."""
            nonlocal audit_id
            audit_rows.append(
                {
                    "id": audit_id,
                    "organisation_id": org.pk,
                    "actor_id": actor_id,
                    "verb": "create" if before is None else "update",
                    "action": action,
                    "model": model_label,
                    "object_id": str(object_id),
                    "object_repr": repr_[:200],
                    "before": before,
                    "after": after,
                    "deleted_rows": None,
                    "restored_at": None,
                    "created_at": created_at,
                }
            )
            audit_id += 1

        # Staff ---------------------------------------------------------------------------------
        started = time.perf_counter()
        password = make_password(BENCH_PASSWORD)  # hashed once; every bench account shares it
        user_id, membership_id = writer.next_id(User), writer.next_id(Membership)
        role_id = writer.next_id(RoleAssignment)
        users, memberships, roles = [], [], []
        named = {}  # username -> user id
        joined = ctx.aware(today - timedelta(days=3 * 365))
        accounts = list(BENCH_ACCOUNTS)
        weights = [w for _, w in STAFF_ROLES]
        for i in range(n["staff"] - len(accounts)):
            role = rng.choices([r for r, _ in STAFF_ROLES], weights)[0]
            accounts.append((f"bench.staff{i + 1:04d}", role, rng.choice(FIRST), rng.choice(LAST)))
        # Dated roles (core.RoleAssignment): a few staff hold two roles at once (a lay member who also
        # sits on the board, an engagement lead who is also an administrator...), and a few held
        # another role before the one they hold now. The bench.* accounts keep one role each.
        staff_indices = list(range(len(BENCH_ACCOUNTS), len(accounts)))
        n_two = min(len(staff_indices), max(2, round(0.04 * n["staff"])))
        two_roles = set(rng.sample(staff_indices, n_two))
        n_past = min(len(staff_indices), max(1, round(0.05 * n["staff"])))
        past_roles = set(rng.sample(staff_indices, n_past))
        for index, (username, role, first, last_name) in enumerate(accounts):
            held: list[tuple[str, date | None, date | None]] = [(role, None, None)]
            if index in past_roles:
                ended = today - timedelta(days=rng.randint(60, 700))
                earlier = rng.choice([r for r, _ in STAFF_ROLES if r != role])
                held = [
                    (earlier, ended - timedelta(days=rng.randint(200, 1500)), ended),
                    (role, ended + timedelta(days=1), None),
                ]
            if index in two_roles:
                held.append((SECOND_ROLE[role], today - timedelta(days=rng.randint(30, 900)), None))
            users.append(
                {
                    "id": user_id,
                    "password": password,
                    "last_login": None,
                    "is_superuser": False,
                    "username": f"{username}.{ods_code.lower()}" if ods_code != "QBN" else username,
                    "first_name": first,
                    "last_name": last_name,
                    "email": f"{username}.{ods_code.lower()}@bench.example.nhs.uk",
                    "is_staff": False,
                    "is_active": True,
                    "date_joined": joined,
                }
            )
            memberships.append({"id": membership_id, "user_id": user_id, "organisation_id": org.pk})
            for held_role, starts_on, ends_on in held:
                roles.append(
                    {
                        "id": role_id,
                        "membership_id": membership_id,
                        "role": held_role,
                        "starts_on": starts_on,
                        "ends_on": ends_on,
                        "created_at": ctx.aware(starts_on) if starts_on else joined,
                    }
                )
                role_id += 1
                if ends_on is None:  # held today
                    ctx.staff.setdefault(held_role, []).append(user_id)
            named[username] = user_id
            user_id += 1
            membership_id += 1
        ctx.counts["staff"] = writer.write(User, users)
        writer.write(Membership, memberships)
        ctx.counts["role_assignments"] = writer.write(RoleAssignment, roles)
        step("staff", started)
        leads = ctx.staff["programme_lead"]
        owners = list(dict.fromkeys(ctx.staff["programme_lead"] + ctx.staff["engagement_lead"]))
        engagement_leads = ctx.staff["engagement_lead"]

        # Programmes ------------------------------------------------------------------------------
        started = time.perf_counter()
        programme_id = writer.next_id(Programme)
        programmes: list[dict[str, Any]] = []
        names = set()
        # What the public pages show: about half the programmes published (some with a draft changed
        # since, not yet republished), a few with a draft summary never published, the rest none.
        publicity = (
            ["published"] * round(0.45 * n["programmes"])
            + ["changed"] * max(1, round(0.08 * n["programmes"]))
            + ["draft"] * max(1, round(0.07 * n["programmes"]))
        )
        publicity = (publicity + ["none"] * n["programmes"])[: n["programmes"]]
        rng.shuffle(publicity)
        for p_index in range(n["programmes"]):
            while True:
                condition = rng.choice(CONDITIONS)
                name = f"{rng.choice(AREAS)} {condition} {rng.choice(KINDS)}"
                if name not in names:
                    names.add(name)
                    break
            created = ctx.aware(today - timedelta(days=rng.randint(3 * 365, 8 * 365)))
            row: dict[str, Any] = {
                "id": programme_id,
                "version": 1,
                "organisation_id": org.pk,
                "name": name,
                "description": f"Engagement on {condition} services across the {name.split()[0].lower()} of the area.",
                "lead_id": rng.choice(leads),
                "condition": condition,
                "budget_line": f"ENG-{rng.randint(1000, 9999)}",
                "public_summary": "",
                "created_at": created,
                "published_at": None,
                "updated_at": created,
            }
            ctx.programme_ids.append(programme_id)
            audit("cycle.programme", programme_id, name, created, row["lead_id"], {"name": name})
            if publicity[p_index] != "none":
                row["public_summary"] = (
                    f"We are asking people in the {name.split()[0].lower()} of the area about {condition} services: "
                    f"{rng.choice(PHRASES)}, and {rng.choice(PHRASES)}. Tell us what you think."
                )
            if publicity[p_index] in ("published", "changed"):
                # Published by an engagement lead after a preview, as the summary then stood.
                published_at = ctx.aware(min(today, created.date() + timedelta(days=rng.randint(20, 400))), 14)
                publisher = rng.choice(engagement_leads)
                row.update(
                    published_summary=row["public_summary"],
                    published_at=published_at,
                    published_by_id=publisher,
                    updated_at=published_at,
                    version=2,
                )
                audit(
                    "cycle.programme",
                    programme_id,
                    name,
                    published_at,
                    publisher,
                    {"published_summary": row["public_summary"], "published_at": published_at.isoformat()},
                    action="publish_programme",
                    before={"published_summary": "", "published_at": None},
                )
                if publicity[p_index] == "changed":  # the draft moved on; the public still sees the old one
                    row["public_summary"] += f" Since then: {rng.choice(PHRASES)}."
                    row["updated_at"] = ctx.aware(min(today, published_at.date() + timedelta(days=rng.randint(1, 90))))
                    row["version"] = 3
            programmes.append(row)
            programme_id += 1
        ctx.counts["programmes"] = writer.write(Programme, programmes)
        step("programmes", started)

        # Stage runs and hand-overs ---------------------------------------------------------------
        started = time.perf_counter()
        # Breaks: runs closed without a hand-over (about 2% of transitions), and a tenth of programmes
        # whose last run was closed without one.
        n_breaks = max(1, round(n["handovers"] * 0.02))
        handovers_per = _split(rng, n["handovers"], n["programmes"])
        breaks_per = _split(rng, n_breaks, n["programmes"])
        run_id, handover_id = writer.next_id(StageRun), writer.next_id(Handover)
        runs: list[dict[str, Any]] = []
        handovers: list[dict[str, Any]] = []
        # run id -> (programme id, stage, status, opened_on, closed_on)
        run_info: dict[int, tuple[int, str, str, date | None, date | None]] = {}
        handover_of_run: dict[int, dict[str, Any]] = {}  # from run id -> handover row
        run_programme_name = {}  # run id -> its programme's name
        # How each programme ends: its last hand-over accepted (the last run open), awaiting
        # acceptance (past the 30-day limit or not), queried, accepted but the run it left not
        # closed yet ("to_close"), or its last run closed without one.
        share = {"overdue": 0.15, "pending": 0.1, "queried": 0.1, "closed": 0.1, "to_close": 0.1}
        endings = [e for e, f in share.items() for _ in range(max(1, round(f * n["programmes"])))]
        endings = (endings + ["accepted"] * n["programmes"])[: n["programmes"]]
        rng.shuffle(endings)
        for p_index, programme in enumerate(programmes):
            h, b = handovers_per[p_index], breaks_per[p_index]
            n_runs = h + b + 1
            # Walk backwards from the stage this programme ends in, so that programmes end in all five.
            stages_back = [STAGES[p_index % 5]]
            for _ in range(n_runs - 1):
                stages_back.append(rng.choice(PREDECESSORS[stages_back[-1]]))
            chain = stages_back[::-1]
            kinds = ["handover"] * h + ["break"] * b
            rng.shuffle(kinds)  # what joins run i to run i + 1
            ending = endings[p_index]
            if ending in ("overdue", "pending", "queried", "to_close") and "handover" in kinds and kinds[-1] == "break":
                kinds.remove("handover")
                kinds.append("handover")  # the last link is the hand-over still waiting (or just accepted)
            elif ending in ("overdue", "pending", "queried", "to_close") and kinds and kinds[-1] == "break":
                ending = "accepted"
            if ending == "overdue":
                end, ending = today - timedelta(days=rng.randint(31, 150)), "pending"
            elif ending in ("pending", "queried"):
                end = today - timedelta(days=rng.randint(1, 25))
            else:
                end = today - timedelta(days=rng.randint(0, 20))
            start = programme["created_at"].date() + timedelta(days=rng.randint(0, 30))
            span = max((end - start).days, n_runs * 2)
            start = end - timedelta(days=span)
            bounds = [start + timedelta(days=round(span * k / n_runs)) for k in range(n_runs + 1)]
            first_run = run_id
            for k, stage in enumerate(chain):
                last = k == n_runs - 1
                opened: date | None = bounds[k]
                closed: date | None = bounds[k + 1]
                status = "closed"
                if last:
                    status = "closed" if ending == "closed" else "open"
                    closed = closed if status == "closed" else None
                elif k == n_runs - 2 and kinds[k] == "handover" and ending in ("pending", "queried", "to_close"):
                    status, closed = "open", None  # waiting for its hand-over to be accepted, or to close
                if last and k > 0 and kinds[k - 1] == "handover" and ending in ("pending", "queried"):
                    status, opened, closed = "planned", None, None
                owner = rng.choice(owners)
                runs.append(
                    {
                        "id": run_id,
                        "version": 1,
                        "programme_id": programme["id"],
                        "stage": stage,
                        "owner_id": owner,
                        "status": status,
                        "opened_on": opened,
                        "closed_on": closed,
                        "created_at": ctx.aware(bounds[k] - timedelta(days=1 if k else 0)),
                    }
                )
                run_info[run_id] = (programme["id"], stage, status, opened, closed)
                run_programme_name[run_id] = programme["name"]
                ctx.run_ids.append(run_id)
                audit(
                    "cycle.stagerun",
                    run_id,
                    f"{programme['name']}: {stage}",
                    runs[-1]["created_at"],
                    owner,
                    {"stage": stage},
                )
                run_id += 1
            for k, kind in enumerate(kinds):
                if kind != "handover":
                    continue
                from_run, to_run = runs[-n_runs + k], runs[-n_runs + k + 1]
                status = "accepted"
                responded: datetime | None
                if k == n_runs - 2 and ending in ("pending", "queried"):
                    status = ending
                if status == "accepted":
                    created = ctx.aware(max(bounds[k], bounds[k + 1] - timedelta(days=rng.randint(1, 10))))
                    responded = ctx.aware(bounds[k + 1], 15)
                else:
                    created = ctx.aware(end, 9)  # awaiting acceptance since `end`: overdue past 30 days
                    responded = ctx.aware(min(today, end + timedelta(days=3)), 16) if status == "queried" else None
                row = {
                    "id": handover_id,
                    "version": 1,
                    "from_run_id": from_run["id"],
                    "to_stage": to_run["stage"],
                    "to_run_id": to_run["id"],
                    "next_owner_id": to_run["owner_id"],
                    "summary": f"What {from_run['stage']} learned: {rng.choice(PHRASES)}; {rng.choice(PHRASES)}.",
                    "open_actions": "\n".join(f"Follow up: {rng.choice(PHRASES)}" for _ in range(rng.randint(0, 3))),
                    "status": status,
                    "created_by_id": from_run["owner_id"],
                    "created_at": created,
                    "responded_at": responded,
                    "responded_by_id": to_run["owner_id"] if responded else None,
                }
                handovers.append(row)
                handover_of_run[from_run["id"]] = row
                audit(
                    "cycle.handover",
                    handover_id,
                    f"Hand-over from {from_run['stage']} to {to_run['stage']}",
                    created,
                    from_run["owner_id"],
                    {"to_stage": to_run["stage"]},
                )
                handover_id += 1
            assert run_id - first_run == n_runs
        # The named accounts are busy people: bench.ellie and bench.priya are the next owners of some
        # hand-overs waiting for acceptance, sent some of the waiting and queried ones, and own some
        # open runs (some of which can close now), so the hub's "my work" lists are full for them.
        busy = [named["bench.ellie"], named["bench.priya"]]
        run_by_id = {r["id"]: r for r in runs}
        for i, ho in enumerate(ho for ho in handovers if ho["status"] == "pending"):
            if i % 3 < 2:  # waiting for them to accept
                ho["next_owner_id"] = run_by_id[ho["to_run_id"]]["owner_id"] = busy[i % 3]
            else:  # sent by them, waiting for someone else
                ho["created_by_id"] = run_by_id[ho["from_run_id"]]["owner_id"] = busy[(i // 3) % 2]
        for i, ho in enumerate(ho for ho in handovers if ho["status"] == "queried"):
            if i % 3 < 2:  # sent by them and queried: theirs to answer
                ho["created_by_id"] = run_by_id[ho["from_run_id"]]["owner_id"] = busy[i % 3]
        for i, run in enumerate(r for r in runs if r["status"] == "open"):
            if i % 3 < 2 and (run["id"] not in handover_of_run or handover_of_run[run["id"]]["status"] == "accepted"):
                run["owner_id"] = busy[i % 3]
        # Runs closed without a hand-over: an engagement lead recorded why none was needed for about
        # 40% (no longer a dropped baton), always leaving at least one dropped. A few closed runs
        # were reopened once (to correct something) and closed again.
        unhanded = [r for r in runs if r["status"] == "closed" and r["id"] not in handover_of_run]
        n_excused = min(len(unhanded) - 1, max(1, round(0.4 * len(unhanded))))
        for run in rng.sample(unhanded, max(0, n_excused)):
            run["no_handover_reason"] = rng.choice(NO_HANDOVER_REASONS)
            run["version"] += 1
            lead = rng.choice(engagement_leads)
            audit(
                "cycle.stagerun",
                run["id"],
                f"{run_programme_name[run['id']]}: {run['stage']}",
                ctx.aware(min(today, run["closed_on"] + timedelta(days=rng.randint(1, 60))), 11),
                lead,
                {"no_handover_reason": run["no_handover_reason"]},
                action="excuse_stage_run",
                before={"no_handover_reason": ""},
            )
        for run in rng.sample([r for r in runs if r["status"] == "closed"], max(1, round(0.01 * len(runs)))):
            run["reopen_reason"] = rng.choice(REOPEN_REASONS)
            run["version"] += 2  # reopened, then closed again
        ctx.counts["runs"] = writer.write(StageRun, runs)

        # The conversation on hand-overs (HandoverMessage): every queried hand-over has its query
        # (some a second round: query, answer, query again); about a third of those awaiting
        # acceptance were queried and answered (so back to awaiting), and about 8% of accepted ones
        # were queried and answered before they were accepted.
        message_id = writer.next_id(HandoverMessage)
        messages = []

        def say(handover, kind, at, author):
            nonlocal message_id
            text = rng.choice(QUERIES if kind == "query" else ANSWERS)
            messages.append(
                {
                    "id": message_id,
                    "handover_id": handover["id"],
                    "kind": kind,
                    "text": text,
                    "author_id": author,
                    "created_at": at,
                }
            )
            repr_ = f"{'Query' if kind == 'query' else 'Answer'} on hand-over {handover['id']}"
            audit("cycle.handovermessage", message_id, repr_, at, author, {"kind": kind, "text": text})
            message_id += 1
            status = "queried" if kind == "query" else "pending"
            audit(
                "cycle.handover",
                handover["id"],
                f"Hand-over {handover['id']}",
                at,
                author,
                {"status": status},
                action="query_handover" if kind == "query" else "answer_query",
                before={"status": "pending" if kind == "query" else "queried"},
            )
            handover["version"] += 1

        def some(status, share):
            """Ids of about `share` of the hand-overs in `status`, at least one when there are any."""
            ids = [h["id"] for h in handovers if h["status"] == status]
            return set(rng.sample(ids, min(len(ids), max(1, round(share * len(ids))))))

        queried_twice, answered_waiting, answered_accepted = (
            some("queried", 0.3),
            some("pending", 0.35),
            some("accepted", 0.08),
        )
        for row in handovers:
            sender, receiver, created = row["created_by_id"], row["next_owner_id"], row["created_at"]
            if row["status"] == "queried":
                rounds = ["query", "answer", "query"] if row["id"] in queried_twice else ["query"]
                end = row["responded_at"]
            elif row["id"] in answered_waiting:
                rounds, end = ["query", "answer"], ctx.aware(today - timedelta(days=1), 18)
            elif row["id"] in answered_accepted:
                rounds, end = ["query", "answer"], row["responded_at"]
            else:
                continue
            span = max(60, int((end - created).total_seconds()))
            moments = sorted(created + timedelta(seconds=rng.randint(1, span - 1)) for _ in rounds)
            if row["status"] == "queried":
                moments[-1] = end  # the last query is the hand-over's response
            for kind, at in zip(rounds, moments, strict=True):
                say(row, kind, at, receiver if kind == "query" else sender)
            if row["status"] == "pending":  # queried, then answered: awaiting acceptance again
                row["responded_at"], row["responded_by_id"] = moments[0], receiver
        ctx.counts["handovers"] = writer.write(Handover, handovers)
        ctx.counts["handover_messages"] = writer.write(HandoverMessage, messages)
        step("runs", started)
        log(f"  {'handovers':<14} {ctx.counts['handovers']:>9,} rows")
        log(f"  {'messages':<14} {ctx.counts['handover_messages']:>9,} rows")

        # Activities ------------------------------------------------------------------------------
        started = time.perf_counter()
        live_runs = [r for r in runs if r["status"] != "planned"]  # a run awaiting hand-over has not started
        activity_id = writer.next_id(EngagementActivity)
        activities_of_run: dict[int, list[int]] = {}

        def activity_rows():
            nonlocal activity_id
            for _ in range(n["activities"]):
                run = rng.choice(live_runs)
                first_day, last_day = run["opened_on"], run["closed_on"] or today
                start_day = first_day + timedelta(days=rng.randint(0, max(0, (last_day - first_day).days)))
                method = rng.choice(METHODS)
                row = {
                    "id": activity_id,
                    "version": 1,
                    "stage_run_id": run["id"],
                    "title": f"{method.replace('_', ' ').capitalize()} with {rng.choice(SEGMENTS)}",
                    "method": method,
                    "ladder_level": rng.choice(LADDER),
                    "target_groups": ", ".join(rng.sample(SEGMENTS, rng.randint(1, 3))),
                    "start_date": start_day,
                    "end_date": start_day + timedelta(days=rng.randint(0, 20)) if rng.random() < 0.7 else None,
                    "reach": rng.randint(5, 400),
                    "cost": Decimal(rng.randint(0, 500_000)) / 100,
                    "accessibility_measures": ", ".join(rng.sample(ACCESSIBILITY, rng.randint(0, 3))),
                    "partners": ", ".join(rng.sample(PARTNERS, rng.randint(0, 2))),
                    "created_at": ctx.aware(start_day),
                }
                activities_of_run.setdefault(run["id"], []).append(activity_id)
                audit(
                    "cycle.engagementactivity",
                    activity_id,
                    row["title"],
                    row["created_at"],
                    run["owner_id"],
                    {"method": method},
                )
                activity_id += 1
                yield row

        ctx.counts["activities"] = writer.write(EngagementActivity, activity_rows())
        step("activities", started)

        # Insight items and what hand-overs carried forward ----------------------------------------
        started = time.perf_counter()
        insight_id = writer.next_id(InsightItem)
        through = Handover.carried_insight.through
        through_id = writer.next_id(through)
        carried_rows = []
        carry_budget = {h["from_run_id"]: rng.randint(0, 6) for h in handovers}

        def insight_rows():
            nonlocal insight_id, through_id
            for _ in range(n["insight"]):
                run = rng.choice(live_runs)
                first_day, last_day = run["opened_on"], run["closed_on"] or today
                day = first_day + timedelta(days=rng.randint(0, max(0, (last_day - first_day).days)))
                acts = activities_of_run.get(run["id"])
                source = "activity" if acts and rng.random() < 0.6 else rng.choice(SOURCES[1:])
                handover = handover_of_run.get(run["id"])
                status = "open"
                if run["status"] == "closed" or handover:
                    if handover and carry_budget[run["id"]] > 0:
                        carry_budget[run["id"]] -= 1
                        carried_rows.append(
                            {"id": through_id, "handover_id": handover["id"], "insightitem_id": insight_id}
                        )
                        through_id += 1
                    elif run["status"] == "closed":
                        # Most is answered or closed; about 3% is left open, uncarried: dropped.
                        status = rng.choices(["answered", "closed", "open"], [0.6, 0.37, 0.03])[0]
                else:
                    status = rng.choices(["open", "answered", "closed"], [0.8, 0.15, 0.05])[0]
                theme = rng.choice(THEMES)
                row = {
                    "id": insight_id,
                    "version": 1,
                    "stage_run_id": run["id"],
                    "activity_id": rng.choice(acts) if source == "activity" else None,
                    "title": f"{theme.capitalize()}: {rng.choice(PHRASES)}",
                    "detail": f"Heard from {rng.choice(SEGMENTS)}. {rng.choice(PHRASES).capitalize()}."
                    if rng.random() < 0.5
                    else "",
                    "source": source,
                    "themes": ", ".join([theme, *rng.sample(THEMES, rng.randint(0, 2))]),
                    "sentiment": rng.randint(1, 5) if rng.random() < 0.85 else None,
                    "population_segment": rng.choice(SEGMENTS) if rng.random() < 0.7 else "",
                    "stage_relevance": [run["stage"]],
                    "status": status,
                    "resolution": "",
                    "created_at": ctx.aware(day),
                }
                if status != "open":  # answered or closed, saying how, by the run's owner
                    row["resolution"] = rng.choice(ANSWERED if status == "answered" else CLOSED_BECAUSE)
                    row["resolved_by_id"] = run["owner_id"]
                    row["resolved_at"] = ctx.aware(
                        day + timedelta(days=rng.randint(0, max(0, (last_day - day).days))), 16
                    )
                    row["version"] = 2
                audit(
                    "cycle.insightitem",
                    insight_id,
                    row["title"],
                    row["created_at"],
                    run["owner_id"],
                    {"source": source},
                )
                insight_id += 1
                yield row

        ctx.counts["insight"] = writer.write(InsightItem, insight_rows())
        ctx.counts["carried"] = writer.write(through, carried_rows)
        step("insight", started)
        log(f"  {'carried':<14} {ctx.counts['carried']:>9,} rows")

        started = time.perf_counter()
        ctx.counts["audit"] = writer.write(AuditEvent, audit_rows)
        step("audit", started)

        # Later models add their share -------------------------------------------------------------
        for name, extra in extra_generators():
            started = time.perf_counter()
            made = extra(ctx) or {}
            ctx.counts.update(made)
            timings[name] = time.perf_counter() - started
            log(f"  {name:<14} {', '.join(f'{k} {v:,}' for k, v in made.items())}  {timings[name]:6.1f} s")
        if "people" not in ctx.counts:
            log(f"  {'people':<14} skipped: no Person model yet ({n['people']:,} at this scale when one exists)")

        started = time.perf_counter()
        writer.reset_sequences()
    if writer.connection.vendor == "postgresql" and writer.connection.get_autocommit():
        # As autovacuum would soon after a bulk load: statistics for the planner, and the visibility
        # map that lets counts read indexes only. (VACUUM cannot run inside a transaction, so
        # not when the caller holds one, as the tests do.)
        with writer.connection.cursor() as cursor:
            for model in dict.fromkeys(writer.written):
                cursor.execute(f"VACUUM (ANALYZE) {writer.connection.ops.quote_name(model._meta.db_table)}")
    timings["finish"] = time.perf_counter() - started
    total = time.perf_counter() - all_started
    log(f"Done in {total:.1f} s: " + ", ".join(f"{k} {v:,}" for k, v in ctx.counts.items()))
    return ctx.counts


def _print(message: str) -> None:
    print(message, flush=True)


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    """Share `total` among `parts`, unevenly (some programmes are busier), deterministically."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    raw = [total * w / sum(weights) for w in weights]
    shares = [math.floor(x) for x in raw]
    for i in sorted(range(parts), key=lambda i: raw[i] - shares[i], reverse=True)[: total - sum(shares)]:
        shares[i] += 1
    return shares


def extra_generators():
    """(name, generate) from every Baton app with a bench_data module: later models plug in here."""
    from django.apps import apps

    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("baton."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.bench_data")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.bench_data":
                raise
            continue
        found.append((config.label, module.generate))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = full size (default); tests use 0.001")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--today", type=date.fromisoformat, help="the date the data is made relative to (default today)"
    )
    parser.add_argument("--ods-code", default="QBN", help="ODS code of the organisation to create")
    parser.add_argument("--no-copy", action="store_true", help="use bulk_create even on PostgreSQL")
    ns = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baton.settings")
    os.environ.setdefault("BATON_ALLOW_INSECURE_KEY", "1")
    import django

    django.setup()
    generate(scale=ns.scale, seed=ns.seed, today=ns.today, ods_code=ns.ods_code, copy=False if ns.no_copy else None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
