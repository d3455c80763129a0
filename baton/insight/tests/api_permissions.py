"""The insight area's rows of the API permission matrix (baton/cycle/tests/test_api_permissions.py
gathers every area's `OPS`), the insight bank's among them (`api_permissions_bank`). Patient partners and finance officers see no feedback (403)."""

from baton.cycle.tests.test_api_permissions import Op

from ..testing import make_import
from .api_permissions_bank import OPS as BANK_OPS
from .api_permissions_bank import prepare_bank

R = "/api/insight/feedback"
NOT_READERS = ("pat", "fiona", "nora")


def prepare(w) -> None:
    p = w.p
    w.feedback_import = make_import(p.org, by=p.ellie)
    w.comment = w.feedback_import.comments.order_by("pk").first()
    prepare_bank(w)


OPS = {
    ("get", f"{R}/comments"): Op(
        lambda w: ("/insight/feedback/comments", None),
        oscar="list",
        forbidden=NOT_READERS,
        bad=lambda w: ("/insight/feedback/comments?month_from=2026-13", None),
    ),
    ("get", f"{R}/comments/{{comment_id}}"): Op(
        lambda w: (f"/insight/feedback/comments/{w.comment.pk}", None),
        forbidden=NOT_READERS,
        bad=lambda w: ("/insight/feedback/comments/0", None),
    ),
    ("get", f"{R}/imports"): Op(
        lambda w: ("/insight/feedback/imports", None),
        oscar="list",
        forbidden=NOT_READERS,
        bad=lambda w: ("/insight/feedback/imports?page=0", None),
    ),
    ("get", f"{R}/imports/{{import_id}}"): Op(
        lambda w: (f"/insight/feedback/imports/{w.feedback_import.pk}", None),
        forbidden=NOT_READERS,
        bad=lambda w: ("/insight/feedback/imports/0", None),
    ),
}
OPS.update(BANK_OPS)
