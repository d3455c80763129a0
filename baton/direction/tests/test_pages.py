"""The direction's pages: who may do what (403 wrong role, 404 another organisation, nothing saved),
bad input in the error summary, a refusal as 409, a form sent twice saving once, and lists whose
query count does not grow."""

import pytest
from django.urls import reverse

from baton.core.models import AuditEvent
from baton.core.testing import queries_for
from baton.cycle.testing import make_programme

from ..models import Objective, Plan, PlanType, PrincipleAdoption, VisionVersion
from ..testing import make_plan, make_strategy, make_vision

pytestmark = pytest.mark.django_db


def test_only_engagement_leads_draft_and_only_board_members_approve(personas, client):
    p = personas
    draft = make_vision(p.org, by=p.ellie)
    before = AuditEvent.objects.count()
    for person in (p.priya, p.larry, p.pat, p.bea):
        client.force_login(person)
        assert client.post(reverse("direction:vision_edit", args=[draft.pk]), {"statement": "x"}).status_code == 403
        assert client.post(reverse("direction:vision_start")).status_code == 403
    for person in (p.ellie, p.priya, p.larry, p.pat, p.adam):
        client.force_login(person)
        assert client.post(reverse("direction:vision_approve", args=[draft.pk]), {}).status_code == 403
    client.force_login(p.oscar)
    assert client.get(reverse("direction:vision_detail", args=[draft.pk])).status_code == 404
    assert AuditEvent.objects.count() == before
    client.force_login(p.bea)
    response = client.post(reverse("direction:vision_approve", args=[draft.pk]), {"version": draft.version})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "approved"


def test_a_refused_approval_shows_its_reasons_and_saves_nothing(personas, client):
    p = personas
    draft = make_vision(p.org, by=p.ellie, statement="")
    client.force_login(p.bea)
    response = client.post(reverse("direction:vision_approve", args=[draft.pk]), {"version": draft.version})
    assert response.status_code == 409
    assert "Write the vision itself." in response.content.decode()
    assert VisionVersion.objects.get(pk=draft.pk).status == "draft"


def test_editing_an_approved_version_is_refused(personas, client):
    p = personas
    approved = make_vision(p.org, by=p.ellie, approve_by=p.bea)
    client.force_login(p.ellie)
    response = client.post(
        reverse("direction:vision_edit", args=[approved.pk]), {"statement": "New", "version": approved.version}
    )
    assert response.status_code == 409
    assert "cannot be changed" in response.content.decode()


def test_bad_input_is_shown_in_plain_english_and_nothing_is_saved(personas, client):
    p = personas
    client.force_login(p.ellie)
    response = client.post(reverse("direction:plan_create"), {"name": "", "plan_type": "", "link": "not a link"})
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    assert "Enter the plan&#39;s name" in html or "Enter the plan&#x27;s name" in html
    assert "Enter a web address starting https://" in html
    response = client.post(
        reverse("direction:principle_adopt") + "?principle=2",
        {"principle": "2", "how": "We do", "evidence_links": "https://ok.example\nnot a link"},
    )
    assert "Link 2 is not a web address" in response.content.decode()
    assert not Plan.objects.exists() and not PrincipleAdoption.objects.exists()


def test_a_form_sent_twice_saves_once(personas, client):
    p = personas
    client.force_login(p.ellie)
    data = {"name": "Joint forward plan", "plan_type": PlanType.objects.first().pk, "submission": "k1"}
    first, second = (client.post(reverse("direction:plan_create"), data) for _ in range(2))
    assert first.status_code == 302 and second.status_code in (200, 302)
    assert Plan.objects.count() == 1
    draft = make_strategy(p.org, by=p.ellie)
    data = {"title": "Reach everyone", "submission": "k2"}
    for _ in range(2):
        client.post(reverse("direction:objective_create", args=[draft.pk]), data)
    assert Objective.objects.count() == 1


def test_an_approved_strategys_objective_only_changes_its_programmes(personas, client):
    p = personas
    programme = make_programme(p.org, by=p.ellie)
    strategy = make_strategy(p.org, by=p.ellie, approve_by=p.bea, objectives=[("Reach everyone", [], [])])
    objective = strategy.objectives.get()
    client.force_login(p.ellie)
    url = reverse("direction:objective_edit", args=[objective.pk])
    response = client.post(url, {"title": "Changed", "programmes": [programme.pk], "version": objective.version})
    assert response.status_code == 302
    objective.refresh_from_db()
    assert objective.title == "Reach everyone" and list(objective.programmes.all()) == [programme]


def test_lists_and_the_coverage_page_do_not_grow_with_the_data(personas, signed_in):
    p = personas
    make_plan(p.org, by=p.ellie)
    make_programme(p.org, by=p.ellie)
    strategy = make_strategy(p.org, by=p.ellie, objectives=[("O1", [], [])], approve_by=p.bea)
    make_vision(p.org, by=p.ellie, approve_by=p.bea)
    client = signed_in(p.ellie)
    urls = [
        reverse("direction:index"),
        reverse("direction:vision_list"),
        reverse("direction:strategy_list"),
        reverse("direction:strategy_detail", args=[strategy.pk]),
        reverse("direction:coverage"),
        reverse("direction:plan_list"),
        reverse("direction:principle_list"),
        reverse("direction:public_vision", args=[p.org.public_slug]),
        reverse("hub:index"),
    ]
    few = [queries_for(client, url) for url in urls]
    plans = [make_plan(p.org, by=p.ellie) for _ in range(4)]
    programmes = [make_programme(p.org, by=p.ellie) for _ in range(4)]
    for _ in range(3):
        make_vision(p.org, by=p.ellie, approve_by=p.bea)
    draft = make_strategy(p.org, by=p.ellie)
    from .. import actions

    for n in range(6):
        actions.add_objective(draft, by=p.ellie, title=f"More {n}", plans=plans[:2], programmes=programmes[:2])
    draft = actions.approve_version(draft, by=p.bea)
    urls[3] = reverse("direction:strategy_detail", args=[draft.pk])
    many = [queries_for(client, url) for url in urls]
    assert few == many
