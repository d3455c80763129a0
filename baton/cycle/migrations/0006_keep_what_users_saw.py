from django.db import migrations
from django.utils import timezone


def forward(apps, schema_editor):
    """Keep what users saw: a programme whose summary showed on the public pages stays published;
    insight marked answered or closed before Baton asked why says so; each hand-over's last query
    becomes the start of its conversation."""
    Programme = apps.get_model("cycle", "Programme")
    InsightItem = apps.get_model("cycle", "InsightItem")
    Handover = apps.get_model("cycle", "Handover")
    HandoverMessage = apps.get_model("cycle", "HandoverMessage")
    now = timezone.now()
    for programme in Programme.objects.exclude(public_summary="").only("pk", "public_summary"):
        Programme.objects.filter(pk=programme.pk).update(published_summary=programme.public_summary, published_at=now)
    InsightItem.objects.exclude(status="open").filter(resolution="").update(
        resolution="Marked as settled before Baton recorded the answer or reason."
    )
    HandoverMessage.objects.bulk_create(
        HandoverMessage(handover_id=h.pk, kind="query", text=h.query_note, author_id=h.responded_by_id, created_at=h.responded_at or h.created_at)
        for h in Handover.objects.exclude(query_note="").only("pk", "query_note", "responded_by_id", "responded_at", "created_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cycle", "0005_baton_without_traps"),
    ]

    operations = [
        migrations.RunPython(forward, migrations.RunPython.noop),
    ]
