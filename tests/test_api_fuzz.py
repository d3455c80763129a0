"""Fuzz every operation of /api/openapi.json with schemathesis, as an engagement lead with a bearer
token, against the WSGI app: valid and malformed input alike must never get a 5xx, and every
response must match the schema (its status code documented, its body the documented shape).

Each operation runs ~20 generated examples plus schemathesis's boundary ("coverage") cases, in one
database transaction with a programme, runs, an activity, insight and a hand-over whose ids exist;
ids that do not exist must simply be 404."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error, response_schema_conformance, status_code_conformance

application = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], deterministic=True)
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


@pytest.fixture
def lead_token(db):
    """Ellie's token, with a little of everything in the database, inside the test's transaction."""
    from baton.core.models import ApiToken
    from baton.core.testing import make_activity, make_handover, make_insight, make_personas, make_programme, make_run

    p = make_personas()
    programme = make_programme(p.org, by=p.ellie, lead=p.priya, name="Diabetes pathway")
    run = make_run(programme, "needs", owner=p.priya, by=p.ellie)
    activity = make_activity(run, by=p.priya)
    insight = make_insight(run, by=p.priya, activity=activity)
    make_handover(run, by=p.priya, next_owner=p.priya, insight=[insight])
    other = make_programme(p.org, by=p.ellie, name="Stroke rehabilitation")
    make_run(other, "improve", owner=p.ellie)
    _token, raw = ApiToken.issue(p.ellie, "fuzz")
    # The WSGI handler closes "old" connections on each request, which would end the test's
    # transaction; Django's own test client switches that off the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield raw
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_operation_never_fails_and_matches_its_schema(case, lead_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {lead_token}"}, checks=CHECKS)
