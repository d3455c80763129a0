"""The types of partner organisation, as reference data (editable in the admin; a type in use is
retired, never deleted). Community partners are the community's own voice; a statutory partner
(a local authority team) works with us but does not speak for the community."""

from django.db import migrations

TYPES = [
    # key, name, community partner?
    ("vcse", "Voluntary and community group", True),
    ("healthwatch", "Healthwatch", True),
    ("patient_leaders", "Patient leader network", True),
    ("faith", "Faith or community centre", True),
    ("carers", "Carers' organisation", True),
    ("local_authority", "Local authority team", False),
    ("nhs_provider", "NHS provider", False),
    ("other", "Other partner", False),
]


def load(apps, schema_editor):
    PartnerType = apps.get_model("relationships", "PartnerType")
    for position, (key, name, community) in enumerate(TYPES, start=1):
        PartnerType.objects.update_or_create(
            key=key, defaults={"name": name, "community": community, "position": position * 10}
        )


def unload(apps, schema_editor):
    apps.get_model("relationships", "PartnerType").objects.filter(key__in=[t[0] for t in TYPES]).delete()


class Migration(migrations.Migration):
    dependencies = [("relationships", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
