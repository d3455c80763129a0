"""Reach's rows of the API permission matrix (baton/cycle/tests/test_api_permissions.py gathers
every area's `OPS`). A patient partner reads none of it (403): reach is built from special-category
data, even aggregated. Another organisation's programme or activity is 404."""

from baton.cycle.tests.test_api_permissions import Op

READERS_NOT = ("pat",)

OPS = {
    ("get", "/api/reach/population"): Op(
        lambda w: ("/reach/population", None),
        forbidden=READERS_NOT,
        oscar="elsewhere",
        bad=lambda w: ("/reach/population?version=0", None),
    ),
    ("get", "/api/reach"): Op(
        lambda w: ("/reach", None), forbidden=READERS_NOT, oscar="elsewhere", bad=lambda w: ("/reach?year=1800", None)
    ),
    ("get", "/api/reach/programmes/{programme_id}"): Op(
        lambda w: (f"/reach/programmes/{w.programme.pk}", None),
        forbidden=READERS_NOT,
        bad=lambda w: ("/reach/programmes/0", None),
    ),
    ("get", "/api/reach/activities"): Op(
        lambda w: ("/reach/activities?open=true", None),
        forbidden=READERS_NOT,
        oscar="list",
        bad=lambda w: ("/reach/activities?page=0", None),
    ),
    ("get", "/api/reach/activities/{activity_id}"): Op(
        lambda w: (f"/reach/activities/{w.activity.pk}", None),
        forbidden=READERS_NOT,
        bad=lambda w: ("/reach/activities/0", None),
    ),
}
