"""The replica router: reporting reads go to the replica only when asked and only when one is
configured; writes and migrations always use the primary."""

import pytest
from django.conf import settings

from baton.core.db_router import ReplicaRouter, for_reports, reporting
from baton.core.models import AuditEvent

router = ReplicaRouter()


@pytest.fixture
def replica(monkeypatch):
    monkeypatch.setitem(settings.DATABASES, "replica", dict(settings.DATABASES["default"]))


def test_reads_go_to_the_primary_outside_a_report(replica):
    assert router.db_for_read(AuditEvent) is None


def test_reads_in_a_report_go_to_the_replica(replica):
    with reporting():
        assert router.db_for_read(AuditEvent) == "replica"
    assert router.db_for_read(AuditEvent) is None


def test_a_report_view_reads_from_the_replica(replica):
    @for_reports
    def view():
        return router.db_for_read(AuditEvent)

    assert view() == "replica"


def test_reports_fall_back_to_the_primary_without_a_replica():
    assert "replica" not in settings.DATABASES
    with reporting():
        assert router.db_for_read(AuditEvent) is None


def test_writes_and_migrations_never_use_the_replica(replica):
    with reporting():
        assert router.db_for_write(AuditEvent) is None
    assert router.allow_migrate("replica", "core") is False
    assert router.allow_migrate("default", "core") is None
