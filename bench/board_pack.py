"""Time generating a board pack against a bench database (bench/make_data.py): a pack of the
organisation's last 90 days (or --days) is made and generated as the background task would, each
step timed (every indicator with its 24 months, every area's section, the HTML, the PDF, the XLSX),
then the total; the pack is made inside a transaction that is rolled back at the end, so the
database is left as it was. The target (issue #14) is about 10 s at full scale.

    DATABASE_URL=$PG/baton_bench .venv/bin/python bench/board_pack.py [--ods-code QBN] [--days 90] [--repeat 1]

Prints one line a step and a JSON summary last."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baton.settings")
os.environ.setdefault("BATON_ALLOW_INSECURE_KEY", "1")


def _timed(steps: dict, label: str, fn):
    started = time.perf_counter()
    result = fn()
    steps[label] = steps.get(label, 0.0) + time.perf_counter() - started
    return result


def once(organisation, days: int) -> dict:
    from django.utils import timezone

    from baton.boardpack import generation
    from baton.boardpack.models import BoardPack
    from baton.core import registry
    from baton.core.registry import Period

    today = timezone.localdate()
    pack = BoardPack.objects.create(
        organisation=organisation,
        title="Bench board pack",
        period_start=today - timedelta(days=days - 1),
        period_end=today,
        meeting_date=today,
        purpose=BoardPack.Purpose.ASSURANCE,
        executive_lead="Director",
        report_author="Bench",
        assurance_level=BoardPack.Assurance.REASONABLE,
        assurance_reason="Bench.",
        recommendation="Note.",
        generation_started_at=timezone.now(),
    )
    period = Period(pack.period_start, pack.period_end)
    steps: dict[str, float] = {}
    started = time.perf_counter()
    # The same steps as generation.run, each timed on its own.
    with registry.sharing():  # as gather() shares what indicators and sections count
        for n, ind in enumerate(registry.indicators(), start=1):
            _timed(
                steps, f"indicator {ind.key}", lambda ind=ind, n=n: generation._indicator(ind, organisation, period, n)
            )
        for section in registry.board_sections():
            _timed(steps, f"section {section.key}", lambda s=section: generation._section(s, organisation, period))
    made = _timed(steps, "gather (all of the above again)", lambda: generation.gather(pack))
    html = _timed(steps, "html", lambda: generation.render_html(made))
    pdf = _timed(steps, "pdf", lambda: generation.render_pdf(pack, html))
    xlsx, sheets = _timed(steps, "xlsx", lambda: generation.render_xlsx(made))
    steps_total = time.perf_counter() - started
    run_started = time.perf_counter()
    generation.run(pack.pk)
    total = time.perf_counter() - run_started
    pack.refresh_from_db()
    return {
        "status": pack.status,
        "generate_seconds": round(total, 2),
        "steps": {k: round(v, 3) for k, v in steps.items()},
        "steps_seconds": round(steps_total, 2),
        "html_bytes": len(html),
        "pdf_bytes": len(pdf),
        "xlsx_bytes": len(xlsx),
        "sheets": len(sheets),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ods-code", default="QBN")
    parser.add_argument("--days", type=int, default=90, help="the pack's period: the last N days (default 90)")
    parser.add_argument("--repeat", type=int, default=1)
    ns = parser.parse_args(argv)
    import django

    django.setup()
    from django.db import transaction

    from baton.core.models import Organisation

    organisation = Organisation.objects.get(ods_code=ns.ods_code)
    results = []
    for _ in range(ns.repeat):
        with transaction.atomic():
            found = once(organisation, ns.days)
            transaction.set_rollback(True)
        for label, seconds in found["steps"].items():
            print(f"{label:<48} {seconds:8.3f} s")
        print(f"{'generate (generation.run, the task)':<48} {found['generate_seconds']:8.2f} s   {found['status']}")
        results.append(found)
    print(
        json.dumps(
            {
                "generate_seconds": [r["generate_seconds"] for r in results],
                "best": min(r["generate_seconds"] for r in results),
                "pdf_bytes": results[-1]["pdf_bytes"],
                "xlsx_bytes": results[-1]["xlsx_bytes"],
                "sheets": results[-1]["sheets"],
                "load_average": os.getloadavg()[0],
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
