"""Load test: the production shape on this machine, driven by locust.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/baton_bench \\
        .venv/bin/python bench/load.py [--users 50] [--run-time 60] [--workers 4]

What it does, all on 127.0.0.1:
1. prepares, in this process, for each simulated user a person of its own (bench.ellie,
   bench.priya, then the staff made by bench/make_data.py who may own work), with an API token
   and a signed-in session, so the test measures the steady state rather than 50 password hashes
   at once;
2. starts `baton serve` (gunicorn, --workers) and `baton worker` (the task worker) with
   DATABASE_URL and REDIS_URL (cache and cached sessions), emails printed to the worker's log;
3. runs locust headless, bounded in time (--run-time) and users (--users), against them;
4. stops everything it started, revokes the tokens and prints requests per second, p50/p95/p99 and
   the error count (a table per request kind and one JSON line), how the task worker kept up, and
   the emails it actually sent (counted in its log, by kind) against the email tasks it ran: a task
   sends nothing when the hand-over moved on first (a "waiting for you" email once it is accepted).

The same file is the locustfile: `locust -f bench/load.py` imports it, and then only the user class
below is defined. It reads BENCH_PEOPLE (JSON: each person's username, id, token and session id),
or, without it, BENCH_TOKEN and BENCH_USER_ID (one person for every simulated user, signing in
through the form as BENCH_USERNAME / BENCH_PASSWORD, default bench.ellie / baton-bench-2026).

Each simulated user waits --wait seconds (default 1 to 5: a busy person) between requests and acts
as its own person, who may do only what that person may: reads (their hub, the programme list, a
programme, a stage run, hand-overs, the insight API) and, through the API with their token, the
baton passed round a ring of colleagues. Each person records insight on their open stage run, hands
it over to the next person in the ring (who alone may accept or query it), accepts or queries what
waits for them (an accepted hand-over's run becomes theirs), answers the queries on what they sent,
and closes a run once its hand-over is accepted. Nobody accepts for someone else.
"""

from __future__ import annotations

import os
import sys

if __name__ != "__main__" and "locust" in sys.modules:
    # Loaded by locust as its locustfile: the simulated users. (Kept out of the orchestrating
    # process and out of any other importer, because importing locust monkey-patches the standard
    # library with gevent.)
    import json
    import random
    import uuid

    from locust import HttpUser, between, task

    def _people() -> list[dict]:
        if os.environ.get("BENCH_PEOPLE"):
            return json.loads(os.environ["BENCH_PEOPLE"])
        return [{"id": int(os.environ["BENCH_USER_ID"]), "token": os.environ["BENCH_TOKEN"], "session": None}]

    class Staff(HttpUser):
        """A member of staff with the hub open all day, a programme of their own, and a colleague
        (the next person in the ring) to hand their stage runs to."""

        wait_time = between(*(float(x) for x in os.environ.get("BENCH_WAIT", "1,5").split(",")))
        people = _people()
        _next = 0

        def on_start(self):
            cls = type(self)
            index = cls._next
            cls._next += 1
            person = cls.people[index % len(cls.people)]
            self.colleague = cls.people[(index + 1) % len(cls.people)]["id"]
            if person.get("session"):
                self.client.cookies.set("sessionid", person["session"])
            else:  # run by locust directly: sign in through the form, as a person does
                self.client.get("/sign-in/", name="/sign-in/")
                self.client.post(
                    "/sign-in/",
                    name="/sign-in/",
                    data={
                        "username": os.environ.get("BENCH_USERNAME", "bench.ellie"),
                        "password": os.environ.get("BENCH_PASSWORD", "baton-bench-2026"),
                        "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
                    },
                )
            self.api = {"Authorization": f"Bearer {person['token']}"}
            self.me = person["id"]
            listing = self.client.get("/api/programmes?page_size=100", headers=self.api, name="/api/programmes").json()
            self.programmes = [p["id"] for p in listing["items"]]
            runs = self.client.get(f"/api/runs?page={random.randint(1, 50)}", headers=self.api, name="/api/runs").json()
            self.runs = [r["id"] for r in runs["items"]] or [None]
            self.open_runs: list[int] = []  # stage runs this person owns, open and not handed over
            self.sent: dict[int, int] = {}  # hand-over id -> the run it leaves, until that run is closed

        # Reads ---------------------------------------------------------------------------------
        @task(3)
        def hub(self):
            self.client.get("/", name="/ (hub)")

        @task(4)
        def programme_list(self):
            self.client.get(f"/programmes/?page={random.randint(1, 2)}", name="/programmes/")

        @task(6)
        def programme(self):
            self.client.get(f"/programmes/{random.choice(self.programmes)}/", name="/programmes/[id]/")

        @task(3)
        def run_detail(self):
            run = random.choice(self.runs)
            if run:
                self.client.get(f"/runs/{run}/", name="/runs/[id]/")

        @task(2)
        def handovers(self):
            self.client.get("/handovers/", name="/handovers/")

        @task(2)
        def insight_api(self):
            self.client.get(f"/api/insight?page={random.randint(1, 20)}", headers=self.api, name="/api/insight")

        # Writes, each as the person who may do it ----------------------------------------------
        def _own_run(self):
            """This person's open run to record on: one accepted from a colleague, or else a new
            programme of their own (they lead it) and its first run."""
            if not self.open_runs:
                programme = self.client.post(
                    "/api/programmes",
                    json={
                        "name": f"Load test {uuid.uuid4().hex[:12]}",
                        "description": "Made by bench/load.py.",
                        "lead_id": self.me,
                    },
                    headers=self.api,
                    name="/api/programmes",
                ).json()
                run = self.client.post(
                    f"/api/programmes/{programme['id']}/runs",
                    json={"stage": "needs"},
                    headers=self.api,
                    name="/api/programmes/[id]/runs",
                ).json()
                self.open_runs.append(run["id"])
            return self.open_runs[0]

        @task(3)
        def record_insight(self):
            self.client.post(
                f"/api/runs/{self._own_run()}/insight",
                json={"title": "People want evening clinics", "source": "survey", "themes": "access", "sentiment": 3},
                headers=self.api,
                name="/api/runs/[id]/insight",
            )

        @task(1)
        def hand_over(self):
            """Hand the open run to the colleague, carrying its open insight forward."""
            run = self._own_run()
            response = self.client.post(
                f"/api/runs/{run}/handover",
                json={"next_owner_id": self.colleague, "summary": "What this stage learned."},
                headers=self.api,
                name="/api/runs/[id]/handover",
            )
            self.open_runs.remove(run)  # handed over; or refused (counted as an error), and left alone
            if response.status_code == 201:
                self.sent[response.json()["id"]] = run

        @task(2)
        def respond(self):
            """Accept (or, one time in six, query) the oldest hand-over waiting for this person;
            the run it opens is theirs to record on and hand on."""
            waiting = self.client.get(
                "/api/handovers?waiting_for_me=true", headers=self.api, name="/api/handovers?waiting_for_me"
            ).json()["items"]
            if not waiting:
                return
            handover = waiting[-1]
            if random.random() < 1 / 6:
                self.client.post(
                    f"/api/handovers/{handover['id']}/query",
                    json={"note": "Which groups did we not reach?"},
                    headers=self.api,
                    name="/api/handovers/[id]/query",
                )
                return
            response = self.client.post(
                f"/api/handovers/{handover['id']}/accept", json={}, headers=self.api, name="/api/handovers/[id]/accept"
            )
            if response.status_code == 200:
                self.open_runs.append(response.json()["to_run_id"])

        @task(1)
        def answer(self):
            """Answer a query on a hand-over this person sent: it waits for acceptance again."""
            queried = self.client.get(
                "/api/handovers?queries_for_me=true", headers=self.api, name="/api/handovers?queries_for_me"
            ).json()["items"]
            if queried:
                self.client.post(
                    f"/api/handovers/{queried[0]['id']}/answer",
                    json={"answer": "Carers and young people; see the summary."},
                    headers=self.api,
                    name="/api/handovers/[id]/answer",
                )

        @task(1)
        def close(self):
            """Close a run this person handed over, once the colleague has accepted it."""
            for handover_id, run in list(self.sent.items()):
                status = self.client.get(
                    f"/api/handovers/{handover_id}", headers=self.api, name="/api/handovers/[id]"
                ).json()["status"]
                if status == "accepted":
                    self.client.post(f"/api/runs/{run}/close", json={}, headers=self.api, name="/api/runs/[id]/close")
                    del self.sent[handover_id]
                return


# The orchestrator ---------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    import argparse
    import contextlib
    import csv
    import json
    import secrets
    import signal
    import subprocess
    import tempfile
    import time
    import urllib.request
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description="Load-test Baton in its production shape (see the module docstring).")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--run-time", type=int, default=60, help="seconds (default 60)")
    parser.add_argument(
        "--wait", default="1,5", help="think time between a user's requests: min,max seconds (default 1,5)"
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--port", type=int, help="port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/2"))
    parser.add_argument(
        "--people",
        type=int,
        help="distinct people the simulated users act as (default: one each, as many as may own work)",
    )
    parser.add_argument("--ods-code", default="QBN", help="the organisation bench/make_data.py made (default QBN)")
    parser.add_argument("--logs", help="folder for the server, worker and locust logs (default a temporary one)")
    ns = parser.parse_args(argv)

    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        print("Set DATABASE_URL to a PostgreSQL database filled by bench/make_data.py.", file=sys.stderr)
        return 2
    import socket

    with socket.socket() as probe:  # a free port, or the one asked for if nobody else has it
        try:
            probe.bind(("127.0.0.1", ns.port or 0))
        except OSError:
            print(f"Port {ns.port} on 127.0.0.1 is in use: choose another with --port.", file=sys.stderr)
            return 2
        ns.port = probe.getsockname()[1]
    host = f"http://127.0.0.1:{ns.port}"  # loopback only
    logs = Path(ns.logs or tempfile.mkdtemp(prefix="baton-load-"))
    logs.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "BATON_SECRET_KEY": os.environ.get("BATON_SECRET_KEY") or secrets.token_urlsafe(50),
        "REDIS_URL": ns.redis_url,
        "BATON_TASKS": os.environ.get("BATON_TASKS", "database"),
        "BATON_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "BATON_ACCESS_LOG": str(logs / "access.log"),
        "BATON_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "WEB_CONCURRENCY": str(ns.workers),
        "BENCH_WAIT": ns.wait,
        "PYTHONPATH": str(root),
    }
    os.environ.update({k: env[k] for k in ("BATON_SECRET_KEY", "REDIS_URL", "BATON_TASKS")})

    # 1. Token and sessions, made with the same settings (and secret key) as the servers.
    sys.path.insert(0, str(root))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baton.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from baton.core.models import ApiToken, Organisation
    from baton.cycle.models import Programme
    from baton.cycle.permissions import eligible_owners

    # The people: those who may own work in the bench organisation, the named bench accounts first.
    organisation = Organisation.objects.get(ods_code=ns.ods_code)
    eligible = list(eligible_owners(organisation))
    eligible.sort(key=lambda u: (not u.username.startswith("bench.") or "staff" in u.username, u.username))
    chosen = eligible[: ns.people or ns.users]
    people, tokens = [], []
    for person in chosen:
        token, raw = ApiToken.issue(person, "bench/load.py")
        tokens.append(token.pk)
        client = Client()
        client.force_login(person)
        people.append(
            {"username": person.username, "id": person.pk, "token": raw, "session": client.cookies["sessionid"].value}
        )
    env["BENCH_PEOPLE"] = json.dumps(people)
    print(f"{len(people)} people for {ns.users} simulated users: {', '.join(p['username'] for p in people[:4])} ...")

    def task_counts() -> tuple[int, int]:
        """(tasks ever enqueued, tasks not done) in the backend the worker serves."""
        if env["BATON_TASKS"] == "rq":
            import django_rq

            queue = django_rq.get_queue("default")
            done = queue.finished_job_registry.count + queue.failed_job_registry.count
            waiting = queue.count + queue.started_job_registry.count
            return done + waiting, waiting
        from django_tasks_db.models import DBTaskResult

        return DBTaskResult.objects.count(), DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).count()

    run_started = timezone.now()
    tasks_before = task_counts()[0]
    first_programme = Programme.objects.filter(organisation=organisation).values_list("pk", flat=True).first()
    connection.close()

    baton = [sys.executable, "-m", "baton.cli"]
    started: list[subprocess.Popen] = []

    def start(args, log_name):
        log = open(logs / log_name, "w")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(args, env=env, cwd=root, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        started.append(proc)
        return proc

    def stop_all():
        for proc in started:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)  # the process we started and its own children
        for proc in started:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()

    import resource

    tick = os.sysconf("SC_CLK_TCK")

    def shape_cpu() -> float:
        """CPU seconds used so far by the processes we started and theirs (gunicorn's workers):
        what the shape itself cost, whatever else the machine was doing."""
        groups = {proc.pid for proc in started}
        total = 0.0
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) in groups:  # the process group: each server we started leads one
                total += (int(fields[11]) + int(fields[12])) / tick
        return total

    def proc_cpu(pid: int) -> float:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / tick

    def database_cpu() -> dict[int, float]:
        """CPU seconds of the PostgreSQL backends serving this database (this machine's server)."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            pids = [row[0] for row in cursor.fetchall()]
        connection.close()
        return {pid: proc_cpu(pid) for pid in pids}

    def cpu_pressure() -> float | None:
        """Share of the last minute in which some runnable task waited for a CPU (Linux PSI)."""
        try:
            with open("/proc/pressure/cpu") as f:
                return float(f.readline().split("avg60=")[1].split()[0])
        except (OSError, IndexError, ValueError):
            return None

    def locust_cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    result = {}
    try:
        # 2. The shape: app server and task worker.
        server = start([*baton, "serve", "--bind", f"127.0.0.1:{ns.port}", "--workers", str(ns.workers)], "server.log")
        start([*baton, "worker"], "worker.log")
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                print(f"The server stopped; see {logs / 'server.log'}", file=sys.stderr)
                return 1
            try:
                with urllib.request.urlopen(f"{host}/sign-in/", timeout=5) as response:
                    if response.status == 200 and server.poll() is None:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                print(f"The server did not start; see {logs / 'server.log'}", file=sys.stderr)
                return 1
            time.sleep(0.5)
        print(f"Serving on {host} with {ns.workers} gunicorn workers and a task worker; logs in {logs}", flush=True)
        # Warm every worker (imports, URL conf, compiled templates), as a server that has been up a while.
        warm_paths = [
            "/",
            "/programmes/",
            "/handovers/",
            f"/programmes/{first_programme}/",
            "/api/programmes",
            "/api/insight",
        ]
        for _ in range(3 * ns.workers):
            for path in warm_paths:
                request = urllib.request.Request(
                    host + path,
                    headers={
                        "Cookie": f"sessionid={people[0]['session']}",
                        "Authorization": f"Bearer {people[0]['token']}",
                    },
                )
                with contextlib.suppress(OSError):
                    urllib.request.urlopen(request, timeout=60).read()
        cpu_start, cpu_locust_start, load_start = shape_cpu(), locust_cpu(), os.getloadavg()[0]
        db_start, pressure_start = database_cpu(), cpu_pressure()

        # 3. Locust, headless and bounded.
        prefix = logs / "locust"
        locust = [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(Path(__file__).resolve()),
            "--headless",
            "--users",
            str(ns.users),
            "--spawn-rate",
            str(ns.spawn_rate),
            "--run-time",
            f"{ns.run_time}s",
            "--stop-timeout",
            "10",
            "--host",
            host,
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ]
        print(
            f"Running {ns.users} users for {ns.run_time} s, each waiting {ns.wait.replace(',', '-')} s between requests ...",
            flush=True,
        )
        with open(logs / "locust.log", "w") as log:
            subprocess.run(locust, env=env, cwd=root, stdout=log, stderr=subprocess.STDOUT, timeout=ns.run_time + 120)
        cpu_shape, cpu_locust = shape_cpu() - cpu_start, locust_cpu() - cpu_locust_start
        load_end, pressure_end = os.getloadavg()[0], cpu_pressure()
        cpu_db = sum(cpu - db_start.get(pid, 0.0) for pid, cpu in database_cpu().items())

        # 4. Figures.
        with open(f"{prefix}_stats.csv") as f:
            rows = list(csv.DictReader(f))
        print(f"\n{'request':<36}{'count':>8}{'errors':>8}{'p50':>7}{'p95':>7}{'p99':>7}{'req/s':>8}")
        for row in rows:
            print(
                f"{row['Type'] + ' ' + row['Name'] if row['Name'] != 'Aggregated' else 'all requests':<36.36}"
                f"{row['Request Count']:>8}{row['Failure Count']:>8}{row['50%']:>7}{row['95%']:>7}{row['99%']:>7}"
                f"{float(row['Requests/s']):>8.1f}"
            )
        total = next(r for r in rows if r["Name"] == "Aggregated")
        errors = []
        if Path(f"{prefix}_failures.csv").exists():
            with open(f"{prefix}_failures.csv") as f:
                errors = [f"{r['Method']} {r['Name']}: {r['Error']} (x{r['Occurrences']})" for r in csv.DictReader(f)]
        for line in errors:
            print(f"  error: {line}")
        result = {
            "users": ns.users,
            "run_time_s": ns.run_time,
            "wait_s": ns.wait,
            "gunicorn_workers": ns.workers,
            "requests": int(total["Request Count"]),
            "errors": int(total["Failure Count"]),
            "rps": round(float(total["Requests/s"]), 1),
            "p50_ms": float(total["50%"]),
            "p95_ms": float(total["95%"]),
            "p99_ms": float(total["99%"]),
            "max_ms": round(float(total["Max Response Time"])),
        }
    finally:
        stop_all()
        ApiToken.objects.filter(pk__in=tokens).update(revoked_at=timezone.now())
    if result:
        result.update(
            {
                "server_and_worker_cpu_s": round(cpu_shape, 1),
                "postgres_cpu_s": round(cpu_db, 1),
                "locust_cpu_s": round(cpu_locust, 1),
                "cpu_ms_per_request": round(1000 * (cpu_shape + cpu_db) / max(1, result["requests"]), 1),
                "load_average_start_end": [round(load_start, 1), round(load_end, 1)],
                "cores": os.cpu_count(),
                "cpu_pressure_avg60_start_end": [pressure_start, pressure_end],
            }
        )
        print(
            f"\nCPU: server and worker {cpu_shape:.1f} s, PostgreSQL {cpu_db:.1f} s: {result['cpu_ms_per_request']} ms a "
            f"request; in {ns.run_time} s on {os.cpu_count()} cores the shape had {(cpu_shape + cpu_db) / ns.run_time:.2f} "
            f"cores' worth. Locust {cpu_locust:.1f} s. CPU pressure (share of time something waited for a CPU) "
            f"{pressure_start}% at the start, {pressure_end}% at the end. Load average "
            f"{load_start:.1f} at the start, {load_end:.1f} at the end (other work on the machine counts too)."
        )
    tasks_after, waiting = task_counts()
    made = tasks_after - tasks_before
    # The emails the worker actually sent (the console backend prints each to its log), by kind,
    # against the email tasks it ran: a task sends nothing when its hand-over moved on first.
    emails: dict[str, int] = {}
    worker_log = logs / "worker.log"
    for line in worker_log.read_text(errors="replace").splitlines() if worker_log.exists() else ():
        if line.startswith("Subject: "):
            kind = line[len("Subject: ") :].split(":", 1)[0]
            emails[kind] = emails.get(kind, 0) + 1
    email_tasks: dict[str, dict[str, int]] = {}
    if env["BATON_TASKS"] != "rq":
        from django.db.models import Count
        from django_tasks_db.models import DBTaskResult

        for row in (
            DBTaskResult.objects.filter(enqueued_at__gte=run_started, task_path__contains="notifications")
            .values("task_path", "status")
            .annotate(n=Count("pk"))
        ):
            name = row["task_path"].rsplit(".", 1)[-1]
            email_tasks.setdefault(name, {})[row["status"].lower()] = row["n"]
    result.update(
        {
            "tasks_enqueued": made,
            "tasks_not_done_at_end": waiting,
            "emails_sent": sum(emails.values()),
            "emails_sent_by_kind": emails,
            "email_tasks": email_tasks,
        }
    )
    print(
        f"\nTask worker ({env['BATON_TASKS']}): {made} tasks enqueued during the run (and the warm-up), "
        f"{waiting} not done when it stopped."
    )
    ran = sum(n for statuses in email_tasks.values() for n in statuses.values())
    print(
        f"Emails sent (counted in the worker's log): {sum(emails.values())}"
        + (f", from {ran} email tasks" if email_tasks else "")
        + "; by kind: "
        + (", ".join(f"{kind} {n}" for kind, n in sorted(emails.items())) or "none")
    )
    for name, statuses in sorted(email_tasks.items()):
        print(f"  {name}: " + ", ".join(f"{n} {status}" for status, n in sorted(statuses.items())))
    print(json.dumps(result))
    ok = result.get("errors") == 0 and result.get("p95_ms", 1e9) < 1000
    print("Target (no errors, p95 under 1 s):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
