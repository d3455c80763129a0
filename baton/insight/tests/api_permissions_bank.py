"""The insight bank's rows of the API permission matrix (baton/cycle/tests/test_api_permissions.py
gathers every area's `tests/api_permissions.py`; the insight app's imports these). Staff who plan
or oversee engagement search; a patient partner, a finance officer and a member whose role has
ended are refused (403); Oscar's search lists nothing of ours; a filter that is not one is 422."""

from baton.cycle.tests.test_api_permissions import Op

from .bank_factories import make_comment

NOT_SEARCHERS = ("pat", "nora", "fiona")


def prepare_bank(w) -> None:
    """A comment of ours, so that Oscar's search has something of ours not to find."""
    make_comment(w.p.org, "Diabetes pathway: waiting for the clinic took months.")


OPS = {
    ("get", "/api/insight/bank"): Op(
        lambda w: ("/insight/bank?q=waiting", None),
        oscar="list",
        forbidden=NOT_SEARCHERS,
        bad=lambda w: ("/insight/bank?stage=nowhere", None),
    ),
}
