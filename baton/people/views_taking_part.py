"""Staff pages of taking part: opportunities and their registrations (invite, not selected,
record participation), a person's rights (export, erasure), a person's own data, retention runs,
the people export and imports of people. Four steps a view (core.pages): access, bind, act, respond."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from baton.core.forms import VersionOnlyForm
from baton.core.pages import act, advise, deleted_message, done, post_or_none, render_page
from baton.core.paging import paginate
from baton.core.permissions import require, require_member

from . import actions, imports, rights
from .forms_taking_part import ImportMappingForm, ImportUploadForm, OpportunityForm, ParticipationFromInterestForm
from .models import Interest, Opportunity, Participation, RetentionRun
from .permissions import (
    can_export_person,
    can_invite,
    can_manage_taking_part,
    can_see_opportunities,
    get_interest_for_user,
    get_opportunity_for_user,
    get_person_for_rights,
    own_record,
)

T = "people/taking_part/"
IMPORT_SESSION = "people_import"


def _page(request, template, context, status=200):
    return render_page(request, T + template, context, status, today=timezone.localdate())


def _confirm(request, form, *, title, text, button, cancel, caption="Taking part", warning=False, status=200):
    return _page(
        request,
        "confirm.jinja",
        {
            "form": form,
            "title": title,
            "text": text,
            "button": button,
            "cancel": cancel,
            "caption": caption,
            "warning": warning,
        },
        status=409 if form is not None and form.errors else status,
    )


# Opportunities -------------------------------------------------------------------------------------


@require_safe
def opportunity_list(request):
    member = require_member(request.user)
    require(can_see_opportunities(request.user))
    listed = (
        Opportunity.objects.for_org(member.organisation_id)
        .annotate(
            registered=Count("interests"),
            waiting=Count("interests", filter=Q(interests__status=Interest.Status.REGISTERED)),
        )
        .order_by("-published", "closes_on", "pk")
    )
    return _page(
        request,
        "opportunity_list.jinja",
        {
            "page": paginate(request, listed),
            "can_manage": can_manage_taking_part(request.user),
            "org": member.organisation,
        },
    )


def opportunity_create(request):
    member = require_member(request.user)
    require(can_manage_taking_part(request.user))
    form = OpportunityForm(
        post_or_none(request),
        organisation=member.organisation_id,
        instance=Opportunity(organisation=member.organisation),
        once=True,
    )
    if request.method == "POST" and form.is_valid():
        ok, made = act(form, actions.create_opportunity, member.organisation, by=request.user, **form.changes())
        if ok:
            url = reverse("people:opportunity_detail", args=[made.pk])
            return done(
                request, url, f"Added the opportunity {made}. Publish it to show it on your public page.", form=form
            )
    return _page(request, "opportunity_form.jinja", {"form": form, "opportunity": None})


@require_safe
def opportunity_detail(request, pk):
    opportunity = get_opportunity_for_user(request.user, pk)
    require(can_see_opportunities(request.user))
    invite = can_invite(request.user)
    registrations = None
    if invite:
        registrations = paginate(
            request, opportunity.interests.select_related("person").order_by("-registered_at", "-pk")
        )
    return _page(
        request,
        "opportunity_detail.jinja",
        {
            "opportunity": opportunity,
            "registrations": registrations,
            "can_invite": invite,
            "can_manage": can_manage_taking_part(request.user),
        },
    )


def opportunity_edit(request, pk):
    opportunity = get_opportunity_for_user(request.user, pk)
    require(can_manage_taking_part(request.user))
    form = OpportunityForm(post_or_none(request), organisation=opportunity.organisation_id, instance=opportunity)
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.update_opportunity,
            opportunity,
            form.changes(),
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(
                request, reverse("people:opportunity_detail", args=[pk]), f"Saved the opportunity {opportunity}."
            )
    return _page(request, "opportunity_form.jinja", {"form": form, "opportunity": opportunity})


def _publishing(request, pk, *, publish: bool):
    opportunity = get_opportunity_for_user(request.user, pk)
    require(can_manage_taking_part(request.user))
    form = VersionOnlyForm(post_or_none(request), initial={"version": opportunity.version})
    action = actions.publish_opportunity if publish else actions.unpublish_opportunity
    back = reverse("people:opportunity_detail", args=[pk])
    if request.method == "POST" and form.is_valid():
        ok, _ = act(form, action, opportunity, by=request.user, expected_version=form.cleaned_data["version"])
        if ok:
            said = "is on your public page" if publish else "is no longer on your public page"
            return done(request, back, f"The opportunity {opportunity} {said}.")
    if publish:
        text = "It will show on your organisation's public page, where anyone may register interest."
    else:
        text = "It will no longer show on your public page. Its registrations stay."
    return _confirm(
        request,
        form,
        title=f"{'Publish' if publish else 'Unpublish'} {opportunity}?",
        text=text,
        button="Publish it" if publish else "Unpublish it",
        cancel=back,
    )


def opportunity_publish(request, pk):
    return _publishing(request, pk, publish=True)


def opportunity_unpublish(request, pk):
    return _publishing(request, pk, publish=False)


def opportunity_delete(request, pk):
    opportunity = get_opportunity_for_user(request.user, pk)
    require(can_manage_taking_part(request.user))
    form = VersionOnlyForm(post_or_none(request))
    if request.method == "POST" and form.is_valid():
        ok, event = act(form, actions.delete_opportunity, opportunity, by=request.user)
        if ok:
            message = deleted_message(request, f"the opportunity {opportunity}", event)
            return done(request, reverse("people:opportunity_list"), message)
    return _confirm(
        request,
        form,
        title=f"Are you sure you want to delete the opportunity {opportunity}?",
        text="Its registrations of interest are deleted with it. An engagement lead can restore them from the audit log.",
        button="Yes, delete it",
        cancel=reverse("people:opportunity_detail", args=[pk]),
        warning=True,
    )


# Registrations --------------------------------------------------------------------------------------


def _interest_step(request, pk, *, action, title, text, button, message):
    interest = get_interest_for_user(request.user, pk)
    require(can_invite(request.user))
    form = VersionOnlyForm(post_or_none(request), initial={"version": interest.version})
    back = reverse("people:opportunity_detail", args=[interest.opportunity_id])
    if request.method == "POST" and form.is_valid():
        ok, _ = act(form, action, interest, by=request.user, expected_version=form.cleaned_data["version"])
        if ok:
            return done(request, back, message.format(person=interest.person))
    return _confirm(request, form, title=title.format(person=interest.person), text=text, button=button, cancel=back)


def interest_invite(request, pk):
    return _interest_step(
        request,
        pk,
        action=actions.invite_person,
        title="Invite {person} to take part?",
        text="They are emailed an invitation if they agreed to be contacted about this activity and gave an email "
        "address; otherwise contact them yourself.",
        button="Invite",
        message="Invited {person}.",
    )


def interest_not_selected(request, pk):
    return _interest_step(
        request,
        pk,
        action=actions.mark_not_selected,
        title="Mark {person} as not selected?",
        text="They are not emailed. Tell them yourself, kindly, if they agreed to be contacted.",
        button="Mark as not selected",
        message="Marked {person} as not selected.",
    )


def interest_participation(request, pk):
    interest = get_interest_for_user(request.user, pk)
    require(can_invite(request.user))
    form = ParticipationFromInterestForm(
        post_or_none(request), initial={"version": interest.version, "starts_on": timezone.localdate()}
    )
    back = reverse("people:opportunity_detail", args=[interest.opportunity_id])
    if request.method == "POST" and form.is_valid():
        ok, participation = act(
            form,
            actions.record_participation_from_interest,
            interest,
            by=request.user,
            starts_on=form.cleaned_data["starts_on"],
            role=form.cleaned_data["role"].strip(),
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            advise(request, participation)
            return done(request, back, f"Recorded {interest.person} as taking part.")
    return _page(request, "participation_form.jinja", {"form": form, "interest": interest, "cancel": back})


# Rights -----------------------------------------------------------------------------------------------


def _person_context(person):
    return {
        "person": person,
        "participations": Participation.objects.filter(person=person).select_related("activity", "structure")[:50],
        "interests": Interest.objects.filter(person=person).select_related("opportunity")[:50],
    }


@require_safe
def person_rights(request, person_id):
    """A person's data and what they may ask for: an export, erasure."""
    person = get_person_for_rights(request.user, person_id)
    require(can_export_person(request.user, person))
    context = _person_context(person)
    context.update(can_manage=can_manage_taking_part(request.user), own=person.account_id == request.user.pk)
    return _page(request, "person_rights.jinja", context)


def _export(request, person, *, own: bool):
    fmt = request.GET.get("format", "json")
    if fmt not in ("csv", "json"):
        raise Http404("Unknown format")
    rights.audit_export(person, by=request.user, fmt=fmt, include_equality=own)
    if fmt == "csv":
        return rights.person_csv(person, include_equality=own)
    return rights.person_json(person, include_equality=own)


@require_safe
def person_export(request, person_id):
    person = get_person_for_rights(request.user, person_id)
    require(can_export_person(request.user, person))
    return _export(request, person, own=person.account_id == request.user.pk)


def person_erase(request, person_id):
    person = get_person_for_rights(request.user, person_id)
    require(can_manage_taking_part(request.user))
    form = VersionOnlyForm(post_or_none(request))
    if request.method == "POST" and form.is_valid():
        ok, _ = act(form, actions.erase_person, person, by=request.user)
        if ok:
            return done(request, reverse("people:person_rights", args=[person_id]), "Erased the person's data.")
    return _confirm(
        request,
        form,
        title=f"Erase {person}'s data?",
        text="Their name, contact details, postcode, needs and what they wrote are removed, here and in the audit "
        "log; their consents, participation and attendance stay, anonymously, so that counts stay right. "
        "This cannot be undone.",
        button="Yes, erase their data",
        cancel=reverse("people:person_rights", args=[person_id]),
        caption="A person's rights",
        warning=True,
    )


@require_safe
def my_data(request):
    """A person with an account (a patient partner) sees their own record and exports it."""
    require_member(request.user)
    person = own_record(request.user)
    context = _person_context(person) if person else {"person": None}
    context.update(own=True, can_manage=False)
    return _page(request, "person_rights.jinja", context)


@require_safe
def my_data_export(request):
    require_member(request.user)
    person = own_record(request.user)
    if person is None:  # nothing held: the export says so
        from django.http import JsonResponse

        return JsonResponse({"person": None, "note": "Baton holds no record of you as someone taking part."})
    return _export(request, person, own=True)


# Retention and the people export -------------------------------------------------------------------


@require_safe
def retention_runs(request):
    member = require_member(request.user)
    require(can_manage_taking_part(request.user))
    from django.conf import settings

    runs = RetentionRun.objects.for_org(member.organisation_id).order_by("-ran_at", "-pk")
    return _page(
        request,
        "retention_runs.jinja",
        {"page": paginate(request, runs), "days": settings.BATON_RETENTION_DAYS},
    )


@require_safe
def people_export(request):
    from .models import Person

    member = require_member(request.user)
    require(can_manage_taking_part(request.user))
    people = Person.objects.for_org(member.organisation_id).active().order_by("name", "pk")
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    rights.audit_register_export(member.organisation, by=request.user, fmt=fmt)
    if fmt == "xlsx":
        return rights.people_xlsx(people)
    return rights.people_csv(people)


# Imports of people ---------------------------------------------------------------------------------------


def import_upload(request):
    require_member(request.user)
    require(can_manage_taking_part(request.user))
    form = ImportUploadForm(post_or_none(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            headers, rows = imports.read_table(upload.name, upload.read(imports.MAX_BYTES + 1))
        except imports.CannotRead as exc:
            form.add_error("file", str(exc))
        else:
            request.session[IMPORT_SESSION] = {"name": upload.name, "headers": headers, "rows": rows}
            return redirect("people:import_map")
    return _page(request, "import_upload.jinja", {"form": form, "max_rows": imports.MAX_ROWS})


def import_map(request):
    member = require_member(request.user)
    require(can_manage_taking_part(request.user))
    held = request.session.get(IMPORT_SESSION)
    if not held:  # nothing uploaded (or already imported): say so, and where to start
        return _page(
            request, "import_map.jinja", {"form": None, "name": None, "headers": [], "count": 0, "preview": None}
        )
    headers, rows = held["headers"], held["rows"]
    form = ImportMappingForm(
        post_or_none(request), headers=headers, initial_mapping=imports.guess_mapping(headers), once=True
    )
    preview = None
    if request.method == "POST" and form.is_valid():
        checked = imports.prepare(headers, rows, form.mapping())
        if "import" in request.POST:
            ok, result = act(form, actions.import_people, member.organisation, checked, by=request.user)
            if ok:
                request.session.pop(IMPORT_SESSION, None)
                added, skipped = result if isinstance(result, tuple) else (0, 0)
                message = f"Imported {added:,} people from {held['name']}."
                if skipped:
                    message += f" {skipped:,} were already in Baton, so were not added again."
                return done(request, reverse("people:opportunity_list"), message)
        preview = {
            "rows": checked[: imports.PREVIEW_ROWS],
            "problems": [p for row in checked for p in row.problems],
            "total": len(checked),
            "mapping": form.mapping(),
        }
    return _page(
        request,
        "import_map.jinja",
        {"form": form, "name": held["name"], "headers": headers, "count": len(rows), "preview": preview},
    )
