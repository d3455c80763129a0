"""`baton retention` (or `baton manage retention`): remove the contact details (email, phone,
postcode) of people inactive for longer than BATON_RETENTION_DAYS (default 1095, three years),
in every organisation, recording each run (`RetentionRun`). Safe to run again: a second run
removes nothing more. Run it daily (cron, or the platform's scheduler)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from baton.core.models import Organisation
from baton.people.actions import apply_retention


class Command(BaseCommand):
    help = "Remove the contact details of people inactive for longer than BATON_RETENTION_DAYS."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="Inactive for longer than this many days (default: the setting).")
        parser.add_argument("--organisation", help="Only this organisation (its ODS code).")

    def handle(self, *args, days=None, organisation=None, **options):
        days = settings.BATON_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError("--days must be 1 or more.")
        organisations = Organisation.objects.order_by("pk")
        if organisation:
            organisations = organisations.filter(ods_code=organisation)
            if not organisations.exists():
                raise CommandError(f"No organisation has the ODS code {organisation!r}.")
        for org in organisations:
            run = apply_retention(org, days=days)
            self.stdout.write(f"{org.name}: removed the contact details of {run.removed} people.")
