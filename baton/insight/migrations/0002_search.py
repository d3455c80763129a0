"""Full-text search for the insight bank, in each database's own way: PostgreSQL GIN indexes over
`to_tsvector('english', ...)` (the expressions `search.py` queries with, so the index serves them);
SQLite FTS5 tables with external content, kept in step by triggers (porter stemming, like
PostgreSQL's english configuration)."""

from django.db import migrations

PG_FORWARD = [
    "CREATE INDEX IF NOT EXISTS feedback_text_fts ON insight_feedbackcomment USING gin (to_tsvector('english', text))",
    "CREATE INDEX IF NOT EXISTS insight_item_fts ON cycle_insightitem USING gin "
    "(to_tsvector('english', title || ' ' || detail || ' ' || themes))",
]
PG_BACKWARD = ["DROP INDEX IF EXISTS feedback_text_fts", "DROP INDEX IF EXISTS insight_item_fts"]


def _fts5(table: str, columns: list[str]) -> list[str]:
    fts = f"{table}_fts"
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', content_rowid='id', tokenize='porter unicode61')",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


SQLITE_FORWARD = _fts5("insight_feedbackcomment", ["text"]) + _fts5("cycle_insightitem", ["title", "detail", "themes"])
SQLITE_BACKWARD = [
    f"DROP {kind} IF EXISTS {name}"
    for t in ("insight_feedbackcomment_fts", "cycle_insightitem_fts")
    for kind, name in [("TRIGGER", f"{t}_ai"), ("TRIGGER", f"{t}_ad"), ("TRIGGER", f"{t}_au"), ("TABLE", t)]
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("insight", "0001_initial"), ("cycle", "0008_insight_counts_from_the_index")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
            elidable=False,
        )
    ]
