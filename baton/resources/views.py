"""Pages of budgets, spend, rate cards, claims and payment exports. Four steps a view (core.pages):
access, bind, act, respond."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from baton.core.forms import VersionOnlyForm
from baton.core.pages import act, deleted_message, done, post_or_none, render_page
from baton.core.paging import paginate
from baton.core.permissions import require, require_member
from baton.cycle.models import Programme
from baton.people.models import Participation

from . import actions
from .exports import file_response
from .forms import (
    AnswerForm,
    BudgetForm,
    ClaimForm,
    ExportForm,
    QueryForm,
    RateCardForm,
    RefuseForm,
    RepeatExportForm,
    SpendForm,
)
from .models import (
    BenefitsAdvice,
    Budget,
    Claim,
    ExpenseLine,
    PaymentExport,
    RateCard,
    SpendItem,
    financial_year_label,
    financial_year_of,
    money,
)
from .permissions import (
    can_approve,
    can_export,
    can_keep_budgets,
    can_keep_rate_cards,
    can_see_payments,
    get_budget_for_user,
    get_card_for_user,
    get_claim_for_user,
    get_export_for_user,
    get_participation_to_claim,
    get_programme_for_user,
    get_spend_for_user,
    own_person,
    require_payments,
)
from .spend import HEAD_LABELS, HEADS, median_turnaround, spend_report


def _page(request, template, context, status=200):
    return render_page(
        request, template, context, status, today=timezone.localdate(), money=money, year_label=financial_year_label
    )


def _payments(request):
    member = require_member(request.user)
    require_payments(request.user)
    return member


def _year(request) -> int:
    this = financial_year_of(timezone.localdate())
    try:
        year = int(request.GET.get("year", this))
    except ValueError:
        return this
    return year if 2000 <= year <= 2100 else this


def _form_page(request, form, *, heading, caption, submit, cancel, intro="", status=200, upload=False):
    return _page(
        request,
        "resources/form.jinja",
        {
            "form": form,
            "heading": heading,
            "caption": caption,
            "submit": submit,
            "cancel": cancel,
            "intro": intro,
            "upload": upload,
        },
        status=status,
    )


def _confirm_delete(request, form, *, what, cancel):
    return _page(
        request,
        "resources/confirm_delete.jinja",
        {"form": form, "what": what, "cancel": cancel},
        status=409 if form is not None and form.errors else 200,
    )


# Spend against budget -----------------------------------------------------------------------------


@require_safe
def index(request):
    """This year's budget and spend: each programme's, the organisation's own, and the totals."""
    member = _payments(request)
    year = _year(request)
    report = spend_report(member.organisation, year)
    page = paginate(request, report.lines)
    return _page(
        request,
        "resources/index.jinja",
        {
            "report": report,
            "page": page,
            "year": year,
            "heads": HEADS,
            "head_labels": HEAD_LABELS,
            "turnaround": median_turnaround(member.organisation, timezone.localdate()),
            "waiting": Claim.objects.filter(organisation=member.organisation, status=Claim.Status.SUBMITTED).count(),
            "can_keep": can_keep_budgets(request.user),
        },
    )


@require_safe
def programme_money(request, pk):
    """One programme's budget and spend, this year (or `?year=`), and its budgets over the years."""
    programme = get_programme_for_user(request.user, pk)
    year = _year(request)
    report = spend_report(programme.organisation, year, Programme.objects.filter(pk=programme.pk))
    return _page(
        request,
        "resources/programme.jinja",
        {
            "programme": programme,
            "line": report.lines[0],
            "year": year,
            "heads": HEADS,
            "head_labels": HEAD_LABELS,
            "budgets": paginate(request, programme.budgets.order_by("-financial_year"), param="budgets_page"),
            "can_keep": can_keep_budgets(request.user),
        },
    )


# Budgets -----------------------------------------------------------------------------------------


@require_safe
def budget_list(request):
    member = _payments(request)
    budgets = (
        Budget.objects.for_org(member.organisation)
        .select_related("programme")
        .order_by("-financial_year", "programme__name", "pk")
    )
    return _page(
        request,
        "resources/budget_list.jinja",
        {"page": paginate(request, budgets), "can_keep": can_keep_budgets(request.user)},
    )


def budget_create(request):
    member = _payments(request)
    require(can_keep_budgets(request.user))
    initial = {"financial_year": financial_year_of(timezone.localdate())}
    if request.GET.get("programme", "").isdigit():
        initial["programme"] = int(request.GET["programme"])
    form = BudgetForm(post_or_none(request), organisation=member.organisation, initial=initial, once=True)
    if request.method == "POST" and form.is_valid():
        fields = form.changes()
        programme = fields.pop("programme")
        ok, budget = act(form, actions.set_budget, programme, by=request.user, **fields)
        if ok:
            url = reverse("resources:programme_money", args=[budget.programme_id]) + f"?year={budget.financial_year}"
            return done(request, url, f"Set the {budget.year_label} budget of {budget.programme}.", form=form)
    return _form_page(
        request,
        form,
        heading="Set a budget",
        caption="Budgets",
        submit="Set budget",
        cancel=reverse("resources:budget_list"),
    )


def budget_edit(request, pk):
    budget = get_budget_for_user(request.user, pk)
    require(can_keep_budgets(request.user))
    form = BudgetForm(post_or_none(request), organisation=budget.programme.organisation, instance=budget)
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.changes().items() if k != "programme"}
        ok, _ = act(
            form, actions.update_budget, budget, changes, by=request.user, expected_version=form.cleaned_data["version"]
        )
        if ok:
            return done(
                request,
                reverse("resources:budget_list"),
                f"Saved the {budget.year_label} budget of {budget.programme}.",
            )
    return _form_page(
        request,
        form,
        heading=f"Change the {budget.year_label} budget",
        caption=str(budget.programme),
        submit="Save budget",
        cancel=reverse("resources:budget_list"),
    )


def budget_delete(request, pk):
    budget = get_budget_for_user(request.user, pk)
    require(can_keep_budgets(request.user))
    form = VersionOnlyForm(post_or_none(request))
    if request.method == "POST" and form.is_valid():
        event = actions.delete_budget(budget, by=request.user)
        return done(request, reverse("resources:budget_list"), deleted_message(request, str(budget), event))
    return _confirm_delete(request, form, what=str(budget), cancel=reverse("resources:budget_list"))


# Spend items -------------------------------------------------------------------------------------


@require_safe
def spend_list(request):
    member = _payments(request)
    items = SpendItem.objects.for_org(member.organisation).select_related("programme").order_by("-spent_on", "-pk")
    return _page(
        request,
        "resources/spend_list.jinja",
        {"page": paginate(request, items), "can_keep": can_keep_budgets(request.user)},
    )


def spend_create(request):
    member = _payments(request)
    require(can_keep_budgets(request.user))
    form = SpendForm(
        post_or_none(request),
        organisation=member.organisation,
        instance=SpendItem(organisation=member.organisation),
        initial={"spent_on": timezone.localdate()},
        once=True,
    )
    if request.method == "POST" and form.is_valid():
        ok, item = act(form, actions.record_spend, member.organisation, by=request.user, **form.changes())
        if ok:
            return done(
                request,
                reverse("resources:spend_list"),
                f"Recorded {money(item.amount)} for {item.description}.",
                form=form,
            )
    return _form_page(
        request,
        form,
        heading="Record spend",
        caption="Spend",
        submit="Record spend",
        cancel=reverse("resources:spend_list"),
        intro="Accessibility (interpreters, British Sign Language, easy read, venues), training and other engagement spend. "
        "Activities' costs and claims are counted already.",
    )


def spend_edit(request, pk):
    item = get_spend_for_user(request.user, pk)
    require(can_keep_budgets(request.user))
    form = SpendForm(post_or_none(request), organisation=item.organisation, instance=item)
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.update_spend,
            item,
            form.changes(),
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(request, reverse("resources:spend_list"), f"Saved {item.description}.")
    return _form_page(
        request,
        form,
        heading="Change spend",
        caption="Spend",
        submit="Save spend",
        cancel=reverse("resources:spend_list"),
    )


def spend_delete(request, pk):
    item = get_spend_for_user(request.user, pk)
    require(can_keep_budgets(request.user))
    form = VersionOnlyForm(post_or_none(request))
    if request.method == "POST" and form.is_valid():
        event = actions.delete_spend(item, by=request.user)
        return done(request, reverse("resources:spend_list"), deleted_message(request, str(item), event))
    return _confirm_delete(request, form, what=str(item), cancel=reverse("resources:spend_list"))


# Rate cards --------------------------------------------------------------------------------------


@require_safe
def card_list(request):
    member = _payments(request)
    cards = RateCard.objects.for_org(member.organisation).prefetch_related("rates").order_by("-effective_from", "-pk")
    page = paginate(request, cards)
    today = timezone.localdate()
    in_force = RateCard.objects.for_org(member.organisation).in_force_on(today)
    return _page(
        request,
        "resources/card_list.jinja",
        {"page": page, "in_force": in_force, "can_keep": can_keep_rate_cards(request.user)},
    )


@require_safe
def card_detail(request, pk):
    card = get_card_for_user(request.user, pk)
    keeper = can_keep_rate_cards(request.user)
    return _page(
        request,
        "resources/card_detail.jinja",
        {
            "card": card,
            "rates": list(card.rates.all()),
            "can_keep": keeper,
            "blockers": card.blockers_to_changing() if keeper else [],
        },
    )


def card_create(request):
    member = _payments(request)
    require(can_keep_rate_cards(request.user))
    form = RateCardForm(post_or_none(request), instance=RateCard(organisation=member.organisation), once=True)
    if request.method == "POST" and form.is_valid():
        ok, card = act(
            form, actions.add_rate_card, member.organisation, by=request.user, rates=form.rates(), **form.changes()
        )
        if ok:
            return done(request, reverse("resources:card_detail", args=[card.pk]), f"Added the {card}.", form=form)
    return _form_page(
        request,
        form,
        heading="Add a rate card",
        caption="Rate cards",
        submit="Add rate card",
        cancel=reverse("resources:card_list"),
        intro="Rates in pounds for each role level of NHS England's patient and public voice partner policy. "
        "Enter 0 where a level is paid expenses only. The cap is the most an involvement payment may be for one day.",
    )


def card_edit(request, pk):
    card = get_card_for_user(request.user, pk)
    require(can_keep_rate_cards(request.user))
    form = RateCardForm(post_or_none(request), instance=card)
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.update_rate_card,
            card,
            form.changes(),
            by=request.user,
            rates=form.rates(),
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(request, reverse("resources:card_detail", args=[card.pk]), f"Saved the {card}.")
    return _form_page(
        request,
        form,
        heading=f"Change the {card}",
        caption="Rate cards",
        submit="Save rate card",
        cancel=reverse("resources:card_detail", args=[card.pk]),
    )


# Claims ------------------------------------------------------------------------------------------

STATUS_FILTERS = {"": "All", **dict(Claim.Status.choices)}


@require_safe
def claim_list(request):
    member = _payments(request)
    status = request.GET.get("status", "submitted")
    claims = Claim.objects.for_org(member.organisation).listed()
    if status in Claim.Status.values:
        claims = claims.filter(status=status)
    else:
        status = ""
    return _page(
        request,
        "resources/claim_list.jinja",
        {
            "page": paginate(request, claims.order_by("-submitted_at", "-pk")),
            "status": status,
            "filters": STATUS_FILTERS,
        },
    )


@require_safe
def my_claims(request):
    """A person's own claims, and what they take part in, to claim for."""
    require_member(request.user)
    person = own_person(request.user)
    if person is None:
        return _page(request, "resources/my_claims.jinja", {"person": None})
    claims = Claim.objects.filter(person=person).listed().order_by("-day", "-pk")
    participations = person.participations.select_related("activity", "structure").order_by("-starts_on", "-pk")
    return _page(
        request,
        "resources/my_claims.jinja",
        {
            "person": person,
            "page": paginate(request, claims),
            "participations": paginate(request, participations, param="taking_part_page"),
            "advice": BenefitsAdvice.objects.filter(person=person).first(),
        },
    )


@require_safe
def claim_start(request):
    """Staff claiming on someone's behalf: find the participation by the person's name."""
    member = _payments(request)
    q = request.GET.get("q", "").strip()[:100]
    found = Participation.objects.filter(
        person__organisation=member.organisation, person__erased_at__isnull=True
    ).select_related("person", "activity", "structure")
    if q:
        found = found.filter(person__name__icontains=q).order_by("person__name", "-starts_on", "pk")
        return _page(request, "resources/claim_start.jinja", {"page": paginate(request, found), "q": q})
    # Until a name is given, the newest few: a large ICB has hundreds of thousands, never counted.
    newest = list(found.order_by("-pk")[:NEWEST_SHOWN])
    return _page(request, "resources/claim_start.jinja", {"page": paginate(request, newest), "q": q})


NEWEST_SHOWN = 20


def claim_create(request, pk):
    participation = get_participation_to_claim(request.user, pk)
    person = participation.person
    needs_advice = not BenefitsAdvice.objects.filter(person=person).exists()
    form = ClaimForm(
        post_or_none(request),
        request.FILES if request.method == "POST" else None,
        needs_advice=needs_advice,
        initial={"day": timezone.localdate(), "basis": "hours"},
    )
    if request.method == "POST" and form.is_valid():
        ok, claim = act(form, actions.submit_claim, participation, by=request.user, **form.claim_fields())
        if ok:
            return done(
                request,
                reverse("resources:claim_detail", args=[claim.pk]),
                f"Claim sent: {money(claim.total_amount)} for {claim.day.day} {claim.day:%B %Y}. It is waiting for approval.",
                form=form,
            )
    return _page(
        request,
        "resources/claim_form.jinja",
        {"form": form, "participation": participation, "person": person, "own": person.account_id == request.user.pk},
    )


@require_safe
def claim_detail(request, pk):
    claim = get_claim_for_user(request.user, pk)
    approver = can_approve(request.user) and not claim.blockers_to_deciding(request.user)
    mine = claim.person.account_id == request.user.pk
    return _page(
        request,
        "resources/claim_detail.jinja",
        {
            "claim": claim,
            "expenses": list(claim.expenses.all()),
            "approver": approver,
            "answerer": claim.status == Claim.Status.QUERIED and (mine or can_see_payments(request.user)),
            "approve_form": VersionOnlyForm(initial={"version": claim.version}),
            "query_form": QueryForm(initial={"version": claim.version}),
            "refuse_form": RefuseForm(initial={"version": claim.version}),
            "answer_form": AnswerForm(initial={"version": claim.version}),
            "mine": mine,
        },
    )


def _decision(request, pk, form_class, action, message, field=None):
    claim = get_claim_for_user(request.user, pk)
    require(can_approve(request.user))
    form = form_class(post_or_none(request), initial={"version": claim.version})
    if request.method == "POST" and form.is_valid():
        extra = {field: form.cleaned_data[field]} if field else {}
        ok, _ = act(form, action, claim, by=request.user, expected_version=form.cleaned_data.get("version"), **extra)
        if ok:
            return done(request, reverse("resources:claim_detail", args=[claim.pk]), message.format(claim=claim))
    return _page(
        request,
        "resources/claim_decision.jinja",
        {"form": form, "claim": claim, "field": field, "heading": message.split(" ")[0]},
    )


def claim_approve(request, pk):
    return _decision(request, pk, VersionOnlyForm, actions.approve_claim, "Approved the claim {claim.pk}.")


def claim_query(request, pk):
    return _decision(request, pk, QueryForm, actions.query_claim, "Queried the claim {claim.pk}.", field="question")


def claim_refuse(request, pk):
    return _decision(request, pk, RefuseForm, actions.refuse_claim, "Refused the claim {claim.pk}.", field="reason")


def claim_answer(request, pk):
    claim = get_claim_for_user(request.user, pk)
    require(claim.person.account_id == request.user.pk or can_see_payments(request.user))
    form = AnswerForm(post_or_none(request), initial={"version": claim.version})
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.answer_claim,
            claim,
            by=request.user,
            answer=form.cleaned_data["answer"],
            expected_version=form.cleaned_data.get("version"),
        )
        if ok:
            return done(
                request,
                reverse("resources:claim_detail", args=[claim.pk]),
                "Answered. The claim is waiting for approval again.",
            )
    return _page(
        request,
        "resources/claim_decision.jinja",
        {"form": form, "claim": claim, "field": "answer", "heading": "Answer"},
    )


@require_safe
def receipt(request, pk):
    """A receipt, only to those who may see its claim."""
    line = ExpenseLine.objects.filter(pk=pk).only("claim_id", "receipt").first()
    if line is None or not line.receipt:
        raise Http404("No receipt")
    get_claim_for_user(request.user, line.claim_id)
    try:
        handle = line.receipt.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("The receipt is missing") from None
    return FileResponse(handle, as_attachment=True, filename=line.receipt.name.rsplit("/", 1)[-1])


# Payment exports ---------------------------------------------------------------------------------


@require_safe
def export_list(request):
    member = _payments(request)
    exports = PaymentExport.objects.for_org(member.organisation).select_related("made_by").order_by("-made_at", "-pk")
    waiting = Claim.objects.filter(organisation=member.organisation, status=Claim.Status.APPROVED, export__isnull=True)
    return _page(
        request,
        "resources/export_list.jinja",
        {
            "page": paginate(request, exports),
            "waiting": waiting.count(),
            "can_export": can_export(request.user),
            "form": ExportForm() if can_export(request.user) else None,
        },
    )


def export_create(request):
    member = _payments(request)
    require(can_export(request.user))
    form = ExportForm(post_or_none(request))
    if request.method == "POST" and form.is_valid():
        ok, export = act(
            form, actions.export_payments, member.organisation, by=request.user, format=form.cleaned_data["format"]
        )
        if ok:
            return done(
                request,
                reverse("resources:export_detail", args=[export.pk]),
                f"Exported {export.claim_count} claims, {money(export.total)} in all. They are marked paid today.",
                form=form,
            )
    return _form_page(
        request,
        form,
        heading="Export approved claims",
        caption="Payments",
        submit="Export claims",
        cancel=reverse("resources:export_list"),
        intro="Every approved claim not exported yet goes into one file for finance or payroll, and is marked paid today.",
    )


@require_safe
def export_detail(request, pk):
    export = get_export_for_user(request.user, pk)
    claims = Claim.objects.filter(export=export.original).listed().order_by("pk")
    return _page(
        request,
        "resources/export_detail.jinja",
        {
            "export": export,
            "page": paginate(request, claims),
            "repeats": list(export.original.repeats.select_related("made_by").order_by("made_at", "pk")),
            "can_export": can_export(request.user),
            "repeat_form": RepeatExportForm(initial={"format": export.format}),
        },
    )


@require_safe
def export_file(request, pk):
    """The export's file (CSV streamed row by row, or XLSX); a repeat export gives the same rows."""
    export = get_export_for_user(request.user, pk)
    if not can_export(request.user):
        raise PermissionDenied("Payment files are for finance.")
    return file_response(export)


@require_POST
def export_repeat(request, pk):
    export = get_export_for_user(request.user, pk)
    require(can_export(request.user))
    form = RepeatExportForm(request.POST)
    if form.is_valid():
        ok, repeat = act(form, actions.repeat_export, export, by=request.user, format=form.cleaned_data["format"])
        if ok:
            return done(
                request,
                reverse("resources:export_detail", args=[repeat.pk]),
                f"Recorded a repeat of export {export.original.pk}: the same {repeat.claim_count} claims. Nothing is paid twice.",
            )
    return done(request, reverse("resources:export_detail", args=[export.pk]), "Choose CSV or Excel to export again.")
