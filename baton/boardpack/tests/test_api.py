"""The board packs API: list, read and generate, with the pages' permissions and rules."""

from datetime import date

import pytest

from baton.boardpack.models import BoardPack
from baton.boardpack.testing import cover, make_pack

pytestmark = pytest.mark.django_db


def _body(**overrides):
    return {k: str(v) for k, v in cover(**overrides).items()}


def test_a_board_member_lists_and_reads_packs_with_their_links(personas, api):
    pack = make_pack(personas.org, by=personas.ellie, title="Winter report")
    make_pack(personas.other_org, by=personas.oscar, title="Theirs")
    listed = api(personas.bea).get("/board-packs")
    assert listed.status_code == 200
    assert [p["title"] for p in listed.json()["items"]] == ["Winter report"]
    one = api(personas.bea).get(f"/board-packs/{pack.pk}").json()
    assert one["status"] == "ready" and one["assurance_level"] == "reasonable"
    assert one["page_url"] == f"/board-pack/{pack.pk}/"
    assert one["pdf_url"] == f"/board-pack/{pack.pk}/pack.pdf" and one["xlsx_url"].endswith("pack.xlsx")


def test_generating_answers_201_and_the_same_key_again_makes_nothing_more(personas, api, run_tasks):
    client = api(personas.ellie)
    client.headers["HTTP_IDEMPOTENCY_KEY"] = "pack-1"
    with run_tasks():
        first = client.post("/board-packs", _body(title="Spring report"))
    with run_tasks():
        again = client.post("/board-packs", _body(title="Spring report"))
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    assert BoardPack.objects.count() == 1
    assert BoardPack.objects.get().status == BoardPack.Status.READY


def test_bad_cover_sheets_are_422_with_field_errors_and_save_nothing(personas, api):
    client = api(personas.ellie)
    response = client.post("/board-packs", _body(purpose="decoration"))
    assert response.status_code == 422
    assert ["body", "purpose"] in [e["loc"] for e in response.json()["detail"]]
    response = client.post("/board-packs", _body(period_start=date(2026, 6, 1), period_end=date(2026, 5, 1)))
    assert response.status_code == 422
    assert "on or after its start" in str(response.json()["detail"])
    theirs = client.post("/board-packs", {**_body(), "objective_ids": [999_999]})
    assert theirs.status_code == 422
    assert not BoardPack.objects.exists()


def test_only_engagement_leads_and_admins_generate(personas, api):
    assert api(personas.priya).post("/board-packs", _body()).status_code == 403
    assert api(personas.adam).post("/board-packs", _body()).status_code == 201
    assert api(personas.pat).get("/board-packs").status_code == 403
