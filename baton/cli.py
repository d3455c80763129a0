"""The `baton` command.

baton demo [--port 8000]        set up a demo organisation on SQLite and serve it
baton serve [--bind ...]        run gunicorn against DATABASE_URL (workers from WEB_CONCURRENCY)
baton worker                    run the background task worker
baton digest                    send the daily digest of overdue items
baton retention [--days N]      remove contact details of people inactive for BATON_RETENTION_DAYS
baton feedback classify|train   the feedback analysis engine
baton manage ARGS...            any Django management command (migrate, createsuperuser, ...)
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def _django(settings_env: dict[str, str] | None = None):
    for key, value in (settings_env or {}).items():
        os.environ.setdefault(key, value)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baton.settings")
    import django

    django.setup()


def _manage(*args: str) -> None:
    from django.core.management import call_command

    call_command(*args)


def cmd_demo(ns) -> int:
    db_path = Path(ns.db or os.environ.get("BATON_DEMO_DB", "baton-demo.sqlite3")).resolve()
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    _django(
        {
            "BATON_ALLOW_INSECURE_KEY": "1",
            "BATON_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            "BATON_TASKS": "immediate",
            "BATON_BASE_URL": f"http://127.0.0.1:{ns.port}",
        }
    )
    from django.test.utils import override_settings

    from baton.core.demo import load_demo

    _manage("migrate", "--verbosity", "0")
    _manage("collectstatic", "--noinput", "--verbosity", "0")
    # The hand-over emails of the demo's history would flood the console: keep them in memory.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        logins = load_demo(password=ns.password)
    print(f"\nBaton demo is running at http://127.0.0.1:{ns.port}/  (database: {db_path})")
    print(f"Sign in with any of these (password: {ns.password}):")
    for username, role, name in logins:
        print(f"  {username:<10} {role:<28} {name}")
    print("Emails are printed here instead of being sent. Press Ctrl+C to stop.\n", flush=True)
    if ns.no_serve:
        return 0
    return _gunicorn(f"127.0.0.1:{ns.port}", workers=2)


def _gunicorn(bind: str, workers: int | None = None) -> int:
    from gunicorn.app.wsgiapp import WSGIApplication

    workers = workers or int(os.environ.get("WEB_CONCURRENCY", "4"))
    sys.argv = [
        "gunicorn",
        "baton.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--threads",
        os.environ.get("BATON_THREADS", "1"),
        "--access-logfile",
        os.environ.get("BATON_ACCESS_LOG", "-"),
        "--timeout",
        os.environ.get("BATON_TIMEOUT", "60"),
    ]
    WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]").run()
    return 0


def cmd_serve(ns) -> int:
    _django()
    if ns.migrate:
        from django.db import connections

        _manage("migrate", "--verbosity", "1")
        # gunicorn forks its workers from this process: they must not share its connection.
        connections.close_all()
    return _gunicorn(ns.bind or f"0.0.0.0:{os.environ.get('PORT', '8000')}", workers=ns.workers)


def cmd_worker(ns) -> int:
    _django()
    if os.environ.get("BATON_TASKS") == "rq":
        # django-tasks-rq's tasks need its Job class in the worker.
        _manage("rqworker", "default", "--job-class", "django_tasks_rq.Job")
    else:
        _manage("db_worker")
    return 0


def cmd_digest(ns) -> int:
    _django()
    from baton.hub.digest import send_daily_digest

    sent = send_daily_digest()
    print(f"Sent {sent} digest email(s).")
    return 0


def cmd_retention(ns) -> int:
    _django()
    args = ["retention"] + (["--days", str(ns.days)] if ns.days else [])
    _manage(*args)
    return 0


def cmd_manage(ns) -> int:
    _django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["baton manage", *ns.args])
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "feedback":
        from baton.insight.feedback.cli import main as feedback_main

        return feedback_main(argv[1:])
    parser = argparse.ArgumentParser(prog="baton", description="Baton: the Engagement Cycle hub.")
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="set up a demo organisation on SQLite and serve it")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--db", help="SQLite file (default baton-demo.sqlite3 here)")
    demo.add_argument("--password", default="baton-demo-2026")
    demo.add_argument("--no-serve", action="store_true", help="set up the data and stop")
    demo.set_defaults(func=cmd_demo)
    serve = sub.add_parser("serve", help="run Baton with gunicorn against DATABASE_URL")
    serve.add_argument("--bind")
    serve.add_argument("--workers", type=int)
    serve.add_argument("--migrate", action="store_true", help="apply migrations first")
    serve.set_defaults(func=cmd_serve)
    sub.add_parser("worker", help="run the background task worker").set_defaults(func=cmd_worker)
    sub.add_parser("digest", help="email each user what is overdue").set_defaults(func=cmd_digest)
    retention = sub.add_parser("retention", help="remove contact details of people inactive for a long time")
    retention.add_argument("--days", type=int, help="inactive for longer than this (default BATON_RETENTION_DAYS)")
    retention.set_defaults(func=cmd_retention)
    manage = sub.add_parser("manage", help="run a Django management command")
    manage.add_argument("args", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
    sub.add_parser("feedback", help="classify or train on patient feedback (see baton feedback --help)")
    ns = parser.parse_args(argv)
    return ns.func(ns)


if __name__ == "__main__":
    sys.exit(main())
