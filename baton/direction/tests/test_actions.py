"""The direction's actions, rule by rule: the exact sentence each refusal shows (people read them),
who and which action the audit trail records for every change, a stale edit refused with nothing
saved, objectives linked only to the organisation's own plans and programmes, how a new draft is
numbered and what it copies, what approving supersedes, and who may do what (the pages and the API
ask the same permission helpers)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from baton.core.errors import RuleBroken, StaleEdit
from baton.core.models import AuditEvent, Role
from baton.core.testing import add_role
from baton.cycle.testing import make_programme

from .. import actions, permissions
from ..models import Objective, Plan, PrincipleAdoption, StrategyVersion, VisionVersion
from ..testing import VISION_TEXT, adopt, make_plan, make_strategy, make_vision

pytestmark = pytest.mark.django_db


def _today() -> str:
    today = timezone.localdate()
    return f"{today.day} {today:%B %Y}"


def _events_after(last_id: int) -> list[tuple]:
    events = AuditEvent.objects.filter(id__gt=last_id).select_related("actor")
    return sorted((e.actor.username if e.actor else None, e.verb, e.action, e.model) for e in events)


def _last_event_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


# The audit trail: who made each change, and with which action ---------------------------------------


def _approved_strategy(p):
    plan, programme = make_plan(p.org, by=p.ellie), make_programme(p.org, by=p.ellie)
    return make_strategy(p.org, by=p.ellie, approve_by=p.bea, objectives=[("Reach everyone", [plan], [programme])])


def _draft_objective(p):
    strategy = make_strategy(p.org, by=p.ellie, objectives=[("Reach everyone", [], [])])
    return strategy.objectives.get()


V, S, OBJ = "direction.visionversion", "direction.strategyversion", "direction.objective"
P, A = "direction.plan", "direction.principleadoption"

# (name, setup: personas -> the change, made by Adam or Bea; the events it writes)
AUDITED = [
    (
        "start a vision draft",
        lambda p: lambda: actions.start_vision_draft(p.org, by=p.adam),
        [("adam", "create", "start_vision_draft", V)],
    ),
    (
        "start a strategy draft, copying the objectives",
        lambda p: (_approved_strategy(p), lambda: actions.start_strategy_draft(p.org, by=p.adam))[1],
        [("adam", "create", "copy_objective", OBJ), ("adam", "create", "start_strategy_draft", S)],
    ),
    (
        "change a vision draft",
        lambda p: (
            d := make_vision(p.org, by=p.ellie),
            lambda: actions.update_version(d, {"statement": "New"}, by=p.adam),
        )[1],
        [("adam", "update", "update_vision_draft", V)],
    ),
    (
        "change a strategy draft",
        lambda p: (
            d := make_strategy(p.org, by=p.ellie),
            lambda: actions.update_version(d, {"title": "New"}, by=p.adam),
        )[1],
        [("adam", "update", "update_strategy_draft", S)],
    ),
    (
        "approve a vision, superseding the one in force",
        lambda p: (
            make_vision(p.org, by=p.ellie, approve_by=p.bea),
            d := make_vision(p.org, by=p.ellie, statement="Newer"),
            lambda: actions.approve_version(d, by=p.bea),
        )[2],
        [("bea", "update", "approve_vision", V), ("bea", "update", "supersede_vision", V)],
    ),
    (
        "approve a strategy",
        lambda p: (
            d := make_strategy(p.org, by=p.ellie, objectives=[("One", [], [])]),
            lambda: actions.approve_version(d, by=p.bea),
        )[1],
        [("bea", "update", "approve_strategy", S)],
    ),
    (
        "delete a vision draft",
        lambda p: (d := make_vision(p.org, by=p.ellie), lambda: actions.delete_draft(d, by=p.adam))[1],
        [("adam", "delete", "delete_vision_draft", V)],
    ),
    (
        "delete a strategy draft",
        lambda p: (d := make_strategy(p.org, by=p.ellie), lambda: actions.delete_draft(d, by=p.adam))[1],
        [("adam", "delete", "delete_strategy_draft", S)],
    ),
    (
        "add an objective",
        lambda p: (
            d := make_strategy(p.org, by=p.ellie),
            lambda: actions.add_objective(d, by=p.adam, title="Hear everyone"),
        )[1],
        [("adam", "create", "add_objective", OBJ)],
    ),
    (
        "change an objective",
        lambda p: (o := _draft_objective(p), lambda: actions.update_objective(o, {"title": "New"}, by=p.adam))[1],
        [("adam", "update", "update_objective", OBJ)],
    ),
    (
        "link programmes to an objective",
        lambda p: (
            o := _draft_objective(p),
            g := make_programme(p.org, by=p.ellie),
            lambda: actions.link_programmes(o, [g], by=p.adam),
        )[2],
        [("adam", "update", "update_objective", OBJ)],
    ),
    (
        "delete an objective",
        lambda p: (o := _draft_objective(p), lambda: actions.delete_objective(o, by=p.adam))[1],
        [("adam", "delete", "delete_objective", OBJ)],
    ),
    (
        "create a plan",
        lambda p: (make_plan(p.org, by=p.ellie), lambda: make_plan(p.org, by=p.adam))[1],
        [("adam", "create", "create_plan", P)],
    ),
    (
        "change a plan",
        lambda p: (x := make_plan(p.org, by=p.ellie), lambda: actions.update_plan(x, {"period": "2026/27"}, by=p.adam))[
            1
        ],
        [("adam", "update", "update_plan", P)],
    ),
    (
        "delete a plan",
        lambda p: (x := make_plan(p.org, by=p.ellie), lambda: actions.delete_plan(x, by=p.adam))[1],
        [("adam", "delete", "delete_plan", P)],
    ),
    (
        "adopt a principle",
        lambda p: lambda: adopt(p.org, 2, by=p.adam),
        [("adam", "create", "adopt_principle", A)],
    ),
    (
        "change an adoption",
        lambda p: (a := adopt(p.org, 2, by=p.ellie), lambda: actions.update_adoption(a, {"how": "Better."}, by=p.adam))[
            1
        ],
        [("adam", "update", "update_adoption", A)],
    ),
    (
        "withdraw an adoption",
        lambda p: (a := adopt(p.org, 2, by=p.ellie), lambda: actions.withdraw_adoption(a, by=p.adam))[1],
        [("adam", "delete", "withdraw_adoption", A)],
    ),
]


@pytest.mark.parametrize("case", AUDITED, ids=[c[0] for c in AUDITED])
def test_every_change_is_audited_with_the_person_who_made_it_and_its_action(personas, case):
    _, setup, expected = case
    change = setup(personas)
    last = _last_event_id()
    change()
    assert _events_after(last) == sorted(expected)


def test_an_adoption_and_a_draft_record_who_adopted_and_who_drafted_them(personas):
    p = personas
    assert adopt(p.org, 5, by=p.adam).adopted_by == p.adam
    draft = actions.start_vision_draft(p.org, by=p.adam)
    assert (draft.drafted_by, draft.changed_by) == (p.adam, p.adam)
    changed = actions.update_version(draft, {"statement": "Ours."}, by=p.ellie)
    assert (changed.drafted_by, changed.changed_by) == (p.adam, p.ellie)


# Stale edits: refused, and nothing saved -------------------------------------------------------------


def _stale_cases():
    """(name, setup: personas -> (record, its field to watch, the edit with an expected version))."""
    return [
        (
            "vision draft",
            lambda p: (
                d := make_vision(p.org, by=p.ellie),
                "statement",
                lambda v: actions.update_version(d, {"statement": "Mine"}, by=p.ellie, expected_version=v),
            ),
        ),
        (
            "approval",
            lambda p: (
                d := make_vision(p.org, by=p.ellie),
                "status",
                lambda v: actions.approve_version(d, by=p.bea, expected_version=v),
            ),
        ),
        (
            "objective",
            lambda p: (
                o := _draft_objective(p),
                "title",
                lambda v: actions.update_objective(o, {"title": "Mine"}, by=p.ellie, expected_version=v),
            ),
        ),
        (
            "objective's programmes",
            lambda p: (
                o := _draft_objective(p),
                "title",
                g := make_programme(p.org, by=p.ellie),
                lambda v: actions.link_programmes(o, [g], by=p.ellie, expected_version=v),
            ),
        ),
        (
            "plan",
            lambda p: (
                x := make_plan(p.org, by=p.ellie),
                "period",
                lambda v: actions.update_plan(x, {"period": "Mine"}, by=p.ellie, expected_version=v),
            ),
        ),
        (
            "adoption",
            lambda p: (
                a := adopt(p.org, 3, by=p.ellie),
                "how",
                lambda v: actions.update_adoption(a, {"how": "Mine."}, by=p.ellie, expected_version=v),
            ),
        ),
    ]


STALE = _stale_cases()


@pytest.mark.parametrize("case", STALE, ids=[c[0] for c in STALE])
def test_an_edit_made_against_an_older_version_is_refused_and_saves_nothing(personas, case):
    _, setup = case
    record, field, *_, edit = setup(personas)
    model = type(record)
    loaded = record.version
    model.objects.filter(pk=record.pk).update(version=loaded + 1)  # someone else saved meanwhile
    before = model.objects.get(pk=record.pk)
    last = _last_event_id()
    with pytest.raises(StaleEdit):
        edit(loaded)
    after = model.objects.get(pk=record.pk)
    assert (after.version, getattr(after, field)) == (before.version, getattr(before, field))
    if isinstance(record, Objective):
        assert not after.programmes.exists()
    assert _last_event_id() == last
    edit(loaded + 1)  # against the version as it is now, it goes through
    assert model.objects.get(pk=record.pk).version == loaded + 2


# Refusals, in the words people read ------------------------------------------------------------------


def _strategy_with_plan(p, *, approve):
    plan = make_plan(p.org, by=p.ellie)
    strategy = make_strategy(
        p.org, by=p.ellie, approve_by=p.bea if approve else None, objectives=[("Reach everyone", [plan], [])]
    )
    return strategy, plan


def _superseded_vision(p):
    old = make_vision(p.org, by=p.ellie, approve_by=p.bea)
    make_vision(p.org, by=p.ellie, approve_by=p.bea, statement="Newer")
    return old


def _board_lead(p):
    add_role(p.ellie, p.org, Role.BOARD_MEMBER)
    return p.ellie


STRATEGY_FIXED = (
    "Strategy version 1 was approved, so its objectives cannot be changed. Start a new draft of the strategy."
)
OWN_DRAFT = "You drafted or last changed this version, so another board member must approve it."

# (name, setup: personas -> the refused change, the reasons shown)
REFUSED = [
    (
        "a second vision draft",
        lambda p: (make_vision(p.org, by=p.ellie), lambda: actions.start_vision_draft(p.org, by=p.ellie))[1],
        ["Vision version 1 is already a draft: change it, or delete it before starting another."],
    ),
    (
        "a second strategy draft",
        lambda p: (
            make_strategy(p.org, by=p.ellie, objectives=[("One", [], [])], approve_by=p.bea),
            make_strategy(p.org, by=p.ellie),
            lambda: actions.start_strategy_draft(p.org, by=p.ellie),
        )[2],
        ["Strategy version 2 is already a draft: change it, or delete it before starting another."],
    ),
    (
        "changing an approved vision",
        lambda p: (
            v := make_vision(p.org, by=p.ellie, approve_by=p.bea),
            lambda: actions.update_version(v, {"statement": "Changed"}, by=p.ellie),
        )[1],
        ["Vision version 1 was approved, so it cannot be changed. Start a new draft from it and change that."],
    ),
    (
        "deleting an approved strategy",
        lambda p: (s := _approved_strategy(p), lambda: actions.delete_draft(s, by=p.ellie))[1],
        ["Strategy version 1 was approved, so it stays on record. Only a draft can be deleted."],
    ),
    (
        "deleting a superseded vision",
        lambda p: (v := _superseded_vision(p), lambda: actions.delete_draft(v, by=p.ellie))[1],
        ["Vision version 1 was approved, so it stays on record. Only a draft can be deleted."],
    ),
    (
        "approving an approved vision again",
        lambda p: (
            add_role(p.larry, p.org, Role.BOARD_MEMBER),
            v := make_vision(p.org, by=p.ellie, approve_by=p.bea),
            lambda: actions.approve_version(v, by=p.larry),
        )[2],
        [f"Vision version 1 is no longer a draft: Approved by Bea Brown on {_today()}."],
    ),
    (
        "approving a superseded vision",
        lambda p: (v := _superseded_vision(p), lambda: actions.approve_version(v, by=p.bea))[1],
        [f"Vision version 1 is no longer a draft: Approved by Bea Brown on {_today()}. Superseded on {_today()}."],
    ),
    (
        "approving one's own draft",
        lambda p: (
            b := _board_lead(p),
            d := make_vision(p.org, by=b),
            lambda: actions.approve_version(d, by=b),
        )[2],
        [OWN_DRAFT],
    ),
    (
        "approving a draft one started that someone else changed last",
        lambda p: (
            b := _board_lead(p),
            d := actions.update_version(actions.start_vision_draft(p.org, by=b), VISION_TEXT, by=p.adam),
            lambda: actions.approve_version(d, by=b),
        )[2],
        [OWN_DRAFT],
    ),
    (
        "approving a draft one changed last that someone else started",
        lambda p: (
            b := _board_lead(p),
            d := actions.update_version(actions.start_vision_draft(p.org, by=p.adam), VISION_TEXT, by=b),
            lambda: actions.approve_version(d, by=b),
        )[2],
        [OWN_DRAFT],
    ),
    (
        "approving one's own incomplete draft",
        lambda p: (
            b := _board_lead(p),
            d := make_strategy(p.org, by=b),
            lambda: actions.approve_version(d, by=b),
        )[2],
        [OWN_DRAFT, "Add at least one objective."],
    ),
    (
        "adding an objective to an approved strategy",
        lambda p: (s := _approved_strategy(p), lambda: actions.add_objective(s, by=p.ellie, title="More"))[1],
        ["Strategy version 1 was approved, so it cannot be changed. Start a new draft from it and change that."],
    ),
    (
        "rewording an approved strategy's objective",
        lambda p: (
            o := _approved_strategy(p).objectives.get(),
            lambda: actions.update_objective(o, {"title": "Changed"}, by=p.ellie),
        )[1],
        [STRATEGY_FIXED],
    ),
    (
        "changing the plans of an approved strategy's objective",
        lambda p: (
            o := _approved_strategy(p).objectives.get(),
            lambda: actions.update_objective(o, {"plans": [], "programmes": []}, by=p.ellie),
        )[1],
        [STRATEGY_FIXED],
    ),
    (
        "deleting an approved strategy's objective",
        lambda p: (o := _approved_strategy(p).objectives.get(), lambda: actions.delete_objective(o, by=p.ellie))[1],
        [STRATEGY_FIXED],
    ),
    (
        "deleting a plan an approved strategy serves",
        lambda p: (x := _strategy_with_plan(p, approve=True)[1], lambda: actions.delete_plan(x, by=p.ellie))[1],
        ["Strategy version 1 (approved) links its objectives to this plan, so the plan stays on the list."],
    ),
]


@pytest.mark.parametrize("case", REFUSED, ids=[c[0] for c in REFUSED])
def test_a_refused_change_says_why_in_words_and_saves_nothing(personas, case):
    _, setup, reasons = case
    change = setup(personas)
    last = _last_event_id()
    with pytest.raises(RuleBroken) as refused:
        change()
    assert refused.value.reasons == reasons
    assert _last_event_id() == last


def test_asked_without_a_person_only_what_a_draft_is_missing_blocks_its_approval(personas):
    p = personas
    draft = make_strategy(p.org, by=p.ellie)
    assert draft.blockers_to_approving(None) == ["Add at least one objective."]
    assert draft.blockers_to_approving(p.ellie) == [OWN_DRAFT, "Add at least one objective."]
    assert draft.blockers_to_approving(p.bea) == ["Add at least one objective."]


def test_the_rules_are_checked_against_the_records_as_they_are_now(personas):
    """A page loaded while the strategy was a draft, sent after it was approved, is refused."""
    p = personas
    strategy = make_strategy(p.org, by=p.ellie, objectives=[("Reach everyone", [], [])])
    objective = Objective.objects.select_related("strategy").get(strategy=strategy)
    stale_strategy = StrategyVersion.objects.get(pk=strategy.pk)
    actions.approve_version(strategy, by=p.bea)
    attempts = [
        lambda: actions.update_objective(objective, {"title": "Changed"}, by=p.ellie),
        lambda: actions.delete_objective(objective, by=p.ellie),
        lambda: actions.add_objective(stale_strategy, by=p.ellie, title="More"),
        lambda: actions.update_version(stale_strategy, {"title": "Changed"}, by=p.ellie),
        lambda: actions.delete_draft(stale_strategy, by=p.ellie),
    ]
    for attempt in attempts:
        with pytest.raises(RuleBroken):
            attempt()
    assert list(strategy.objectives.values_list("title", flat=True)) == ["Reach everyone"]
    assert StrategyVersion.objects.get(pk=strategy.pk).title == strategy.title


def test_only_an_approved_strategy_keeps_its_plans_on_the_list(personas):
    p = personas
    _, served_by_draft = _strategy_with_plan(p, approve=False)
    actions.delete_plan(served_by_draft, by=p.ellie)
    assert not Plan.objects.filter(pk=served_by_draft.pk).exists()
    unused = make_plan(p.org, by=p.ellie)
    actions.delete_plan(unused, by=p.ellie)
    assert not Plan.objects.filter(pk=unused.pk).exists()


def test_a_plan_a_superseded_strategy_served_stays_too(personas):
    p = personas
    _, plan = _strategy_with_plan(p, approve=True)
    draft = actions.start_strategy_draft(p.org, by=p.ellie)
    actions.update_objective(draft.objectives.get(), {"plans": []}, by=p.ellie)
    actions.approve_version(draft, by=p.bea)
    with pytest.raises(RuleBroken) as refused:
        actions.delete_plan(plan, by=p.ellie)
    assert refused.value.reasons == [
        "Strategy version 1 (approved) links its objectives to this plan, so the plan stays on the list."
    ]


def test_why_a_plan_stays_is_found_in_one_query(personas, django_assert_num_queries):
    """The plan's delete page asks, as the action does: one query, the strategy read with the objective."""
    p = personas
    _, plan = _strategy_with_plan(p, approve=True)
    plan = Plan.objects.get(pk=plan.pk)
    with django_assert_num_queries(1):
        assert plan.blockers_to_deleting() == [
            "Strategy version 1 (approved) links its objectives to this plan, so the plan stays on the list."
        ]


def test_an_approved_strategys_objective_still_takes_the_programmes_that_deliver_it(personas):
    p = personas
    objective = _approved_strategy(p).objectives.get()
    programme = make_programme(p.org, by=p.ellie)
    actions.update_objective(objective, {"programmes": [programme]}, by=p.ellie)
    assert list(objective.programmes.all()) == [programme]
    actions.link_programmes(objective, [], by=p.ellie)
    assert not objective.programmes.exists()


# Links: the organisation's own plans and programmes only ---------------------------------------------


def _draft_with_links(p):
    plan, programme = make_plan(p.org, by=p.ellie), make_programme(p.org, by=p.ellie)
    strategy = make_strategy(p.org, by=p.ellie, objectives=[("Reach everyone", [plan], [programme])])
    return strategy, strategy.objectives.get(), plan, programme


PLANS_OWN = {"plans": ["Choose plans of your organisation."]}
PROGRAMMES_OWN = {"programmes": ["Choose programmes of your organisation."]}

# (name, the change given (strategy, objective, our plan, our programme, their plan, their programme), error)
FOREIGN_LINKS = [
    (
        "adding an objective with their plan",
        lambda s, o, plan, prog, theirs, their_prog, by: actions.add_objective(s, by=by, title="X", plans=[theirs]),
        PLANS_OWN,
    ),
    (
        "adding an objective with their programme",
        lambda s, o, plan, prog, theirs, their_prog, by: actions.add_objective(
            s, by=by, title="X", programmes=[prog, their_prog]
        ),
        PROGRAMMES_OWN,
    ),
    (
        "changing an objective's plans to ours and theirs",
        lambda s, o, plan, prog, theirs, their_prog, by: actions.update_objective(o, {"plans": [plan, theirs]}, by=by),
        PLANS_OWN,
    ),
    (
        "changing an objective's programmes to theirs",
        lambda s, o, plan, prog, theirs, their_prog, by: actions.update_objective(
            o, {"title": "Changed", "programmes": [their_prog.pk]}, by=by
        ),
        PROGRAMMES_OWN,
    ),
    (
        "linking their programme",
        lambda s, o, plan, prog, theirs, their_prog, by: actions.link_programmes(o, [their_prog], by=by),
        PROGRAMMES_OWN,
    ),
]


@pytest.mark.parametrize("case", FOREIGN_LINKS, ids=[c[0] for c in FOREIGN_LINKS])
def test_an_objective_links_only_the_organisations_own_plans_and_programmes(personas, case):
    p = personas
    _, change, error = case
    strategy, objective, plan, programme = _draft_with_links(p)
    theirs, their_programme = make_plan(p.other_org, by=p.oscar), make_programme(p.other_org, by=p.oscar)
    last = _last_event_id()
    with pytest.raises(ValidationError) as refused:
        change(strategy, objective, plan, programme, theirs, their_programme, p.ellie)
    assert refused.value.message_dict == error
    assert _last_event_id() == last
    objective = Objective.objects.get(pk=objective.pk)
    assert (list(objective.plans.all()), list(objective.programmes.all())) == ([plan], [programme])
    assert strategy.objectives.count() == 1


def test_an_objectives_plans_and_programmes_are_changed_by_record_or_by_id(personas):
    p = personas
    _, objective, plan, programme = _draft_with_links(p)
    other_plan, other_programme = make_plan(p.org, by=p.ellie), make_programme(p.org, by=p.ellie)
    actions.update_objective(objective, {"plans": [other_plan.pk, plan], "programmes": [other_programme]}, by=p.ellie)
    assert set(objective.plans.all()) == {plan, other_plan}
    assert list(objective.programmes.all()) == [other_programme]
    actions.update_objective(objective, {"plans": [other_plan], "programmes": [programme.pk]}, by=p.ellie)
    assert list(objective.plans.all()) == [other_plan]
    assert list(objective.programmes.all()) == [programme]
    actions.update_objective(objective, {"plans": []}, by=p.ellie)
    assert not objective.plans.exists() and list(objective.programmes.all()) == [programme]
    event = AuditEvent.objects.filter(action="update_objective").first()
    assert event.actor == p.ellie


# Drafts: numbering, what a new draft starts from, what approving supersedes --------------------------


def test_the_first_drafts_start_empty_and_are_numbered_one(personas):
    p = personas
    vision = actions.start_vision_draft(p.org, by=p.ellie)
    assert (vision.number, vision.status, vision.statement, vision.organisation) == (1, "draft", "", p.org)
    strategy = actions.start_strategy_draft(p.org, by=p.ellie)
    assert (strategy.number, strategy.title, strategy.summary, strategy.review_date) == (
        1,
        "Engagement strategy",
        "",
        None,
    )
    assert not strategy.objectives.exists()


def test_a_new_vision_draft_copies_the_version_in_force_and_takes_the_next_number(personas):
    p = personas
    make_vision(p.org, by=p.ellie, approve_by=p.bea, statement="First.")
    make_vision(p.org, by=p.ellie, approve_by=p.bea, statement="Second.", business_benefits="Fewer challenges.")
    # Another organisation's versions count for nothing here.
    make_vision(p.other_org, by=p.oscar)
    draft = actions.start_vision_draft(p.org, by=p.adam)
    assert (draft.number, draft.statement, draft.business_benefits) == (3, "Second.", "Fewer challenges.")
    assert all(getattr(draft, f) == v for f, v in VISION_TEXT.items() if f not in ("statement", "business_benefits"))
    assert (draft.drafted_by, draft.changed_by, draft.approved_by, draft.approved_at) == (p.adam, p.adam, None, None)
    actions.delete_draft(draft, by=p.adam)
    assert actions.start_vision_draft(p.org, by=p.adam).number == 3


def test_without_a_version_in_force_a_new_draft_starts_from_the_newest_version(personas):
    """Baton never leaves an organisation with superseded versions and none in force, but should
    the database ever hold that (a partial restore from a backup), the draft copies the newest."""
    p = personas
    make_vision(p.org, by=p.ellie, approve_by=p.bea, statement="First.")
    make_vision(p.org, by=p.ellie, approve_by=p.bea, statement="Second.")
    VisionVersion.objects.for_org(p.org).update(status="superseded", superseded_at=timezone.now())
    draft = actions.start_vision_draft(p.org, by=p.ellie)
    assert (draft.number, draft.statement) == (3, "Second.")


def test_a_new_strategy_draft_copies_the_strategy_in_force_with_its_objectives_and_links(personas):
    p = personas
    plan, programme = make_plan(p.org, by=p.ellie), make_programme(p.org, by=p.ellie)
    review = timezone.localdate() + timedelta(days=400)
    approved = make_strategy(
        p.org,
        by=p.ellie,
        approve_by=p.bea,
        title="Together 2026",
        summary="What we set out to do.",
        review_date=review,
        objectives=[("Reach everyone", [plan], [programme]), ("Say what changed", [], [])],
    )
    actions.update_objective(approved.objectives.get(title="Say what changed"), {"programmes": [programme]}, by=p.ellie)
    Objective.objects.filter(strategy=approved, title="Reach everyone").update(description="Go to people.")
    draft = actions.start_strategy_draft(p.org, by=p.adam)
    assert (draft.number, draft.title, draft.summary, draft.review_date) == (
        2,
        "Together 2026",
        "What we set out to do.",
        review,
    )
    copies = {o.title: (o.description, list(o.plans.all()), list(o.programmes.all())) for o in draft.objectives.all()}
    assert copies == {
        "Reach everyone": ("Go to people.", [plan], [programme]),
        "Say what changed": ("", [], [programme]),
    }
    assert approved.objectives.count() == 2  # the approved version keeps its own


def test_approving_supersedes_the_version_in_force_of_that_organisation_only(personas):
    p = personas
    first = make_vision(p.org, by=p.ellie, approve_by=p.bea, statement="First.")
    theirs = make_vision(p.other_org, by=p.oscar)
    add_role(p.larry, p.other_org, Role.BOARD_MEMBER)
    theirs = actions.approve_version(theirs, by=p.larry)
    draft = make_vision(p.org, by=p.ellie, statement="Second.")
    approved = actions.approve_version(draft, by=p.bea)
    first.refresh_from_db()
    assert (approved.status, approved.approved_by) == ("approved", p.bea)
    assert approved.approved_at is not None and first.superseded_at == approved.approved_at
    assert (first.status, first.approved_by) == ("superseded", p.bea)
    assert VisionVersion.objects.get(pk=theirs.pk).status == "approved"
    assert VisionVersion.objects.for_org(p.org).approved().get() == approved


# Who may do what -----------------------------------------------------------------------------------


CAN = {
    permissions.can_draft: {"ellie", "adam"},
    permissions.can_adopt_principles: {"ellie", "adam"},
    permissions.can_manage_plans: {"ellie", "adam"},
    permissions.can_link_programmes: {"ellie", "adam"},
    permissions.can_approve: {"bea"},
}


@pytest.mark.parametrize("helper", list(CAN), ids=lambda h: h.__name__)
def test_who_may_draft_adopt_keep_plans_link_and_approve(personas, helper):
    people = ("ellie", "priya", "larry", "bea", "pat", "adam", "nora")
    allowed = {name for name in people if helper(getattr(personas, name))}
    assert allowed == CAN[helper]


def test_a_lay_member_who_also_sits_on_the_board_may_approve(personas):
    p = personas
    add_role(p.larry, p.org, Role.BOARD_MEMBER)
    assert permissions.can_approve(p.larry) and not permissions.can_draft(p.larry)


def test_records_are_found_for_people_of_their_own_organisation_only(personas):
    from django.http import Http404

    p = personas
    vision = make_vision(p.org, by=p.ellie, approve_by=p.bea)
    strategy, objective, plan, _ = _draft_with_links(p)
    adoption = adopt(p.org, 1, by=p.ellie)
    getters = [
        (permissions.get_vision_for_user, vision),
        (permissions.get_strategy_for_user, strategy),
        (permissions.get_objective_for_user, objective),
        (permissions.get_plan_for_user, plan),
        (permissions.get_adoption_for_user, adoption),
    ]
    for get, record in getters:
        found = get(p.larry, record.pk)
        assert found == record and type(found) is type(record)
        with pytest.raises(Http404):
            get(p.oscar, record.pk)
    assert PrincipleAdoption.objects.count() == 1


def test_a_record_is_found_with_what_its_page_shows_in_one_query(personas, django_assert_num_queries):
    """The pages show who drafted, changed and approved a version, an objective's strategy, a
    plan's type and an adoption's principle: read with the record, not one query each."""
    p = personas
    vision = make_vision(p.org, by=p.ellie, approve_by=p.bea)
    strategy = make_strategy(p.org, by=p.ellie, objectives=[("One", [], [])], approve_by=p.bea)
    plan, adoption = make_plan(p.org, by=p.ellie), adopt(p.org, 1, by=p.ellie)
    found = {
        "vision": permissions.get_vision_for_user(p.pat, vision.pk),
        "strategy": permissions.get_strategy_for_user(p.pat, strategy.pk),
        "objective": permissions.get_objective_for_user(p.pat, strategy.objectives.get().pk),
        "plan": permissions.get_plan_for_user(p.pat, plan.pk),
        "adoption": permissions.get_adoption_for_user(p.pat, adoption.pk),
    }
    with django_assert_num_queries(0):
        for kind in ("vision", "strategy"):
            version = found[kind]
            names = (version.drafted_by.username, version.changed_by.username, version.approved_by.username)
            assert names == ("ellie", "ellie", "bea")
        assert found["objective"].strategy.number == 1
        assert found["plan"].plan_type.name
        assert found["adoption"].principle.number == 1
