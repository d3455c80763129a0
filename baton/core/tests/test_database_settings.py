"""The database connection's settings: PostgreSQL's JIT compiler is off for Baton's connections
unless BATON_PG_JIT asks otherwise (it cost more than it saved on Baton's reports, issue #14)."""

import pytest
from django.db import connection

from baton.settings import _postgres_options


def test_postgresql_connections_turn_the_jit_off_and_keep_other_options(monkeypatch):
    monkeypatch.delenv("BATON_PG_JIT", raising=False)
    database = {"ENGINE": "django.db.backends.postgresql", "OPTIONS": {"options": "-c statement_timeout=5000"}}
    _postgres_options(database)
    assert database["OPTIONS"]["options"] == "-c statement_timeout=5000 -c jit=off"
    plain = {"ENGINE": "django.db.backends.postgresql"}
    _postgres_options(plain)
    assert plain["OPTIONS"] == {"options": "-c jit=off"}


def test_the_jit_setting_can_be_left_to_the_server_and_sqlite_is_untouched(monkeypatch):
    monkeypatch.setenv("BATON_PG_JIT", "on")
    database = {"ENGINE": "django.db.backends.postgresql"}
    _postgres_options(database)
    assert "OPTIONS" not in database
    monkeypatch.delenv("BATON_PG_JIT")
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "OPTIONS": {}}
    _postgres_options(sqlite)
    assert sqlite["OPTIONS"] == {}


@pytest.mark.django_db
def test_batons_own_postgresql_connection_has_the_jit_off():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (the PostgreSQL pass runs it)")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
