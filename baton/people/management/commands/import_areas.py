"""`baton manage import_areas FILE.csv`: load a postcode-to-area table (for example the ONS
postcode directory joined to the English indices of deprivation) into `AreaLookup`, so a person's
IMD decile can be looked up from their postcode.

Streaming (the file is read row by row and written in batches, however large), idempotent (a
postcode already loaded is updated, never duplicated) and tolerant (a row without a postcode or
with a decile outside 1 to 10 is skipped and counted). `--columns` maps the file's headings:
`--columns postcode=pcds,area_code=lsoa21cd,imd_decile=IMD_Decile`."""

from __future__ import annotations

import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from baton.people.actions import normalise_postcode
from baton.people.models import AreaLookup

FIELDS = ("postcode", "area_code", "imd_decile")
BATCH = 2_000


def parse_columns(text: str | None) -> dict[str, str]:
    """'postcode=pcds,imd_decile=IMD' -> {'postcode': 'pcds', 'imd_decile': 'IMD'} (unnamed: the same)."""
    mapping = {name: name for name in FIELDS}
    for part in filter(None, (text or "").split(",")):
        field, _, column = part.partition("=")
        field, column = field.strip(), column.strip()
        if field not in FIELDS or not column:
            raise CommandError(f"--columns: say which column holds each of {', '.join(FIELDS)}, as field=column.")
        mapping[field] = column
    return mapping


def import_rows(rows, mapping: dict[str, str]) -> dict[str, int]:
    """Write the rows (dicts by heading) in batches; returns how many were loaded and skipped."""
    counts = {"loaded": 0, "skipped": 0}
    batch: dict[str, AreaLookup] = {}

    def flush():
        if batch:
            AreaLookup.objects.bulk_create(
                list(batch.values()),
                update_conflicts=True,
                unique_fields=["postcode"],
                update_fields=["area_code", "imd_decile"],
            )
            counts["loaded"] += len(batch)
            batch.clear()

    for row in rows:
        postcode = normalise_postcode(row.get(mapping["postcode"]) or "")
        raw = (row.get(mapping["imd_decile"]) or "").strip()
        try:
            decile = int(raw) if raw else None
        except ValueError:
            decile = -1
        if not postcode or len(postcode) > 8 or (decile is not None and not 1 <= decile <= 10):
            counts["skipped"] += 1
            continue
        area = (row.get(mapping["area_code"]) or "").strip()[:12]
        batch[postcode] = AreaLookup(postcode=postcode, area_code=area, imd_decile=decile)
        if len(batch) >= BATCH:
            flush()
    flush()
    return counts


def summary(counts: dict[str, int]) -> str:
    def n(count: int, one: str, many: str) -> str:
        return f"{count:,} {one if count == 1 else many}"

    return f"Loaded {n(counts['loaded'], 'postcode', 'postcodes')}; skipped {n(counts['skipped'], 'row', 'rows')}."


class Command(BaseCommand):
    help = "Load a postcode-to-area table (postcode, area code, IMD decile) from a CSV file."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--columns",
            help="Which heading holds each field, e.g. postcode=pcds,area_code=lsoa21cd,imd_decile=IMD_Decile.",
        )

    def handle(self, *args, **options):
        mapping = parse_columns(options["columns"])
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            missing = [c for f, c in mapping.items() if f != "area_code" and c not in (reader.fieldnames or [])]
            if missing:
                raise CommandError(f"The file has no column {', '.join(missing)}. Use --columns to map the headings.")
            counts = import_rows(reader, mapping)
        self.stdout.write(summary(counts))
