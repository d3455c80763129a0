"""The governance pages: the gate shown before the button, a refused sign-off (409, every reason in
the error summary, nothing saved), the assurance and its conditions, boards, papers served only to
the organisation, decisions flagged; wrong role 403, another organisation 404; restore works for
each new record type."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from baton.core.audit import restore_deleted
from baton.core.models import AuditEvent
from baton.cycle.testing import make_programme
from baton.governance import actions
from baton.governance.models import (
    AssuranceCriterion,
    Board,
    BoardMember,
    BusinessCase,
    Decision,
    EngagementAssurance,
    Meeting,
    Paper,
    ScreeningQuestion,
)
from baton.governance.testing import (
    PDF,
    assure,
    make_board,
    make_case,
    make_decision,
    make_meeting,
    make_paper,
    ready_case,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def gov(personas):
    p = personas
    programme = make_programme(p.org, by=p.ellie, name="Diabetes pathway", lead=p.priya)
    board = make_board(p.org, by=p.ellie, name="ICB Board")
    meeting = make_meeting(board, by=p.ellie)
    return p, programme, board, meeting


def test_the_case_page_lists_what_blocks_sign_off_before_the_button(signed_in, gov):
    p, programme, _b, _m = gov
    case = make_case(programme, by=p.priya)
    html = signed_in(p.bea).get(reverse("governance:case_detail", args=[case.pk])).content.decode()
    for reason in case.blockers_to_signing_off():
        assert reason.replace("'", "&#39;") in html or reason in html
    assert "Sign off the business case" not in html
    assert html.count("<h1") == 1


def test_a_refused_sign_off_page_shows_each_reason_answers_409_and_saves_nothing(signed_in, gov):
    p, programme, _b, meeting = gov
    case = make_case(programme, by=p.priya)
    before = AuditEvent.objects.count()
    response = signed_in(p.bea).post(
        reverse("governance:case_sign_off", args=[case.pk]), {"meeting": meeting.pk, "version": case.version}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "nhsuk-error-summary" in html
    assert "No engagement assurance has been given" in html
    assert BusinessCase.objects.get(pk=case.pk).signed_off_at is None
    assert AuditEvent.objects.count() == before


def test_a_board_member_signs_off_a_ready_case_at_a_meeting(signed_in, gov):
    p, programme, _b, meeting = gov
    case = ready_case(programme, lead=p.priya, lay=p.larry)
    client = signed_in(p.bea)
    page = client.get(reverse("governance:case_detail", args=[case.pk])).content.decode()
    assert "Sign off the business case" in page
    response = client.post(
        reverse("governance:case_sign_off", args=[case.pk]), {"meeting": meeting.pk, "version": case.version}
    )
    assert response.status_code == 302
    assert BusinessCase.objects.get(pk=case.pk).signed_off_meeting == meeting


def test_a_stale_sign_off_form_is_refused(signed_in, gov):
    p, programme, _b, meeting = gov
    case = ready_case(programme, lead=p.priya, lay=p.larry)
    seen = case.version
    assure(case, by=p.larry, outcome="not_assured")
    response = signed_in(p.bea).post(
        reverse("governance:case_sign_off", args=[case.pk]), {"meeting": meeting.pk, "version": seen}
    )
    assert response.status_code == 409
    assert BusinessCase.objects.get(pk=case.pk).signed_off_at is None


def test_only_the_lay_member_assures_and_only_a_board_member_signs_off(signed_in, gov):
    p, programme, _b, meeting = gov
    case = ready_case(programme, lead=p.priya, lay=p.larry)
    data = {f"check_{c.pk}": "met" for c in AssuranceCriterion.objects.filter(active=True)}
    data.update(outcome="assured", commentary="Fine.")
    for person in (p.ellie, p.priya, p.bea, p.pat):
        page = signed_in(person).get(reverse("governance:case_assure", args=[case.pk])).content.decode()
        assert "Only the lay or non-executive member records an assurance" in page and "<form method" not in page
        assert signed_in(person).post(reverse("governance:case_assure", args=[case.pk]), data).status_code == 403
    for person in (p.ellie, p.priya, p.larry, p.pat):
        response = signed_in(person).post(reverse("governance:case_sign_off", args=[case.pk]), {"meeting": meeting.pk})
        assert response.status_code == 403
    for name in ("case_edit", "case_screening", "case_ehia", "case_plan", "case_delete"):
        assert signed_in(p.bea).get(reverse(f"governance:{name}", args=[case.pk])).status_code == 403
    for name in ("case_detail", "case_assure", "case_sign_off"):
        assert signed_in(p.oscar).get(reverse(f"governance:{name}", args=[case.pk])).status_code == 404


def test_the_lay_member_assures_with_conditions_and_the_lead_closes_them(signed_in, gov):
    p, programme, _b, _m = gov
    case = make_case(programme, by=p.priya)
    client = signed_in(p.larry)
    data = {f"check_{c.pk}": "met" for c in AssuranceCriterion.objects.filter(active=True)}
    data.update(outcome="conditions", commentary="Mostly good.", conditions="Publish easy read.\nMeet carers again.")
    response = client.post(reverse("governance:case_assure", args=[case.pk]), data)
    assert response.status_code == 302
    assurance = EngagementAssurance.objects.get(case=case)
    assert [c.text for c in assurance.conditions.all()] == ["Publish easy read.", "Meet carers again."]
    condition = assurance.conditions.first()
    lead = signed_in(p.priya)
    empty = lead.post(reverse("governance:condition_close", args=[condition.pk]), {"evidence": ""})
    assert empty.status_code == 200 and "Say what shows the condition is met" in empty.content.decode()
    done = lead.post(
        reverse("governance:condition_close", args=[condition.pk]),
        {"evidence": "Published 2 March.", "version": condition.version},
    )
    assert done.status_code == 302
    condition.refresh_from_db()
    assert condition.closed_by == p.priya


def test_an_assurance_form_with_a_criterion_left_unjudged_says_so(signed_in, gov):
    p, programme, _b, _m = gov
    case = make_case(programme, by=p.priya)
    response = signed_in(p.larry).post(
        reverse("governance:case_assure", args=[case.pk]), {"outcome": "assured", "commentary": "Fine."}
    )
    assert response.status_code == 200
    assert "Say whether this is met" in response.content.decode()
    assert not EngagementAssurance.objects.exists()


def test_the_screening_page_asks_every_question_from_the_reference_data(signed_in, gov):
    p, programme, _b, _m = gov
    case = make_case(programme, by=p.priya)
    ScreeningQuestion.objects.create(key="extra", position=50, text="Has the ward been told?")
    client = signed_in(p.priya)
    page = client.get(reverse("governance:case_screening", args=[case.pk])).content.decode()
    assert "Has the ward been told?" in page
    data = {"duty_applies": "yes", "involvement": "consult", "substantial_variation": "no", "version": case.version}
    data.update({f"answer_{q.pk}": "An answer" for q in ScreeningQuestion.objects.all()})
    data.update(groups_affected="Carers", reason="It moves a clinic.")
    assert client.post(reverse("governance:case_screening", args=[case.pk]), data).status_code == 302
    case.refresh_from_db()
    assert case.screening.missing() == []


def test_the_assessment_page_needs_a_summary_and_a_link_when_done(signed_in, gov):
    p, programme, _b, _m = gov
    case = make_case(programme, by=p.priya)
    response = signed_in(p.priya).post(
        reverse("governance:case_ehia", args=[case.pk]), {"ehia_done": "yes", "version": case.version}
    )
    html = response.content.decode()
    assert "Enter what the assessment found" in html and "Enter the link to the full assessment" in html
    assert not BusinessCase.objects.get(pk=case.pk).ehia_done


def test_papers_are_uploaded_checked_and_served_only_to_the_organisation(signed_in, gov):
    p, _programme, _b, meeting = gov
    client = signed_in(p.ellie)
    bad = client.post(
        reverse("governance:paper_add", args=[meeting.pk]),
        {"title": "Bad", "document": SimpleUploadedFile("x.pdf", b"MZ\x90 a program", content_type="application/pdf")},
    )
    assert bad.status_code == 200 and "does not look like a .pdf file" in bad.content.decode()
    good = client.post(
        reverse("governance:paper_add", args=[meeting.pk]),
        {"title": "Board paper", "document": SimpleUploadedFile("paper.pdf", PDF, content_type="application/pdf")},
    )
    assert good.status_code == 302
    paper = Paper.objects.get()
    got = signed_in(p.pat).get(reverse("governance:paper_download", args=[paper.pk]))
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF
    assert signed_in(p.oscar).get(reverse("governance:paper_download", args=[paper.pk])).status_code == 404


def test_the_decision_register_flags_a_decision_citing_no_engagement(signed_in, gov):
    p, _programme, board, _m = gov
    make_decision(p.org, board, by=p.ellie, title="Cited", duty_applied=True, engagement_influence="People said X.")
    make_decision(p.org, board, by=p.ellie, title="Uncited", duty_applied=True)
    make_decision(p.org, board, by=p.ellie, title="No duty", duty_applied=False)
    assert list(Decision.objects.flagged().values_list("title", flat=True)) == ["Uncited"]
    html = signed_in(p.bea).get(reverse("governance:decision_list") + "?show=flagged").content.decode()
    assert "Uncited" in html and "Cited</a>" not in html


def test_a_decision_recorded_on_the_page(signed_in, gov):
    p, _programme, board, meeting = gov
    response = signed_in(p.ellie).post(
        reverse("governance:decision_create"),
        {
            "board": board.pk,
            "meeting": meeting.pk,
            "decided_on_day": "5",
            "decided_on_month": "3",
            "decided_on_year": "2026",
            "title": "Approve",
            "outcome": "Approved.",
            "duty_applied": "yes",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Decision.objects.flagged().count() == 1  # the duty applied and no engagement is cited


def test_the_lay_member_and_board_member_see_what_waits_for_them_on_the_hub(signed_in, gov):
    p, programme, _b, _m = gov
    make_case(programme, by=p.priya, title="Needs assurance")
    ready_case(programme, lead=p.priya, lay=p.larry, title="Needs a board")
    larry = signed_in(p.larry).get(reverse("hub:index")).content.decode()
    assert "Business cases waiting for your assurance" in larry and "Needs assurance" in larry
    bea = signed_in(p.bea).get(reverse("hub:index")).content.decode()
    assert "Business cases assured and waiting for sign-off" in bea and "Needs a board" in bea
    assert "1 business case waiting for assurance" in bea


def test_every_new_record_type_restores_from_its_deletion(gov):
    p, programme, board, meeting = gov
    case = ready_case(programme, lead=p.priya, lay=p.larry)
    paper = make_paper(meeting, by=p.ellie, business_case=case)
    decision = make_decision(p.org, board, by=p.ellie, meeting=meeting, paper=paper)
    seat = actions.add_member(board, person=p.bea, role="Chair", by=p.ellie)
    other = make_board(p.org, by=p.ellie, name="Committee")
    other_meeting = make_meeting(other, by=p.ellie)
    checks = (
        (decision, actions.delete_decision, Decision),
        (paper, actions.delete_paper, Paper),
        (seat, actions.remove_member, BoardMember),
        (case, actions.delete_case, BusinessCase),
        (other_meeting, actions.delete_meeting, Meeting),
        (other, actions.delete_board, Board),
    )
    for obj, delete, model in checks:
        event = delete(obj, by=p.ellie)
        assert not model.objects.filter(pk=obj.pk).exists()
        restore_deleted(event, by=p.ellie)
        assert model.objects.filter(pk=obj.pk).exists(), model
    case.refresh_from_db()
    assert case.current_assurance() is not None and case.screening_or_none() is not None


def test_editing_an_older_decision_keeps_the_links_no_longer_among_the_newest_offered(signed_in, gov, monkeypatch):
    from baton.cycle.testing import make_insight, make_run
    from baton.governance.forms import DecisionForm

    p, programme, board, meeting = gov
    run = make_run(programme, owner=p.priya, by=p.ellie)
    old_item = make_insight(run, by=p.ellie, title="Parking is hard")
    decision = make_decision(p.org, board, by=p.ellie, meeting=meeting, insight=[old_item])
    make_meeting(board, by=p.ellie)  # newer: the only meeting offered beside the chosen one
    make_insight(run, by=p.ellie, title="Newer")
    monkeypatch.setattr(DecisionForm, "CHOICES", 1)
    monkeypatch.setattr(DecisionForm, "LIMIT", 1)
    form = DecisionForm(instance=decision, organisation=p.org)
    assert meeting in form.fields["meeting"].queryset and old_item in form.fields["insight"].queryset
    assert form.fields["meeting"].queryset.count() == 2 and form.fields["insight"].queryset.count() == 2
    html = signed_in(p.ellie).get(reverse("governance:decision_edit", args=[decision.pk])).content.decode()
    assert f'value="{meeting.pk}" selected' in html and f'value="{old_item.pk}" checked' in html
    # The form sent back as the browser shows it: the links kept, the title changed.
    data = {k: v for k, v in form.initial.items() if k not in ("decided_on", "insight", "handovers", "duty_applied")}
    data.update(
        {
            "board": board.pk,
            "meeting": meeting.pk,
            "insight": [old_item.pk],
            "decided_on_day": "5",
            "decided_on_month": "3",
            "decided_on_year": "2026",
            "title": "Renamed",
            "duty_applied": "",
            "version": decision.version,
        }
    )
    data = {k: ("" if v is None else v) for k, v in data.items()}
    response = signed_in(p.ellie).post(reverse("governance:decision_edit", args=[decision.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    decision.refresh_from_db()
    assert decision.title == "Renamed" and decision.meeting == meeting
    assert list(decision.insight.all()) == [old_item]
