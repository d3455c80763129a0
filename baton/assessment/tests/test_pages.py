"""The self-assessment's pages and API: who reads, who assesses, refusals in words, another
organisation, the trend and the hub."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from baton.core import registry
from baton.core.demo import load_demo
from baton.core.models import AuditEvent, Organisation
from baton.core.testing import queries_for

from .. import actions
from ..hub import assessment_work, self_assessment_panel
from ..models import Assessment, Item, Rating
from ..testing import make_assessment, rate_everything

pytestmark = pytest.mark.django_db


def _two_periods(p):
    first = make_assessment(p.org, by=p.ellie, period="2025/26", period_end=date(2026, 3, 31))
    rate_everything(first, by=p.ellie, scores={("ccg", "E"): 1, ("elements", "3"): 1})
    actions.complete_assessment(first, by=p.ellie)
    second = make_assessment(p.org, by=p.ellie, period="2026/27 Q2", period_end=date(2026, 9, 30))
    rate_everything(second, by=p.ellie, scores={("ccg", "A"): 3, ("ccg", "E"): 3, ("elements", "3"): 3})
    actions.complete_assessment(second, by=p.ellie)
    return first, second


def test_the_trend_compares_periods_and_sums_the_ccg_domains_out_of_15(personas, signed_in, api):
    p = personas
    _two_periods(p)
    make_assessment(p.org, by=p.ellie, period="2026/27 Q3 draft", period_end=date(2026, 12, 31))
    html = signed_in(p.bea).get(reverse("assessment:trend")).content.decode()
    assert html.index("2025/26") < html.index("2026/27 Q2") and "2026/27 Q3 draft" not in html
    assert "9 of 15" in html and "12 of 15" in html
    body = api(p.bea).get("/assessments/trend").json()
    assert body["periods"] == ["2025/26", "2026/27 Q2"] and body["totals"]["ccg"] == [9, 12]


def test_the_lead_rates_an_item_and_bad_input_is_said_in_words(personas, signed_in):
    p = personas
    a = make_assessment(p.org, by=p.ellie)
    item = Item.objects.get(framework__key="ccg", code="A")
    url = reverse("assessment:rate_item", args=[a.pk, item.pk])
    client = signed_in(p.ellie)
    assert "Choose a score" in client.post(url, {"evidence": "x"}).content.decode()
    too_much = client.post(url, {"score": 2, "evidence": "a\nb\nc\nd"}).content.decode()
    assert "at most 3 pieces of evidence" in too_much
    assert client.post(url, {"score": 2, "evidence": "https://example.nhs.uk/board"}).status_code == 302
    assert Rating.objects.get(assessment=a, item=item).score == 2
    page = client.get(url).content.decode()
    assert "Add an action" in page


def test_completing_is_refused_with_the_reasons_then_the_assessment_is_read_only(personas, signed_in):
    p = personas
    a = make_assessment(p.org, by=p.ellie)
    client = signed_in(p.ellie)
    url = reverse("assessment:assessment_complete", args=[a.pk])
    refused = client.post(url, {"version": a.version})
    assert refused.status_code == 409 and "25 items have no score yet" in refused.content.decode()
    rate_everything(a, by=p.ellie)
    a.refresh_from_db()
    assert client.post(url, {"version": a.version}).status_code == 302
    item = Item.objects.first()
    again = client.post(reverse("assessment:rate_item", args=[a.pk, item.pk]), {"score": 3, "evidence": "x"})
    assert again.status_code == 409 and "read-only" in again.content.decode()
    detail = client.get(reverse("assessment:assessment_detail", args=[a.pk])).content.decode()
    assert "Complete the assessment" not in detail and "It is read-only" in detail


def test_only_engagement_leads_assess_and_oscar_sees_nothing(personas, signed_in, api):
    p = personas
    a = make_assessment(p.org, by=p.ellie, period="2026/27 Q3")
    item = Item.objects.get(framework__key="ccg", code="A")
    rating = actions.rate(a, item, score=1, evidence="x", by=p.ellie)
    action = actions.add_action(rating, by=p.ellie, text="Fix it", owner=p.priya, due_on=date(2027, 1, 1))
    before = AuditEvent.objects.count()
    writes = [
        reverse("assessment:assessment_create"),
        reverse("assessment:assessment_edit", args=[a.pk]),
        reverse("assessment:assessment_delete", args=[a.pk]),
        reverse("assessment:assessment_complete", args=[a.pk]),
        reverse("assessment:rate_item", args=[a.pk, item.pk]),
        reverse("assessment:action_create", args=[rating.pk]),
        reverse("assessment:action_edit", args=[action.pk]),
        reverse("assessment:action_delete", args=[action.pk]),
    ]
    for person in (p.priya, p.larry, p.bea, p.pat, p.nora):
        client = signed_in(person)
        for url in writes:
            assert client.post(url, {"score": 3}).status_code == 403, (person, url)
        assert client.get(reverse("assessment:assessment_detail", args=[a.pk])).status_code == 200
        client_api = api(person)
        assert client_api.call("post", f"/assessments/{a.pk}/items/{item.pk}", {"score": 3}).status_code == 403
        assert client_api.post(f"/assessments/{a.pk}/complete").status_code == 403
        assert client_api.delete(f"/assessment-actions/{action.pk}").status_code == 403
        assert client_api.get(f"/assessments/{a.pk}/ratings").status_code == 200
    oscar = signed_in(p.oscar)
    for url in writes[1:] + [reverse("assessment:assessment_detail", args=[a.pk])]:
        assert oscar.get(url).status_code == 404, url
    assert "2026/27 Q3" not in oscar.get(reverse("assessment:assessment_list")).content.decode()
    assert api(p.oscar).get(f"/assessments/{a.pk}").status_code == 404
    assert api(p.oscar).get("/assessments").json()["count"] == 0
    assert AuditEvent.objects.count() == before


def test_the_api_rates_adds_actions_and_completes_through_the_same_rules(personas, api):
    p = personas
    lead = api(p.ellie)
    lead.headers["HTTP_IDEMPOTENCY_KEY"] = "k1"
    made = lead.post("/assessments", {"period": "2026/27 Q4", "period_end": "2027-03-31"})
    again = lead.post("/assessments", {"period": "2026/27 Q4", "period_end": "2027-03-31"})
    assert (made.status_code, again.status_code) == (201, 200) and Assessment.objects.count() == 1
    lead = api(p.ellie)
    a_id = made.json()["id"]
    item = Item.objects.get(framework__key="ccg", code="A")
    assert lead.call("post", f"/assessments/{a_id}/items/{item.pk}", {"score": 7}).status_code == 422
    rated = lead.call("post", f"/assessments/{a_id}/items/{item.pk}", {"score": 1, "evidence": "Board minutes"})
    assert rated.status_code == 200 and rated.json()["evidence"] == ["Board minutes"]
    action = lead.post(
        f"/assessments/{a_id}/items/{item.pk}/actions", {"text": "Fix", "owner_id": p.priya.pk, "due_on": "2027-01-31"}
    )
    assert action.status_code == 201
    refused = lead.post(f"/assessments/{a_id}/complete")
    assert refused.status_code == 409 and "24 items have no score yet" in refused.json()["detail"][0]
    rate_everything(Assessment.objects.get(pk=a_id), by=p.ellie, scores={("ccg", "A"): 1})
    assert lead.post(f"/assessments/{a_id}/complete").json()["status"] == "completed"
    assert lead.call("post", f"/assessments/{a_id}/items/{item.pk}", {"score": 3}).status_code == 409
    assert lead.get(f"/assessments/{a_id}").json()["ccg_total"] == 9
    assert lead.get("/assessment-frameworks").json()["count"] == 3


def test_the_hub_shows_the_latest_ratings_with_evidence_and_leads_see_drafts(personas, signed_in):
    p = personas
    _two_periods(p)
    html = signed_in(p.bea).get(reverse("hub:index")).content.decode()
    assert "2026/27 Q2" in html and "<strong>12 of 15</strong>" in html
    assert "3. Who does what" in html and "https://example.nhs.uk/evidence/" in html
    ctx = registry.HubContext(p.org, p.ellie, timezone.localdate(), timezone.now())
    make_assessment(p.org, by=p.ellie, period="Draft")
    drafts, mine = assessment_work(ctx)
    assert drafts.count == 1 and drafts.items[0].detail == "0 of 25 items rated"
    ctx_priya = registry.HubContext(p.org, p.priya, timezone.localdate(), timezone.now())
    assert [w.key for w in assessment_work(ctx_priya)] == ["assessment_actions"]
    assert self_assessment_panel(None, registry.HubContext(p.other_org, None, date.today(), timezone.now())) == {
        "latest": None
    }


def test_lists_and_the_trend_do_not_grow_in_queries_with_the_data(personas, signed_in):
    p = personas
    client = signed_in(p.ellie)
    first, second = _two_periods(p)
    urls = [
        reverse("assessment:assessment_list"),
        reverse("assessment:trend"),
        reverse("assessment:assessment_detail", args=[second.pk]),
        reverse("hub:index"),
    ]
    few = [queries_for(client, url) for url in urls]
    for n in range(4):
        extra = make_assessment(p.org, by=p.ellie, period=f"Extra {n}", period_end=date(2024, 3, 31 - n))
        rate_everything(extra, by=p.ellie, scores={("ccg", "A"): 0, ("ccg", "B"): 1})
        actions.complete_assessment(extra, by=p.ellie)
    assert [queries_for(client, url) for url in urls] == few


def test_the_demo_has_two_completed_periods_showing_a_trend_and_a_draft():
    load_demo(password="demo-password-123")
    org = Organisation.objects.get(ods_code="QZZ")
    completed = list(Assessment.objects.for_org(org).completed().with_scores().order_by("period_end"))
    assert [a.ccg_total for a in completed] == [9, 12]
    assert Assessment.objects.for_org(org).filter(status="draft").count() == 1
    load_demo(password="demo-password-123")
    assert Assessment.objects.for_org(org).count() == 3
