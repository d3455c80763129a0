"""Every API token gets an expiry date. Tokens issued before this release had none: they expire
90 days (the default lifetime) after the migration runs, so no integration breaks on release day
and every token has an end. The column becomes NOT NULL only once every row has a value, so the
fill step sits between the two schema steps here rather than in a migration of its own."""

from datetime import timedelta

from django.db import migrations, models
from django.utils import timezone


def give_existing_tokens_an_expiry(apps, schema_editor):
    ApiToken = apps.get_model("core", "ApiToken")
    ApiToken.objects.filter(expires_at__isnull=True).update(expires_at=timezone.now() + timedelta(days=90))


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_remove_membership_role"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, help_text="The token stops working at this time."),
        ),
        migrations.RunPython(give_existing_tokens_an_expiry, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(help_text="The token stops working at this time."),
        ),
    ]
