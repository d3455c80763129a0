"""PostgreSQL: each feedback comment keeps its text search vector in a stored generated column,
`search_vector` (`to_tsvector('english', text)`, made by the database whenever the text is written),
with the GIN index on that column in place of 0002's expression index.

Why: ranking (`ts_rank`) and the match itself then read the stored vector instead of parsing the
comment's text again for every candidate row; over a million comments the parse was most of a
search's time. The column is the database's own: the model does not declare it, so the ORM never
writes it, and SQLite (FTS5, see 0002) has nothing to change.

`INDEXES_OFF` and `INDEXES_ON` are the bank's GIN indexes as they now stand, for
`bench/insight_search.py` to drop before a bulk load and make again after it."""

from importlib import import_module

from django.db import migrations

search = import_module("baton.insight.migrations.0002_search")

COMMENT_INDEX = "CREATE INDEX IF NOT EXISTS feedback_search_vector ON insight_feedbackcomment USING gin (search_vector)"
ITEM_INDEX = search.PG_FORWARD[1]

PG_FORWARD = [
    "DROP INDEX IF EXISTS feedback_text_fts",
    "ALTER TABLE insight_feedbackcomment ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english', text)) STORED",
    COMMENT_INDEX,
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS feedback_search_vector",
    "ALTER TABLE insight_feedbackcomment DROP COLUMN IF EXISTS search_vector",
    search.PG_FORWARD[0],
]
INDEXES_OFF = ["DROP INDEX IF EXISTS feedback_search_vector", "DROP INDEX IF EXISTS insight_item_fts"]
INDEXES_ON = [COMMENT_INDEX, ITEM_INDEX]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("insight", "0004_search_triggers_again")]

    operations = [migrations.RunPython(_run(PG_FORWARD), _run(PG_BACKWARD), elidable=False)]
