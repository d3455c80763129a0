"""Real races (PostgreSQL): two board members signing off the same business case at once, and two
assurances of one case at once. One wins; the other is told why (RuleBroken or StaleEdit), never a
500 and never two records."""

from baton.core.errors import RuleBroken, StaleEdit
from baton.core.models import AuditEvent
from baton.cycle.testing import make_programme
from baton.governance import actions
from baton.governance.models import BusinessCase, EngagementAssurance
from baton.governance.testing import checks_all, make_board, make_case, make_meeting, ready_case
from tests.test_faults import _postgresql_only, _race


def test_two_sign_offs_of_one_case_at_the_same_moment_sign_it_off_once(transactional_db):
    from baton.core.models import Role
    from baton.core.testing import add_role, make_personas

    _postgresql_only()
    p = make_personas()
    add_role(p.adam, p.org, Role.BOARD_MEMBER)
    programme = make_programme(p.org, by=p.ellie, name="Diabetes pathway", lead=p.priya)
    meeting = make_meeting(make_board(p.org, by=p.ellie, name="ICB Board"), by=p.ellie)
    case = ready_case(programme, lead=p.priya, lay=p.larry)

    def sign(user):
        return lambda: actions.sign_off(BusinessCase.objects.get(pk=case.pk), meeting=meeting, by=user)

    results = _race(sign(p.bea), sign(p.adam), pause_in="baton.core.audit.snapshot")

    assert sum(isinstance(r, BusinessCase) for r in results) == 1, results
    assert sum(isinstance(r, RuleBroken | StaleEdit) for r in results) == 1, results
    assert AuditEvent.objects.filter(action="sign_off_business_case").count() == 1


def test_two_assurances_of_one_case_at_the_same_moment_record_one(transactional_db):
    from baton.core.models import Role
    from baton.core.testing import add_role, make_personas

    _postgresql_only()
    p = make_personas()
    add_role(p.adam, p.org, Role.LAY_MEMBER)
    programme = make_programme(p.org, by=p.ellie, name="Diabetes pathway", lead=p.priya)
    case = make_case(programme, by=p.priya)

    def assure(user, outcome):
        return lambda: actions.assure_engagement(
            BusinessCase.objects.get(pk=case.pk),
            outcome=outcome,
            commentary="Seen the evidence.",
            checks=checks_all(),
            supersedes=None,
            by=user,
        )

    results = _race(assure(p.larry, "assured"), assure(p.adam, "not_assured"), pause_in="baton.core.audit.snapshot")

    assert sum(isinstance(r, EngagementAssurance) for r in results) == 1, results
    refused = [r for r in results if isinstance(r, RuleBroken)]
    assert len(refused) == 1 and "Someone else recorded an assurance" in refused[0].reasons[0], results
    assert EngagementAssurance.objects.filter(case_id=case.pk).count() == 1
