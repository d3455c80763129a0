"""Fuzz every operation of /api/openapi.json with schemathesis, as an engagement lead with a bearer
token, against the WSGI app: valid and malformed input alike must never get a 5xx, and every
response must match the schema (its status code documented, its body the documented shape).

Each operation runs ~15 generated examples plus schemathesis's boundary ("coverage") cases, in one
database transaction with a programme, runs, an activity, insight and a hand-over whose ids exist;
ids that do not exist must simply be 404.

Then workflows: a state machine follows links from each response to the next request (create a
programme, open a run, record insight, hand over, accept, close, delete, restore...), so that
requests also reach records in the states real use puts them in. The links are added here, for
the fuzzer only; the served schema has none."""

import copy
from dataclasses import dataclass

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error, response_schema_conformance, status_code_conformance

application = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], deterministic=True)
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


# Workflows --------------------------------------------------------------------------------------

P, R = "/api/programmes/{programme_id}", "/api/runs/{run_id}"
H, A, N = "/api/handovers/{handover_id}", "/api/activities/{activity_id}", "/api/insight/{item_id}"
# kind: (path parameter, [(method, path, carries the version read)])
TARGETS = {
    "organisation": (None, [("post", "/api/programmes", 0)]),
    "programme": (
        "programme_id",
        [("get", P, 0), ("patch", P, 1), ("delete", P, 0), ("get", P + "/journey", 0), ("post", P + "/runs", 0)],
    ),
    "run": (
        "run_id",
        [
            ("get", R, 0),
            ("post", R + "/close", 1),
            ("get", R + "/blockers", 0),
            ("post", R + "/activities", 0),
            ("post", R + "/insight", 0),
            ("post", R + "/handover", 0),
        ],
    ),
    "activity": ("activity_id", [("get", A, 0), ("patch", A, 1), ("delete", A, 0)]),
    "insight": ("item_id", [("get", N, 0), ("patch", N, 1), ("delete", N, 0)]),
    "handover": (
        "handover_id",
        [("get", H, 0), ("patch", H, 1), ("post", H + "/accept", 1), ("post", H + "/query", 1)],
    ),
    "event": ("event_id", [("post", "/api/audit/events/{event_id}/restore", 0)]),
}
# (method, path, status): [(kind, JSON pointer to its id in the response, same record so its version too)]
SOURCES = {
    ("get", "/api/programmes", "200"): [("organisation", "", False)],
    ("get", "/api/dropped-batons", "200"): [("organisation", "", False)],
    ("post", "/api/programmes", "201"): [("programme", "/id", True)],
    ("patch", P, "200"): [("programme", "/id", True)],
    ("delete", P, "200"): [("event", "/audit_event_id", False)],
    ("post", P + "/runs", "201"): [("run", "/id", True)],
    ("post", R + "/activities", "201"): [("activity", "/id", True)],
    ("delete", A, "200"): [("event", "/audit_event_id", False)],
    ("post", R + "/insight", "201"): [("insight", "/id", True)],
    ("delete", N, "200"): [("event", "/audit_event_id", False)],
    ("post", R + "/handover", "201"): [("handover", "/id", True), ("run", "/to_run_id", False)],
    ("patch", H, "200"): [("handover", "/id", True)],
    ("post", H + "/query", "200"): [("handover", "/id", True)],
    ("post", H + "/accept", "200"): [("run", "/to_run_id", False), ("run", "/from_run_id", False)],
}


PEOPLE = {
    "POST /api/programmes": ("lead_id",),
    "PATCH /api/programmes/{programme_id}": ("lead_id",),
    "POST /api/programmes/{programme_id}/runs": ("owner_id",),
    "POST /api/runs/{run_id}/handover": ("next_owner_id",),
    "PATCH /api/handovers/{handover_id}": ("next_owner_id",),
}


def _with_links(raw: dict) -> dict:
    raw = copy.deepcopy(raw)
    operation_ids = {(m, path): op["operationId"] for path, item in raw["paths"].items() for m, op in item.items()}
    for (method, path, status), feeds in SOURCES.items():
        links = raw["paths"][path][method]["responses"][status].setdefault("links", {})
        for kind, pointer, same_record in feeds:
            param, targets = TARGETS[kind]
            for target_method, target_path, versioned in targets:
                link = {"operationId": operation_ids[(target_method, target_path)], "parameters": {}}
                if param:
                    link["parameters"][f"path.{param}"] = f"$response.body#{pointer}"
                if versioned and same_record:
                    link["requestBody"] = {"version": f"$response.body#{pointer.rsplit('/', 1)[0]}/version"}
                links[f"{kind}-{pointer}-{operation_ids[(target_method, target_path)]}"] = link
    return raw


workflow_schema = schemathesis.openapi.from_dict(_with_links(schema.raw_schema))
workflow_schema.app = application
workflow_schema.location = "/api/openapi.json"
workflow_schema.config.phases.stateful.inference.algorithms = []  # only the links above


@dataclass
class Lead:
    token: str
    user_id: int


@pytest.fixture
def lead(db):
    """Ellie (engagement lead) and her token, with a little of everything in the database, inside
    the test's transaction."""
    from baton.core.models import ApiToken
    from baton.core.testing import make_personas
    from baton.cycle.testing import make_activity, make_handover, make_insight, make_programme, make_run

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
    yield Lead(raw, p.ellie.pk)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_operation_never_fails_and_matches_its_schema(case, lead):
    case.call_and_validate(headers={"Authorization": f"Bearer {lead.token}"}, checks=CHECKS)


def workflow_for(lead):
    """The state machine of workflows, calling as the lead."""

    class Workflow(workflow_schema.as_state_machine()):
        def setup(self):
            # Every scenario starts from the same data, so Hypothesis can replay it.
            self._savepoint = transaction.atomic()
            self._savepoint.__enter__()

        def teardown(self):
            transaction.set_rollback(True)
            self._savepoint.__exit__(None, None, None)

        def before_call(self, case):
            # People are named by id; random ids are the per-operation test's business (422). Here
            # they are the lead, and the usual next stage is taken, so that chains of steps go deep
            # (programme -> run -> hand-over -> accept -> close) instead of stopping at the first 422.
            if isinstance(case.body, dict):
                for field in PEOPLE.get(case.operation.label, ()):
                    if field in case.body:
                        case.body[field] = lead.user_id
                if case.operation.label == "POST /api/runs/{run_id}/handover":
                    case.body.pop("to_stage", None)
                    case.body.pop("insight_ids", None)

        def get_call_kwargs(self, case):
            return {"headers": {"Authorization": f"Bearer {lead.token}"}}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=CHECKS)

    return Workflow


WORKFLOW_SETTINGS = settings(
    max_examples=20,
    stateful_step_count=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


def test_api_workflows_never_fail_and_match_the_schema(lead):
    workflow_for(lead).run(settings=WORKFLOW_SETTINGS)
