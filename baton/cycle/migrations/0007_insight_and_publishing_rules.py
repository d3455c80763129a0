from django.db import migrations, models


class Migration(migrations.Migration):
    """After 0006 filled them in: the rules that every row now meets, and the old single query note."""

    dependencies = [
        ("cycle", "0006_keep_what_users_saw"),
    ]

    operations = [
        migrations.RemoveField(model_name="handover", name="query_note"),
        migrations.AddConstraint(
            model_name='insightitem',
            constraint=models.CheckConstraint(condition=models.Q(('status', 'open'), models.Q(('resolution', ''), _negated=True), _connector='OR'), name='resolved_insight_says_how', violation_error_message='Say what the answer is, or why it is closed.'),
        ),
        migrations.AddConstraint(
            model_name='programme',
            constraint=models.CheckConstraint(condition=models.Q(('published_at__isnull', True), models.Q(('published_summary', ''), _negated=True), _connector='OR'), name='published_programme_has_a_summary', violation_error_message='A published programme needs a public summary.'),
        ),
    ]
