import pytest

from baton.cycle.actions import accept_handover, close_stage_run
from baton.cycle.models import StageRun
from baton.cycle.testing import make_activity, make_handover, make_programme, make_run
from baton.cycle.tests.api_helpers import api  # noqa: F401  the API client fixture


@pytest.fixture
def lab(personas):
    """Diabetes (lead Priya): a needs run closed with two activities (a survey and a focus
    group), handed over to plan, now open with a workshop that has not ended. Stroke (lead Ellie):
    a needs run closed with one activity."""
    p = personas
    diabetes = make_programme(p.org, by=p.ellie, lead=p.priya, name="Diabetes pathway")
    needs = make_run(diabetes, "needs", owner=p.priya, by=p.ellie)
    survey = make_activity(needs, by=p.priya, title="Carers' survey")
    group = make_activity(needs, by=p.priya, title="Young people's focus group", method="focus_group")
    handover = make_handover(needs, by=p.priya, next_owner=p.priya)
    accept_handover(handover, by=p.priya)
    close_stage_run(needs, by=p.priya)
    plan = StageRun.objects.get(pk=handover.to_run_id)
    workshop = make_activity(plan, by=p.priya, title="Options workshop", method="codesign", ladder_level="involve")
    stroke = make_programme(p.org, by=p.ellie, lead=p.ellie, name="Stroke rehabilitation")
    s_needs = make_run(stroke, "needs", owner=p.ellie, by=p.ellie)
    s_talk = make_activity(s_needs, by=p.ellie, title="Stroke survivors' conversation")
    s_hand = make_handover(s_needs, by=p.ellie, next_owner=p.ellie)
    accept_handover(s_hand, by=p.ellie)
    close_stage_run(s_needs, by=p.ellie)
    for obj in (needs, survey, group, workshop, s_needs, s_talk):
        obj.refresh_from_db()
    return type(
        "Lab",
        (),
        {
            "p": p,
            "diabetes": diabetes,
            "needs": needs,
            "plan": plan,
            "survey": survey,
            "group": group,
            "workshop": workshop,
            "stroke": stroke,
            "stroke_activity": s_talk,
        },
    )
