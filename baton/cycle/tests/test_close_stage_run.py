import pytest

from baton.core.errors import RuleBroken
from baton.cycle.actions import accept_handover, close_stage_run, query_handover
from baton.cycle.models import StageRun
from baton.cycle.testing import make_handover, make_programme, make_run


@pytest.mark.django_db
def test_stage_run_cannot_close_without_accepted_handover_rule_matrix(personas):
    """Baton rule: condition x outcome."""
    p = personas
    cases = ["no handover", "pending", "queried", "accepted"]
    for case in cases:
        programme = make_programme(p.org, by=p.ellie, lead=p.priya)
        run = make_run(programme, "needs", owner=p.priya, by=p.ellie)
        if case != "no handover":
            handover = make_handover(run, by=p.priya, next_owner=p.priya)
            if case == "queried":
                query_handover(handover, note="Which groups were not reached?", by=p.priya)
            if case == "accepted":
                accept_handover(handover, by=p.priya)
        run.refresh_from_db()
        if case == "accepted":
            close_stage_run(run, by=p.priya)
            run.refresh_from_db()
            assert run.status == StageRun.Status.CLOSED, case
        else:
            with pytest.raises(RuleBroken) as err:
                close_stage_run(run, by=p.priya)
            assert err.value.reasons, case
            run.refresh_from_db()
            assert run.status == StageRun.Status.OPEN, case


@pytest.mark.django_db
def test_accepting_a_handover_opens_the_next_stage_and_emails_the_next_owner(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    p = personas
    programme = make_programme(p.org, by=p.ellie)
    run = make_run(programme, "needs", owner=p.ellie)
    with django_capture_on_commit_callbacks(execute=True):
        handover = make_handover(run, by=p.ellie, next_owner=p.priya)
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [p.priya.email]
    assert handover.to_run.status == StageRun.Status.PLANNED
    accept_handover(handover, by=p.priya)
    handover.to_run.refresh_from_db()
    assert handover.to_run.status == StageRun.Status.OPEN
    assert handover.to_run.stage == "plan"


@pytest.mark.django_db
def test_a_programme_is_in_the_stage_of_its_open_run_while_the_next_awaits_acceptance(personas):
    from baton.cycle.models import Programme

    p = personas
    programme = make_programme(p.org, by=p.ellie)
    run = make_run(programme, "needs", owner=p.ellie)
    make_handover(run, by=p.ellie, next_owner=p.priya)
    assert Programme.objects.with_current_stage().get(pk=programme.pk).current_stage == "needs"
