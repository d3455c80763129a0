"""A decision on a consulted proposal cannot be recorded before the consultation report exists
(DESIGN.md rule 3, asked of `Consultation.blockers_to_deciding()` under its lock), on the page and
in the API alike; once reported, it can, and the decision counts as citing engagement."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from baton.consultations.models import Consultation
from baton.core.errors import RuleBroken
from baton.cycle.tests.api_helpers import Api
from baton.governance.models import Decision
from baton.governance.testing import PDF, make_board, make_decision

pytestmark = pytest.mark.django_db


def _consultation(org, status):
    consultation = Consultation(
        organisation=org,
        title="The future of stroke services",
        proposal="Move hyper-acute stroke care to one site.",
        opens_on=date(2026, 1, 5),
        closes_on=date(2026, 3, 30),
        status=status,
    )
    if status == "reported":
        consultation.report.save("report.pdf", ContentFile(PDF), save=False)
        consultation.report_summary = "Most people supported one site if transport is provided; transport added."
    consultation.save()
    return consultation


def test_no_decision_before_the_consultation_report(personas):
    p = personas
    board = make_board(p.org, by=p.ellie, name="ICB Board")
    for status in ("planned", "open", "closed"):
        consultation = _consultation(p.org, status)
        with pytest.raises(RuleBroken) as refused:
            make_decision(p.org, board, by=p.ellie, consultation=consultation, duty_applied=True)
        assert refused.value.reasons == consultation.blockers_to_deciding()
    assert not Decision.objects.exists()


def test_a_reported_consultation_allows_the_decision_which_then_cites_engagement(personas):
    p = personas
    board = make_board(p.org, by=p.ellie, name="ICB Board")
    consultation = _consultation(p.org, "reported")
    assert consultation.blockers_to_deciding() == []
    decision = make_decision(p.org, board, by=p.ellie, consultation=consultation, duty_applied=True)
    assert not Decision.objects.flagged().filter(pk=decision.pk).exists()


def test_the_page_and_the_api_refuse_a_decision_before_the_report(personas, signed_in, client):
    p = personas
    board = make_board(p.org, by=p.ellie, name="ICB Board")
    consultation = _consultation(p.org, "open")
    response = signed_in(p.ellie).post(
        reverse("governance:decision_create"),
        {
            "board": board.pk,
            "decided_on_day": "5",
            "decided_on_month": "4",
            "decided_on_year": "2026",
            "title": "Approve one stroke site",
            "outcome": "Approved.",
            "consultation": consultation.pk,
        },
    )
    assert response.status_code == 409
    assert "is still open" in response.content.decode()
    api = Api(client, p.ellie).post(
        "/governance/decisions",
        {
            "board_id": board.pk,
            "decided_on": "2026-04-05",
            "title": "Approve one stroke site",
            "outcome": "Approved.",
            "consultation_id": consultation.pk,
        },
    )
    assert api.status_code == 409 and api.json()["detail"] == consultation.blockers_to_deciding()
    other = _consultation(p.other_org, "reported")
    stray = Api(client, p.ellie).post(
        "/governance/decisions",
        {"board_id": board.pk, "decided_on": "2026-04-05", "title": "T", "outcome": "O", "consultation_id": other.pk},
    )
    assert stray.status_code == 422
    assert not Decision.objects.exists()
