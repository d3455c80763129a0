"""The four Gunning principles as editable reference data (DESIGN.md section 5): from R v Brent LBC
ex p Gunning (1985), confirmed in Coughlan (2001) and restated by the Supreme Court in Moseley (2014).
Each is a check a consultation is assessed against, with the question asked and what evidences it."""

from django.db import migrations

CHECKS = [
    (
        "formative_stage",
        1,
        "Proposals at a formative stage",
        "Was the consultation held while the proposal was still at a formative stage, so that the "
        "responses could still change it?",
        "The statement of why the proposal is still at a formative stage, recorded before the consultation "
        "opened: what can still change and what has not been decided. Board papers showing no decision was "
        "taken before the consultation closed.",
    ),
    (
        "enough_information",
        2,
        "Enough information for intelligent consideration",
        "Were people given enough reasons and information about the proposal to consider it and respond "
        "intelligently, in formats they could use?",
        "The consultation materials attached before it opened (the consultation document, options considered, "
        "evidence, easy read and other formats), and how people could ask for more.",
    ),
    (
        "adequate_time",
        3,
        "Adequate time to consider and respond",
        "Did people have adequate time to consider the proposal and respond? Twelve weeks is common; a shorter "
        "period needs a reason.",
        "The opening and closing dates against the organisation's minimum duration, and the recorded reason for "
        "any shorter consultation or early close.",
    ),
    (
        "conscientious_consideration",
        4,
        "Responses conscientiously taken into account",
        "Were the responses conscientiously taken into account before the decision, and can the organisation "
        "show it?",
        "The consultation report and its summary of how the responses were considered and what changed, "
        "published before any decision on the proposal was recorded.",
    ),
]


def load(apps, schema_editor):
    GunningCheck = apps.get_model("consultations", "GunningCheck")
    for key, number, title, question, evidenced_by in CHECKS:
        GunningCheck.objects.update_or_create(
            key=key, defaults={"number": number, "title": title, "question": question, "evidenced_by": evidenced_by}
        )


def unload(apps, schema_editor):
    apps.get_model("consultations", "GunningCheck").objects.filter(key__in=[c[0] for c in CHECKS]).delete()


class Migration(migrations.Migration):
    dependencies = [("consultations", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
