"""The indicators' rows of the API permission matrix (baton/cycle/tests/test_api_permissions.py
gathers every area's `OPS`). A patient partner reads none of it (403), as on the pages; staff, lay
and board members read. Asked for one of our programmes, Oscar of another organisation gets 404."""

from baton.cycle.tests.test_api_permissions import Op

READERS_NOT = ("pat",)

OPS = {
    ("get", "/api/indicators"): Op(
        lambda w: (f"/indicators?programme={w.programme.pk}", None),
        forbidden=READERS_NOT,
        bad=lambda w: ("/indicators?from=2026-04-01&to=2026-03-01", None),
    ),
    ("get", "/api/indicators/{key}"): Op(
        lambda w: (f"/indicators/cycle.ladder_profile?programme={w.programme.pk}", None),
        forbidden=READERS_NOT,
        bad=lambda w: (f"/indicators/loop.completion?programme={w.programme.pk}", None),
    ),
}
