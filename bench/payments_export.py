"""Time the payment export of every claim waiting, and the file it gives, against a bench database
(bench/make_data.py): the claims are made approved and not exported (inside a transaction that is
rolled back at the end, so the database is left as it was), then

- `export_payments` (the action: lock the claims, record the export, mark them paid) is timed;
- the CSV file is streamed through the page (`/resources/exports/<id>/file/`, the test Client,
  the whole middleware stack) and read to the end: time to the first byte, total time, bytes;
- the same as XLSX (written to a temporary file, then streamed).

Peak memory is Python's own allocations (tracemalloc) during each step, so a file that sat in
memory would show here; the process's resident size is printed too.

    BATON_SQLITE_PATH=/tmp/bench.sqlite3 .venv/bin/python bench/payments_export.py [--ods-code QBN]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baton.settings")


def _measure(label, fn, *, traced=True):
    """Time `fn`; with `traced`, also Python's peak allocations (tracemalloc slows allocation-heavy
    code several times over, so the times of a traced step are upper bounds)."""
    if not traced:
        started = time.perf_counter()
        result = fn()
        print(f"{label:<34} {time.perf_counter() - started:8.2f} s")
        return result
    tracemalloc.start()
    started = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<34} {elapsed:8.2f} s   peak Python memory {peak / 1024 / 1024:8.1f} MB")
    return result


def main(argv=None) -> None:
    import django

    django.setup()
    from django.db import transaction
    from django.test import Client

    from baton.core.models import Organisation, User
    from baton.resources.actions import export_payments
    from baton.resources.models import Claim

    parser = argparse.ArgumentParser()
    parser.add_argument("--ods-code", default="QBN")
    args = parser.parse_args(argv)
    org = Organisation.objects.get(ods_code=args.ods_code)
    user = User.objects.get(username="bench.adam")

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            n = (
                Claim.objects.filter(organisation=org)
                .exclude(status__in=("refused",))
                .update(status="approved", export=None, paid_on=None)
            )
            print(f"{n:,} claims approved and waiting to be exported")
            export = _measure("export_payments (the action)", lambda: export_payments(org, by=user))
            print(f"  export {export.pk}: {export.claim_count:,} claims, total £{export.total:,.2f}")
            client = Client()
            client.force_login(user)
            # Warm: the process's first request loads the URL configuration, the API and the
            # templates (seconds), which is not the export's cost.
            _measure("warm-up request (not the export)", lambda: client.get("/resources/exports/"), traced=False)
            for fmt in ("csv", "xlsx"):
                type(export).objects.filter(pk=export.pk).update(format=fmt)

                def download():
                    started = time.perf_counter()
                    response = client.get(f"/resources/exports/{export.pk}/file/")
                    first = None
                    size = 0
                    for chunk in response.streaming_content:
                        if first is None:
                            first = time.perf_counter() - started
                        size += len(chunk)
                    return response.status_code, first, size

                for traced in (False, True) if fmt == "csv" else (False,):
                    what = f"{fmt.upper()} file{' (traced)' if traced else ''}, streamed"
                    status, first, size = _measure(what, download, traced=traced)
                    print(f"  status {status}, first bytes after {first:.2f} s, {size / 1024 / 1024:,.1f} MB")
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"process peak resident size {rss:,.0f} MB")
            raise Rollback
    except Rollback:
        print("rolled back: the database is as it was")


if __name__ == "__main__":
    main()
