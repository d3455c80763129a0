"""Pages of the organisation's direction for engagement: the vision and its versions, the ten
principles adopted, the plans, the strategy with its objectives, its coverage, and the public
page of the approved vision.

Every view takes four steps (core.pages): access (get_*_for_user -> 404 for another organisation,
then require(can_...) -> 403), bind (a form), act (one action), respond."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from baton.core.forms import VersionOnlyForm
from baton.core.models import Organisation
from baton.core.pages import act, deleted_message, done, post_or_none, render_page
from baton.core.paging import paginate
from baton.core.permissions import require, require_member

from . import actions
from .forms import AdoptionForm, ObjectiveForm, PlanForm, StartDraftForm, StrategyForm, VisionForm
from .models import (
    Objective,
    Plan,
    Principle,
    PrincipleAdoption,
    StrategyVersion,
    VisionVersion,
    programmes_serving_no_objective,
    strategy_in_force,
)
from .permissions import (
    can_adopt_principles,
    can_approve,
    can_draft,
    can_link_programmes,
    can_manage_plans,
    get_adoption_for_user,
    get_objective_for_user,
    get_plan_for_user,
    get_strategy_for_user,
    get_vision_for_user,
)

KINDS = {"vision": VisionVersion, "strategy": StrategyVersion}
GETTERS = {"vision": get_vision_for_user, "strategy": get_strategy_for_user}
FORMS = {"vision": VisionForm, "strategy": StrategyForm}
STARTS = {"vision": actions.start_vision_draft, "strategy": actions.start_strategy_draft}
TITLES = {"vision": "Engagement vision", "strategy": "Engagement strategy"}


def _page(request, template, context, status=200):
    return render_page(
        request,
        template,
        context,
        status,
        can_draft=can_draft(request.user),
        can_approve=can_approve(request.user),
        titles=TITLES,
    )


@require_safe
def index(request):
    """The vision and the strategy in force, their drafts, the principles adopted and the coverage."""
    member = require_member(request.user)
    org = member.organisation_id
    visions = VisionVersion.objects.for_org(org).with_people()
    strategies = StrategyVersion.objects.for_org(org).with_people()
    return _page(
        request,
        "direction/index.jinja",
        {
            "vision": visions.approved().first(),
            "vision_draft": visions.drafts().first(),
            "strategy": strategies.approved().first(),
            "strategy_draft": strategies.drafts().first(),
            "adopted": PrincipleAdoption.objects.for_org(org).count(),
            "principles": Principle.objects.count(),
            "plans": Plan.objects.for_org(org).count(),
            "slug": member.organisation.public_slug,
        },
    )


# Versions of the vision and the strategy -------------------------------------------------------------


@require_safe
def version_list(request, kind):
    member = require_member(request.user)
    versions = KINDS[kind].objects.for_org(member.organisation_id).with_people().order_by("-number")
    return _page(request, "direction/version_list.jinja", {"kind": kind, "page": paginate(request, versions)})


def version_start(request, kind):
    member = require_member(request.user)
    require(can_draft(request.user))
    form = StartDraftForm(post_or_none(request))
    if request.method == "POST" and form.is_valid():
        ok, draft = act(form, STARTS[kind], member.organisation, by=request.user)
        if ok:
            url = reverse(f"direction:{kind}_edit", args=[draft.pk])
            return done(
                request,
                url,
                f"Started {draft}, a draft. Nothing changes publicly until the board approves it.",
                form=form,
            )
    versions = KINDS[kind].objects.for_org(member.organisation_id)
    source = versions.approved().first() or versions.order_by("-number").first()
    return _page(request, "direction/version_start.jinja", {"kind": kind, "form": form, "source": source})


@require_safe
def version_detail(request, kind, pk):
    version = GETTERS[kind](request.user, pk)
    context = {"kind": kind, "version": version}
    if kind == "strategy":
        objectives = version.objectives.with_links()
        context["page"] = paginate(request, objectives)
        context["can_link"] = can_link_programmes(request.user)
    return _page(request, f"direction/{kind}_detail.jinja", context)


def version_edit(request, kind, pk):
    version = GETTERS[kind](request.user, pk)
    require(can_draft(request.user))
    form = FORMS[kind](post_or_none(request), instance=version)
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.update_version,
            version,
            form.changes(),
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(request, reverse(f"direction:{kind}_detail", args=[version.pk]), f"Saved {version}.")
    blockers = version.blockers_to_editing()
    return _page(
        request,
        "direction/version_form.jinja",
        {"kind": kind, "version": version, "form": form, "blockers": blockers},
        status=409 if blockers and request.method == "POST" else 200,
    )


def version_approve(request, kind, pk):
    """The board member reads the draft as the public will see it, then approves it. Anyone in
    the organisation may read the preview; only a board member approves."""
    version = GETTERS[kind](request.user, pk)
    if request.method == "POST":
        require(can_approve(request.user))
    form = VersionOnlyForm(post_or_none(request), initial={"version": version.version})
    if request.method == "POST" and form.is_valid():
        ok, _ = act(form, actions.approve_version, version, by=request.user, expected_version=form.expected_version())
        if ok:
            said = f"Approved {version}. It is published, and the version it replaces stays on record."
            return done(request, reverse(f"direction:{kind}_detail", args=[version.pk]), said)
    return _page(
        request,
        "direction/version_approve.jinja",
        {"kind": kind, "version": version, "form": form, "blockers": version.blockers_to_approving(request.user)},
        status=409 if form.errors else 200,
    )


def version_delete(request, kind, pk):
    version = GETTERS[kind](request.user, pk)
    require(can_draft(request.user))
    form = VersionOnlyForm(post_or_none(request))
    if request.method == "POST" and form.is_valid():
        ok, event = act(form, actions.delete_draft, version, by=request.user)
        if ok:
            return done(request, reverse(f"direction:{kind}_list"), deleted_message(request, str(version), event))
    return _page(
        request,
        "direction/confirm_delete.jinja",
        {
            "form": form,
            "what": str(version).lower().replace("vision", "the vision").replace("strategy", "the strategy"),
            "caption": TITLES[kind],
            "blockers": version.blockers_to_deleting(),
            "consequence": "The draft is deleted"
            + (" with its objectives" if kind == "strategy" else "")
            + ". An engagement lead can restore it from the audit log.",
            "cancel": reverse(f"direction:{kind}_detail", args=[version.pk]),
        },
        status=409 if form.errors else 200,
    )


# Objectives --------------------------------------------------------------------------------------------


def objective_create(request, pk):
    strategy = get_strategy_for_user(request.user, pk)
    require(can_draft(request.user))
    form = ObjectiveForm(
        post_or_none(request), organisation=strategy.organisation_id, instance=Objective(strategy=strategy)
    )
    if request.method == "POST" and form.is_valid():
        ok, objective = act(form, actions.add_objective, strategy, by=request.user, **form.changes())
        if ok:
            return done(
                request,
                reverse("direction:strategy_detail", args=[strategy.pk]),
                f"Added the objective {objective}.",
                form=form,
            )
    return _page(
        request,
        "direction/objective_form.jinja",
        {"form": form, "strategy": strategy, "objective": None, "blockers": strategy.blockers_to_editing()},
    )


def objective_edit(request, pk):
    """A draft's objective: its wording, plans and programmes. An approved strategy's: only the
    programmes that deliver it."""
    objective = get_objective_for_user(request.user, pk)
    strategy = objective.strategy
    wording = strategy.is_draft
    require(can_draft(request.user) if wording else can_link_programmes(request.user))
    form = ObjectiveForm(
        post_or_none(request), organisation=strategy.organisation_id, instance=objective, wording=wording, once=False
    )
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.update_objective,
            objective,
            form.changes(),
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(
                request, reverse("direction:strategy_detail", args=[strategy.pk]), f"Saved the objective {objective}."
            )
    return _page(
        request,
        "direction/objective_form.jinja",
        {"form": form, "strategy": strategy, "objective": objective, "blockers": []},
    )


def objective_delete(request, pk):
    objective = get_objective_for_user(request.user, pk)
    require(can_draft(request.user))
    form = VersionOnlyForm(post_or_none(request))
    if request.method == "POST" and form.is_valid():
        ok, event = act(form, actions.delete_objective, objective, by=request.user)
        if ok:
            return done(
                request,
                reverse("direction:strategy_detail", args=[objective.strategy_id]),
                deleted_message(request, f"the objective {objective}", event),
            )
    return _page(
        request,
        "direction/confirm_delete.jinja",
        {
            "form": form,
            "what": f"the objective {objective}",
            "caption": str(objective.strategy),
            "blockers": objective.blockers_to_editing(),
            "consequence": "An engagement lead can restore it from the audit log.",
            "cancel": reverse("direction:strategy_detail", args=[objective.strategy_id]),
        },
        status=409 if form.errors else 200,
    )


@require_safe
def coverage(request):
    """The strategy linked to other work: programmes serving no objective, objectives no programme
    serves, and whether the strategy is past its review date."""
    member = require_member(request.user)
    strategy = strategy_in_force(member.organisation_id)
    context = {"strategy": strategy, "can_link": can_link_programmes(request.user)}
    if strategy is not None:
        programmes = programmes_serving_no_objective(strategy).select_related("lead").order_by("name", "pk")
        context["programmes"] = paginate(request, programmes, param="programmes")
        context["objectives"] = paginate(request, strategy.objectives.unserved(), param="objectives")
        context["past_review"] = strategy.is_past_review()
    return _page(request, "direction/coverage.jinja", context)


# Plans ---------------------------------------------------------------------------------------------


@require_safe
def plan_list(request):
    member = require_member(request.user)
    plans = Plan.objects.for_org(member.organisation_id).select_related("plan_type")
    return _page(
        request,
        "direction/plan_list.jinja",
        {"page": paginate(request, plans), "can_manage": can_manage_plans(request.user)},
    )


def plan_create(request):
    member = require_member(request.user)
    require(can_manage_plans(request.user))
    form = PlanForm(
        post_or_none(request), organisation=member.organisation_id, instance=Plan(organisation=member.organisation)
    )
    if request.method == "POST" and form.is_valid():
        ok, plan = act(form, actions.create_plan, member.organisation, by=request.user, **form.changes())
        if ok:
            return done(request, reverse("direction:plan_list"), f"Added the plan {plan}.", form=form)
    return _page(request, "direction/plan_form.jinja", {"form": form, "plan": None})


def plan_edit(request, pk):
    plan = get_plan_for_user(request.user, pk)
    require(can_manage_plans(request.user))
    form = PlanForm(post_or_none(request), organisation=plan.organisation_id, instance=plan, once=False)
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.update_plan,
            plan,
            form.changes(),
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(request, reverse("direction:plan_list"), f"Saved the plan {plan}.")
    return _page(request, "direction/plan_form.jinja", {"form": form, "plan": plan})


def plan_delete(request, pk):
    plan = get_plan_for_user(request.user, pk)
    require(can_manage_plans(request.user))
    form = VersionOnlyForm(post_or_none(request))
    if request.method == "POST" and form.is_valid():
        ok, event = act(form, actions.delete_plan, plan, by=request.user)
        if ok:
            return done(request, reverse("direction:plan_list"), deleted_message(request, f"the plan {plan}", event))
    return _page(
        request,
        "direction/confirm_delete.jinja",
        {
            "form": form,
            "what": f"the plan {plan}",
            "caption": "Plans",
            "blockers": plan.blockers_to_deleting(),
            "consequence": "Objectives of draft strategies stop linking to it. An engagement lead can restore it from the audit log.",
            "cancel": reverse("direction:plan_list"),
        },
        status=409 if form.errors else 200,
    )


# Principles ---------------------------------------------------------------------------------------


@require_safe
def principle_list(request):
    member = require_member(request.user)
    adopted = {
        a.principle_id: a
        for a in PrincipleAdoption.objects.for_org(member.organisation_id).select_related("adopted_by")
    }
    principles = [(p, adopted.get(p.pk)) for p in Principle.objects.all()]
    return _page(
        request,
        "direction/principle_list.jinja",
        {"principles": principles, "can_adopt": can_adopt_principles(request.user)},
    )


def principle_adopt(request):
    """Adopt one of the ten principles (`?principle=N` chooses it in advance)."""
    member = require_member(request.user)
    require(can_adopt_principles(request.user))
    number = request.GET.get("principle", "")
    chosen = Principle.objects.filter(number=int(number)).first() if number.isdigit() and len(number) <= 3 else None
    form = AdoptionForm(
        post_or_none(request),
        organisation=member.organisation_id,
        instance=PrincipleAdoption(organisation=member.organisation),
        initial={"principle": chosen.pk} if chosen else {},
    )
    if request.method == "POST" and form.is_valid():
        fields = form.changes()
        principle = fields.pop("principle")
        ok, _ = act(form, actions.adopt_principle, member.organisation, principle, by=request.user, **fields)
        if ok:
            return done(
                request, reverse("direction:principle_list"), f"Adopted principle {principle.number}.", form=form
            )
    return _page(request, "direction/adoption_form.jinja", {"form": form, "principle": chosen, "adoption": None})


def adoption_edit(request, pk):
    adoption = get_adoption_for_user(request.user, pk)
    require(can_adopt_principles(request.user))
    form = AdoptionForm(post_or_none(request), organisation=adoption.organisation_id, instance=adoption, once=False)
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.update_adoption,
            adoption,
            form.changes(),
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(
                request,
                reverse("direction:principle_list"),
                f"Saved how principle {adoption.principle.number} is adopted.",
            )
    return _page(
        request, "direction/adoption_form.jinja", {"form": form, "principle": adoption.principle, "adoption": adoption}
    )


def adoption_delete(request, pk):
    adoption = get_adoption_for_user(request.user, pk)
    require(can_adopt_principles(request.user))
    if request.method == "POST":
        event = actions.withdraw_adoption(adoption, by=request.user)
        return done(
            request,
            reverse("direction:principle_list"),
            deleted_message(request, f"the adoption of principle {adoption.principle.number}", event),
        )
    return _page(
        request,
        "direction/confirm_delete.jinja",
        {
            "form": None,
            "what": f"the adoption of principle {adoption.principle.number}",
            "caption": "Principles",
            "blockers": [],
            "consequence": "The principle shows as not adopted. An engagement lead can restore the adoption from the audit log.",
            "cancel": reverse("direction:principle_list"),
        },
    )


# The public page -----------------------------------------------------------------------------------


def _public_versions(org):
    return VisionVersion.objects.for_org(org).ever_approved().select_related("approved_by")


@login_not_required
@require_safe
def public_vision(request, slug, number=None):
    """The approved vision, as anyone reads it; an earlier approved version by its number. A draft
    never shows here: with no approved version, there is no page (404)."""
    org = get_object_or_404(Organisation, public_slug=slug)
    versions = _public_versions(org)
    version = versions.approved().first() if number is None else versions.filter(number=number).first()
    if version is None:
        raise Http404("No approved vision")
    earlier = versions.exclude(pk=version.pk).order_by("-number")[:20]
    adopted = PrincipleAdoption.objects.for_org(org).select_related("principle")
    return render(
        request,
        "direction/public_vision.jinja",
        {"org": org, "version": version, "earlier": earlier, "adopted": adopted},
    )
