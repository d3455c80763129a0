"""`baton manage export_reviews OUT.csv`: patient partners' reviewed comments as a labelled CSV that
`baton feedback train` learns from (see this app's README, "Training from their corrections")."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from baton.core.models import Organisation

from ...exports import write_training_csv


class Command(BaseCommand):
    help = "Write patient partners' reviewed comments as a labelled CSV for `baton feedback train`."

    def add_arguments(self, parser):
        parser.add_argument("out", help="Where to write the CSV.")
        parser.add_argument("--organisation", help="The organisation's ODS code (needed when there is more than one).")
        parser.add_argument("--closed-only", action="store_true", help="Only reviews of closed samples.")

    def handle(self, *args, **options):
        organisation = self._organisation(options.get("organisation"))
        out = Path(options["out"])
        if not out.parent.is_dir():
            raise CommandError(f"{out.parent}: no such folder")
        # Written beside OUT and moved into place: a failed run leaves no half-written file.
        fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=".export-reviews-", suffix=".csv")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                n = write_training_csv(fh, organisation, closed_only=options["closed_only"])
            os.replace(tmp, out)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self.stdout.write(f"Wrote {n} reviewed comment{'' if n == 1 else 's'} of {organisation.name} to {out}.")
        if not n:
            self.stderr.write("No comment has been reviewed yet, so the file has its header only.")

    def _organisation(self, code):
        if code:
            found = Organisation.objects.filter(ods_code__iexact=code).first()
            if found is None:
                raise CommandError(f"No organisation has the ODS code {code}.")
            return found
        organisations = list(Organisation.objects.order_by("pk")[:2])
        if len(organisations) != 1:
            raise CommandError("Say which organisation with --organisation ODS_CODE.")
        return organisations[0]
