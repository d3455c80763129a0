"""The board pack's rows of the API permission matrix (baton/cycle/tests/test_api_permissions.py
gathers every area's `OPS` and runs `prepare(world)` first). A patient partner reads none of it
(403), as on the pages; staff and board members read; only engagement leads and admins generate."""

from baton.cycle.tests.test_api_permissions import Op

from ..testing import cover, make_pack

R = "/api/board-packs"
MAKERS_NOT = ("priya", "bea", "larry", "pat", "nora", "fiona")


def prepare(w) -> None:
    w.pack = make_pack(w.p.org, by=w.p.ellie, run=False)


def _new(w, **overrides):
    body = {k: str(v) for k, v in cover(**overrides).items()}
    return ("/board-packs", body)


OPS = {
    ("get", R): Op(
        lambda w: ("/board-packs", None),
        oscar="list",
        forbidden=("pat",),
        bad=lambda w: ("/board-packs?page=0", None),
    ),
    ("post", R): Op(
        _new,
        ok=201,
        forbidden=MAKERS_NOT,
        oscar="elsewhere",
        bad=lambda w: _new(w, title=""),
    ),
    ("get", f"{R}/{{pack_id}}"): Op(
        lambda w: (f"/board-packs/{w.pack.pk}", None),
        forbidden=("pat",),
        bad=lambda w: ("/board-packs/0", None),
    ),
}
