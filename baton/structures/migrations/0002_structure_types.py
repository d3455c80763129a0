"""The types of engagement structure, as reference data (editable in the admin; a type in use is
never deleted, only retired): the structures The Engagement Cycle and NHS England's guidance name."""

from django.db import migrations

TYPES = [
    ("ppg", "Patient participation group", "A GP practice's group of patients who work with the practice."),
    ("supra_ppg", "Federation of patient participation groups", "A 'supra' PPG spanning several practices or a place."),
    ("citizens_panel", "Citizens' panel", "A standing panel of local people asked for views several times a year."),
    ("reference_group", "Reference group", "People with lived experience of a condition or service, advising on it."),
    ("programme_panel", "Programme patient panel", "Patients and carers who work alongside one programme."),
    ("youth_forum", "Youth forum", "Children and young people advising on services for them."),
    ("healthwatch_board", "Healthwatch partnership board", "A board shared with the local Healthwatch."),
    ("other", "Other structure", "Any other group through which people take part."),
]


def load(apps, schema_editor):
    StructureType = apps.get_model("structures", "StructureType")
    for position, (key, name, description) in enumerate(TYPES, start=1):
        StructureType.objects.update_or_create(
            key=key, defaults={"name": name, "description": description, "position": position}
        )


def unload(apps, schema_editor):
    apps.get_model("structures", "StructureType").objects.filter(key__in=[t[0] for t in TYPES]).delete()


class Migration(migrations.Migration):
    dependencies = [("structures", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
