"""Hand-over pages: handing over, the hand-over with its state, accepting, querying, changing a
queried hand-over, and the list with its filters."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from baton.cycle import forms
from baton.cycle.actions import accept_handover, query_handover, update_handover
from baton.cycle.models import Handover, StageRun
from baton.cycle.testing import make_handover, make_insight, make_programme, make_run

pytestmark = pytest.mark.django_db


def _run(p):
    programme = make_programme(p.org, by=p.ellie, name="Diabetes", lead=p.priya)
    return make_run(programme, "needs", owner=p.priya, by=p.ellie)


def _handover(p, **kw):
    return make_handover(_run(p), by=p.priya, next_owner=kw.pop("next_owner", p.ellie), **kw)


def _age(handover, days):
    Handover.objects.filter(pk=handover.pk).update(created_at=timezone.now() - timedelta(days=days))


def test_owner_hands_over_settling_every_open_insight_item(personas, signed_in):
    run = _run(personas)
    carried = make_insight(run, by=personas.priya, title="Carry me")
    answered = make_insight(run, by=personas.priya, title="Answer me")
    closed = make_insight(run, by=personas.priya, title="Close me")
    client = signed_in(personas.priya)
    form = client.get(reverse("cycle:handover_create", args=[run.pk])).content.decode()
    assert "Carry me" in form and "Close me" in form and "Develop priorities, strategies and plans" in form
    # Carrying forward is the default: each item's "carry" choice starts checked.
    assert form.count('value="carry" checked') == 3
    data = {
        "to_stage": "plan",
        "next_owner": personas.ellie.pk,
        "summary": "Carers need evening slots.",
        "open_actions": "Share the report",
        f"insight_{carried.pk}": "carry",
        f"insight_{answered.pk}": "answer",
        f"insight_{answered.pk}_text": "Evening clinic started in March.",
        f"insight_{closed.pk}": "close",
        f"insight_{closed.pk}_text": "",
    }
    html = client.post(reverse("cycle:handover_create", args=[run.pk]), data).content.decode()
    assert "Say why &#39;Close me&#39; is closed without action" in html and not Handover.objects.exists()
    response = client.post(
        reverse("cycle:handover_create", args=[run.pk]), {**data, f"insight_{closed.pk}_text": "Out of scope."}
    )
    handover = Handover.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("cycle:handover_detail", args=[handover.pk])
    assert list(handover.carried_insight.all()) == [carried] and handover.next_owner == personas.ellie
    assert handover.to_run.status == StageRun.Status.PLANNED
    answered.refresh_from_db()
    closed.refresh_from_db()
    assert (answered.status, answered.resolution) == ("answered", "Evening clinic started in March.")
    assert (closed.status, closed.resolution) == ("closed", "Out of scope.")


def test_an_item_left_without_a_choice_is_not_dropped_silently(personas, signed_in):
    run = _run(personas)
    item = make_insight(run, by=personas.priya, title="Forgotten")
    html = (
        signed_in(personas.priya)
        .post(
            reverse("cycle:handover_create", args=[run.pk]),
            {"to_stage": "plan", "next_owner": personas.ellie.pk, "summary": "Done."},
        )
        .content.decode()
    )
    assert "Choose what happens to &#39;Forgotten&#39;" in html and not Handover.objects.exists()
    item.refresh_from_db()
    assert item.status == "open"


def test_handing_over_with_bad_input_shows_errors_and_saves_nothing(personas, signed_in):
    run = _run(personas)
    html = (
        signed_in(personas.priya)
        .post(
            reverse("cycle:handover_create", args=[run.pk]),
            {
                "to_stage": "monitor",
                "next_owner": "",
                "summary": "  ",
                "open_actions": "kept",
            },
        )
        .content.decode()
    )
    assert "There is a problem" in html and "Choose one of the stages listed" in html
    assert "Choose who owns the next stage" in html and "Say what this stage learned" in html and "kept" in html
    assert not Handover.objects.exists()


def test_handing_over_when_the_next_stage_is_already_live_is_refused_with_the_reason(personas, signed_in):
    run = _run(personas)
    make_run(run.programme, "plan", owner=personas.ellie)
    html = (
        signed_in(personas.priya)
        .post(
            reverse("cycle:handover_create", args=[run.pk]),
            {
                "to_stage": "plan",
                "next_owner": personas.ellie.pk,
                "summary": "Done.",
            },
        )
        .content.decode()
    )
    assert "already has a Develop priorities, strategies and plans run that is not closed" in html
    assert not Handover.objects.exists()


def test_hand_over_form_limits_the_insight_it_lists_and_says_so(personas, signed_in, monkeypatch):
    monkeypatch.setattr(forms, "INSIGHT_LIMIT", 2)
    run = _run(personas)
    for n in range(4):
        make_insight(run, by=personas.priya, title=f"Item {n}")
    make_insight(run, by=personas.priya, title="Answered one", status="answered", resolution="Done.")
    html = signed_in(personas.priya).get(reverse("cycle:handover_create", args=[run.pk])).content.decode()
    assert "Showing the 2 most recent of 4 open insight items. The other 2 are carried forward." in html
    assert "Item 3" in html and "Item 2" in html and "Item 0" not in html and "Answered one" not in html


def test_a_run_that_has_handed_over_goes_to_its_hand_over(personas, signed_in):
    handover = _handover(personas)
    response = signed_in(personas.priya).get(reverse("cycle:handover_create", args=[handover.from_run_id]))
    assert response["Location"] == reverse("cycle:handover_detail", args=[handover.pk])


def test_readers_and_oscar_cannot_hand_over(personas, signed_in):
    run = _run(personas)
    data = {"to_stage": "plan", "next_owner": personas.ellie.pk, "summary": "x"}
    assert signed_in(personas.bea).post(reverse("cycle:handover_create", args=[run.pk]), data).status_code == 403
    assert signed_in(personas.oscar).post(reverse("cycle:handover_create", args=[run.pk]), data).status_code == 404
    assert not Handover.objects.exists()


def test_hand_over_page_shows_summary_actions_insight_due_date_and_state(personas, signed_in, settings):
    settings.BATON_PAGE_SIZE = 2
    run = _run(personas)
    items = [make_insight(run, by=personas.priya, title=f"Carried {n}") for n in range(3)]
    handover = make_handover(
        run,
        by=personas.priya,
        next_owner=personas.ellie,
        insight=items,
        summary="Carers need evening slots.",
        open_actions="Share the report\nBook the hall",
    )
    html = signed_in(personas.bea).get(reverse("cycle:handover_detail", args=[handover.pk])).content.decode()
    due = handover.created_at + timedelta(days=30)
    assert (
        "Carers need evening slots." in html
        and "<li>Share the report</li>" in html
        and "<li>Book the hall</li>" in html
    )
    assert f"{due.day} {due:%B %Y}" in html and "Awaiting acceptance" in html
    assert "Carried 2" in html and "Carried 0" not in html  # paginated
    assert "Accept the hand-over" not in html and "Change the hand-over" not in html  # Bea reads only


def test_overdue_hand_over_says_so(personas, signed_in):
    handover = _handover(personas)
    _age(handover, 31)
    html = signed_in(personas.ellie).get(reverse("cycle:handover_detail", args=[handover.pk])).content.decode()
    assert "Overdue" in html and "This hand-over is overdue" in html


def test_anonymous_and_oscar_cannot_see_a_hand_over(personas, signed_in, client):
    handover = _handover(personas)
    url = reverse("cycle:handover_detail", args=[handover.pk])
    assert reverse("core:login") in client.get(url)["Location"]
    assert signed_in(personas.oscar).get(url).status_code == 404
    assert signed_in(personas.oscar).post(reverse("cycle:handover_accept", args=[handover.pk])).status_code == 404


def test_next_owner_accepts_and_the_next_stage_opens(personas, signed_in):
    handover = _handover(personas, next_owner=personas.priya)
    client = signed_in(personas.priya)
    assert "Accept the hand-over" in client.get(reverse("cycle:handover_detail", args=[handover.pk])).content.decode()
    response = client.post(reverse("cycle:handover_accept", args=[handover.pk]), {"version": handover.version})
    assert response.status_code == 302 and response["Location"] == reverse(
        "cycle:run_detail", args=[handover.to_run_id]
    )
    handover.refresh_from_db()
    assert handover.status == Handover.Status.ACCEPTED and handover.to_run.status == StageRun.Status.OPEN


def test_only_the_named_next_owner_may_accept_a_hand_over(personas, signed_in):
    p = personas
    # Ellie leads engagement, but the hand-over is Adam's to accept: she changes the next owner instead.
    cases = [(p.adam, 302), (p.ellie, 403), (p.priya, 403), (p.bea, 403), (p.larry, 403), (p.pat, 403), (p.nora, 403)]
    for user, status in cases:
        other = make_programme(p.org, by=p.ellie)
        handover = make_handover(make_run(other, "needs", owner=p.ellie), by=p.ellie, next_owner=p.adam)
        assert signed_in(user).post(reverse("cycle:handover_accept", args=[handover.pk])).status_code == status, user


def test_accepting_with_htmx_redirects_and_a_refusal_swaps_in_the_reason(personas, signed_in):
    handover = _handover(personas)
    client = signed_in(personas.ellie)
    url = reverse("cycle:handover_accept", args=[handover.pk])
    response = client.post(url, {"version": handover.version}, HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == reverse("cycle:run_detail", args=[handover.to_run_id])
    again = client.post(url, {"version": 2}, HTTP_HX_REQUEST="true")
    html = again.content.decode()
    assert again.status_code == 200 and '<div id="handover-response">' in html and "<h1>" not in html
    assert "This hand-over has already been accepted." in html


def test_accepting_from_a_stale_page_is_refused(personas, signed_in):
    handover = _handover(personas)
    update_handover(handover, {"summary": "Changed by the sender"}, by=personas.priya)
    response = signed_in(personas.ellie).post(reverse("cycle:handover_accept", args=[handover.pk]), {"version": 1})
    assert response.status_code == 409 and "Someone else changed this hand-over" in response.content.decode()
    handover.refresh_from_db()
    assert handover.status == Handover.Status.PENDING


def test_querying_needs_a_note(personas, signed_in):
    handover = _handover(personas)
    client = signed_in(personas.ellie)
    response = client.post(
        reverse("cycle:handover_query", args=[handover.pk]), {"note": "  ", "version": handover.version}
    )
    html = response.content.decode()
    assert "There is a problem" in html and "Say what you need before you can accept this hand-over" in html
    handover.refresh_from_db()
    assert handover.status == Handover.Status.PENDING
    response = client.post(
        reverse("cycle:handover_query", args=[handover.pk]),
        {"note": "Which groups were missed?", "version": handover.version},
    )
    assert response.status_code == 302
    handover.refresh_from_db()
    assert handover.status == Handover.Status.QUERIED
    assert list(handover.messages.values_list("kind", "text", "author")) == [
        ("query", "Which groups were missed?", personas.ellie.pk)
    ]


def test_querying_with_htmx_swaps_in_the_error(personas, signed_in):
    handover = _handover(personas)
    response = signed_in(personas.ellie).post(
        reverse("cycle:handover_query", args=[handover.pk]), {"note": ""}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<h1>" not in html and "Say what you need before you can accept" in html


def test_board_member_cannot_query(personas, signed_in):
    handover = _handover(personas)
    assert (
        signed_in(personas.bea).post(reverse("cycle:handover_query", args=[handover.pk]), {"note": "Why?"}).status_code
        == 403
    )


def test_sender_answers_a_query_seeing_the_question_and_the_next_owner_is_asked_again(
    personas, signed_in, mailoutbox, django_capture_on_commit_callbacks
):
    handover = _handover(personas)
    query_handover(handover, note="Which groups were missed?", by=personas.ellie)
    handover.refresh_from_db()
    client = signed_in(personas.priya)
    page = client.get(reverse("cycle:handover_detail", args=[handover.pk])).content.decode()
    assert "Which groups were missed?" in page and "Answer the query" in page
    form = client.get(reverse("cycle:handover_answer", args=[handover.pk])).content.decode()
    assert "Which groups were missed?" in form and 'name="answer"' in form
    url = reverse("cycle:handover_answer", args=[handover.pk])
    empty = client.post(url, {"answer": " ", "summary": handover.summary, "version": handover.version})
    assert "Write your answer to the query" in empty.content.decode()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "answer": "Young carers; added.",
                "summary": "Young carers were missed; added.",
                "version": handover.version,
            },
        )
    assert response.status_code == 302
    handover.refresh_from_db()
    assert handover.status == Handover.Status.PENDING and handover.summary == "Young carers were missed; added."
    assert [m.kind for m in handover.messages.all()] == ["query", "answer"]
    assert [m.to for m in mailoutbox] == [[personas.ellie.email]] and "answered your query" in mailoutbox[0].body
    page = signed_in(personas.ellie).get(reverse("cycle:handover_detail", args=[handover.pk])).content.decode()
    assert "Which groups were missed?" in page and "Young carers; added." in page  # the whole conversation


def test_changing_a_hand_over_with_bad_or_stale_input_saves_nothing(personas, signed_in):
    handover = _handover(personas)
    client = signed_in(personas.priya)
    html = client.post(
        reverse("cycle:handover_edit", args=[handover.pk]),
        {"next_owner": personas.ellie.pk, "summary": "", "version": handover.version},
    ).content.decode()
    assert "Say what this stage learned" in html
    update_handover(handover, {"summary": "Newer"}, by=personas.ellie)
    html = client.post(
        reverse("cycle:handover_edit", args=[handover.pk]),
        {"next_owner": personas.ellie.pk, "summary": "Mine", "version": 1},
    ).content.decode()
    assert "Someone else changed this hand-over" in html
    handover.refresh_from_db()
    assert handover.summary == "Newer"


def test_an_accepted_hand_over_cannot_change(personas, signed_in):
    handover = _handover(personas)
    accept_handover(handover, by=personas.ellie)
    handover.refresh_from_db()
    client = signed_in(personas.priya)
    assert (
        "Change the hand-over" not in client.get(reverse("cycle:handover_detail", args=[handover.pk])).content.decode()
    )
    html = client.post(
        reverse("cycle:handover_edit", args=[handover.pk]),
        {"next_owner": personas.ellie.pk, "summary": "Late change", "version": handover.version},
    ).content.decode()
    assert "This hand-over has been accepted and can no longer change." in html
    assert signed_in(personas.bea).post(reverse("cycle:handover_edit", args=[handover.pk]), {}).status_code == 403


def test_hand_over_list_filters_waiting_for_me_overdue_and_all(personas, signed_in, settings):
    p = personas
    make_handover(
        make_run(make_programme(p.org, by=p.ellie, name="Mine"), "needs", owner=p.ellie), by=p.ellie, next_owner=p.priya
    )
    late = make_handover(
        make_run(make_programme(p.org, by=p.ellie, name="Late"), "needs", owner=p.ellie), by=p.ellie, next_owner=p.ellie
    )
    _age(late, 40)
    done = make_handover(
        make_run(make_programme(p.org, by=p.ellie, name="Done"), "needs", owner=p.ellie), by=p.ellie, next_owner=p.priya
    )
    accept_handover(done, by=p.priya)
    make_handover(
        make_run(make_programme(p.other_org, by=p.oscar, name="Elsewhere"), "needs", owner=p.oscar),
        by=p.oscar,
        next_owner=p.oscar,
    )
    client = signed_in(p.priya)
    url = reverse("cycle:handover_list")
    everything = client.get(url).content.decode()
    assert all(name in everything for name in ["Mine", "Late", "Done"]) and "Elsewhere" not in everything
    waiting = client.get(url + "?show=waiting").content.decode()
    assert "Mine" in waiting and "Late" not in waiting and "Done" not in waiting
    overdue = client.get(url + "?show=overdue").content.decode()
    assert "Late" in overdue and "Mine" not in overdue and "Overdue" in overdue
    assert client.get(url + "?show=nonsense").status_code == 404
    settings.BATON_PAGE_SIZE = 1
    assert "Page 2 of 3" in client.get(url).content.decode()


def test_anonymous_visitor_is_sent_to_sign_in_from_the_hand_over_list(client, personas):
    assert reverse("core:login") in client.get(reverse("cycle:handover_list"))["Location"]


def test_a_lead_passes_a_hand_over_to_another_next_owner_and_both_are_told(
    personas, signed_in, mailoutbox, django_capture_on_commit_callbacks
):
    """Issue item 3: only the named next owner accepts; a lead changes who that is, the change is
    recorded in the conversation, the planned run becomes the new owner's, and both are told."""
    p = personas
    handover = _handover(p, next_owner=p.priya)
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(p.ellie).post(
            reverse("cycle:handover_edit", args=[handover.pk]),
            {"next_owner": p.adam.pk, "summary": handover.summary, "open_actions": "", "version": handover.version},
        )
    assert response.status_code == 302
    handover.refresh_from_db()
    assert handover.next_owner == p.adam and handover.to_run.owner == p.adam
    assert [m.text for m in handover.messages.all()] == ["Next owner changed from Priya Patel to Adam Admin."]
    assert sorted(m.to[0] for m in mailoutbox) == sorted([p.adam.email, p.priya.email])
    assert signed_in(p.priya).post(reverse("cycle:handover_accept", args=[handover.pk])).status_code == 403
    assert signed_in(p.adam).post(reverse("cycle:handover_accept", args=[handover.pk])).status_code == 302


def test_the_sender_is_told_when_the_hand_over_is_accepted(
    personas, signed_in, mailoutbox, django_capture_on_commit_callbacks
):
    p = personas
    handover = _handover(p)  # from Priya to Ellie
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(p.ellie).post(reverse("cycle:handover_accept", args=[handover.pk]), {"version": handover.version})
    assert [m.to for m in mailoutbox] == [[p.priya.email]]
    assert "You can now close" in mailoutbox[0].body


def test_a_hand_over_cannot_go_to_someone_who_may_not_own_work(personas, signed_in):
    p = personas
    handover = _handover(p)
    html = (
        signed_in(p.priya)
        .post(
            reverse("cycle:handover_edit", args=[handover.pk]),
            {"next_owner": p.bea.pk, "summary": handover.summary, "version": handover.version},
        )
        .content.decode()
    )
    assert "Choose the next owner from the list" in html
    handover.refresh_from_db()
    assert handover.next_owner == p.ellie
