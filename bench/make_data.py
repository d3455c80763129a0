"""Fill a database with one large Integrated Care Board, for benchmarks and load tests.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/baton_bench \\
        .venv/bin/python bench/make_data.py --scale 1.0 --seed 1

At --scale 1.0 (see FULL below): 40 programmes, 5,000 hand-overs (so about 5,150 stage runs),
20,000 engagement activities, 250,000 insight items, 300 staff, and an audit event for each
record. Deterministic: the same --seed and --today give the same data. Rows are written in bulk:
COPY on PostgreSQL (psycopg's cursor.copy), bulk_create in batches elsewhere (SQLite).

The shape is realistic rather than uniform:
- each programme is one chain of stage runs going round the Cycle (monitor goes back to improve,
  sometimes to needs or plan); programmes end in all five stages;
- a hand-over joins each run to the next (one outgoing per run, one incoming per run); all but the
  last are accepted and their runs closed; the last is accepted, awaiting acceptance or queried,
  some of those past the organisation's 30-day limit (overdue: dropped batons);
- some runs were closed without a hand-over (dropped batons); the next run was opened directly;
- insight is carried forward by hand-overs (the many-to-many), answered or closed, and some is
  left open in a closed run without being carried (dropped insight).

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
                with raw.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                    for row in rows:
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

        def audit(model_label, object_id, repr_, created_at, actor_id, after):
            nonlocal audit_id
            audit_rows.append(
                {
                    "id": audit_id,
                    "organisation_id": org.pk,
                    "actor_id": actor_id,
                    "verb": "create",
                    "action": "bench_data",
                    "model": model_label,
                    "object_id": str(object_id),
                    "object_repr": repr_[:200],
                    "before": None,
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
        joined = ctx.aware(today - timedelta(days=3 * 365))
        accounts = list(BENCH_ACCOUNTS)
        weights = [w for _, w in STAFF_ROLES]
        for i in range(n["staff"] - len(accounts)):
            role = rng.choices([r for r, _ in STAFF_ROLES], weights)[0]
            accounts.append((f"bench.staff{i + 1:04d}", role, rng.choice(FIRST), rng.choice(LAST)))
        for username, role, first, last_name in accounts:
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
            roles.append(
                {
                    "id": role_id,
                    "membership_id": membership_id,
                    "role": role,
                    "starts_on": None,
                    "ends_on": None,
                    "created_at": joined,
                }
            )
            role_id += 1
            ctx.staff.setdefault(role, []).append(user_id)
            user_id += 1
            membership_id += 1
        ctx.counts["staff"] = writer.write(User, users)
        writer.write(Membership, memberships)
        writer.write(RoleAssignment, roles)
        step("staff", started)
        leads = ctx.staff["programme_lead"]
        owners = ctx.staff["programme_lead"] + ctx.staff["engagement_lead"]

        # Programmes ------------------------------------------------------------------------------
        started = time.perf_counter()
        programme_id = writer.next_id(Programme)
        programmes: list[dict[str, Any]] = []
        names = set()
        for _ in range(n["programmes"]):
            while True:
                condition = rng.choice(CONDITIONS)
                name = f"{rng.choice(AREAS)} {condition} {rng.choice(KINDS)}"
                if name not in names:
                    names.add(name)
                    break
            created = ctx.aware(today - timedelta(days=rng.randint(3 * 365, 8 * 365)))
            row = {
                "id": programme_id,
                "version": 1,
                "organisation_id": org.pk,
                "name": name,
                "description": f"Engagement on {condition} services across the {name.split()[0].lower()} of the area.",
                "lead_id": rng.choice(leads),
                "condition": condition,
                "budget_line": f"ENG-{rng.randint(1000, 9999)}",
                "public_summary": f"We are asking people about {condition} services." if rng.random() < 0.6 else "",
                "created_at": created,
                "published_at": None,
                "updated_at": created,
            }
            if row["public_summary"]:  # published by an engagement lead, as the summary stands
                row.update(published_summary=row["public_summary"], published_at=created)
            programmes.append(row)
            ctx.programme_ids.append(programme_id)
            audit("cycle.programme", programme_id, name, created, row["lead_id"], {"name": name})
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
        runs, handovers = [], []
        # run id -> (programme id, stage, status, opened_on, closed_on)
        run_info: dict[int, tuple[int, str, str, date | None, date | None]] = {}
        handover_of_run = {}  # from run id -> handover row
        # How each programme ends: its last hand-over accepted (the last run open), awaiting
        # acceptance (past the 30-day limit or not), queried, or its last run closed without one.
        share = {"overdue": 0.15, "pending": 0.1, "queried": 0.1, "closed": 0.1}
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
            if ending in ("overdue", "pending", "queried") and "handover" in kinds and kinds[-1] == "break":
                kinds.remove("handover")
                kinds.append("handover")  # the last link is the hand-over still waiting
            elif ending in ("overdue", "pending", "queried") and kinds and kinds[-1] == "break":
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
                elif k == n_runs - 2 and kinds[k] == "handover" and ending in ("pending", "queried"):
                    status, closed = "open", None  # waiting for its hand-over to be accepted
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
        ctx.counts["runs"] = writer.write(StageRun, runs)
        ctx.counts["handovers"] = writer.write(Handover, handovers)
        message_id = writer.next_id(HandoverMessage)
        queries = []
        for row in handovers:
            if row["status"] == "queried":  # the next owner's query, the start of the conversation
                queries.append(
                    {
                        "id": message_id,
                        "handover_id": row["id"],
                        "kind": "query",
                        "text": "Please add the survey results.",
                        "author_id": row["responded_by_id"],
                        "created_at": row["responded_at"],
                    }
                )
                message_id += 1
        writer.write(HandoverMessage, queries)
        step("runs", started)
        log(f"  {'handovers':<14} {ctx.counts['handovers']:>9,} rows")

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
                    "resolution": ""
                    if status == "open"
                    else ("Answered in the stage's report." if status == "answered" else "Out of scope."),
                    "created_at": ctx.aware(day),
                }
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
