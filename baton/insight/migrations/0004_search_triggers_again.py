"""SQLite rebuilds a table to add a column (0003 added `version` to comments), and the rebuild
drops the table's triggers, so the FTS5 table stopped following the comments. This makes the
triggers again and rebuilds the index from the table. Any later migration that changes
`insight_feedbackcomment` or `cycle_insightitem` on SQLite must end with the same step
(`test_bank_search.py` fails otherwise: new comments are not found). PostgreSQL's GIN indexes are
expression indexes on the table itself and survive."""

from importlib import import_module

from django.db import migrations

search = import_module("baton.insight.migrations.0002_search")


def _sqlite_triggers_again(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table, columns in (("insight_feedbackcomment", ["text"]), ("cycle_insightitem", ["title", "detail", "themes"])):
        fts = f"{table}_fts"
        for suffix in ("ai", "ad", "au"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
        # The table itself is kept (its first statement); the triggers and the rebuild are redone.
        for sql in search._fts5(table, columns)[1:]:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("insight", "0003_versions")]

    operations = [migrations.RunPython(_sqlite_triggers_again, migrations.RunPython.noop, elidable=False)]
