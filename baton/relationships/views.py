"""Pages of the partner register and communications: the register (filters by type, owner and
health), a partner's page (contacts, dialogue, promises, stages involved), the dialogue log of a
programme's stage, each programme's communication plan, and the alternative format requests. Four
steps a view (core.pages): access, bind, act, respond."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from baton.core.forms import VersionOnlyForm
from baton.core.pages import act, deleted_message, done, post_or_none, render_page
from baton.core.paging import paginate
from baton.core.permissions import require, require_member
from baton.cycle import stages
from baton.cycle.models import Programme

from . import actions
from .forms import (
    CommsItemForm,
    ContactForm,
    DialogueForm,
    FormatRequestForm,
    FulfilForm,
    NewPromiseForm,
    PartnerForm,
    PromiseForm,
)
from .models import CommsItem, Contact, Dialogue, FormatRequest, Partner, PartnerType, Promise, flagged_q, quiet_q
from .permissions import (
    can_keep,
    eligible_owners,
    get_comms_for_user,
    get_contact_for_user,
    get_dialogue_for_user,
    get_partner_for_user,
    get_programme_for_user,
    get_promise_for_user,
    get_request_for_user,
    require_reader,
)

HEALTH_FILTERS = {
    "flagged": "Any health flag",
    "quiet": "No contact in 90 days",
    "overdue": "Promises overdue",
    "unowned": "Nobody owns the relationship",
}


def _page(request, template, context, status=200):
    return render_page(request, template, context, status, today=timezone.localdate(), stages=stages)


def _reader(request):
    member = require_member(request.user)
    require_reader(request.user)
    return member


def _keeper(request):
    member = _reader(request)
    require(can_keep(request.user))
    return member


def _form_page(request, form, *, heading, caption, submit, cancel, intro="", status=200):
    return _page(
        request,
        "relationships/form.jinja",
        {"form": form, "heading": heading, "caption": caption, "submit": submit, "cancel": cancel, "intro": intro},
        status=status,
    )


def _confirm_delete(request, form, *, what, consequence, cancel):
    return _page(
        request,
        "relationships/confirm_delete.jinja",
        {"form": form, "what": what, "consequence": consequence, "cancel": cancel},
        status=409 if form is not None and form.errors else 200,
    )


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# The register ------------------------------------------------------------------------------------------


@require_safe
def partner_list(request):
    member = _reader(request)
    today = timezone.localdate()
    partners = Partner.objects.for_org(member.organisation_id).with_health(today).order_by("name", "pk")
    chosen = {
        "type": _int(request.GET.get("type")),
        "owner": request.GET.get("owner", ""),
        "health": request.GET.get("health", ""),
    }
    if chosen["type"]:
        partners = partners.filter(type_id=chosen["type"])
    if chosen["owner"] == "none":
        partners = partners.filter(owner__isnull=True)
    elif _int(chosen["owner"]):
        partners = partners.filter(owner_id=_int(chosen["owner"]))
    health = chosen["health"]
    if health == "flagged":
        partners = partners.filter(flagged_q(today))
    elif health == "quiet":
        partners = partners.filter(quiet_q(today))
    elif health == "overdue":
        partners = partners.filter(overdue_promises__gt=0)
    elif health == "unowned":
        partners = partners.filter(owner__isnull=True)
    page = paginate(request, partners)
    for partner in page.object_list:
        partner.flags = partner.health(today)
    return _page(
        request,
        "relationships/partner_list.jinja",
        {
            "page": page,
            "chosen": chosen,
            "types": PartnerType.objects.all(),
            "owners": eligible_owners(member.organisation_id),
            "health_filters": HEALTH_FILTERS,
            "can_edit": can_keep(request.user),
        },
    )


def partner_create(request):
    member = _keeper(request)
    form = PartnerForm(
        post_or_none(request),
        organisation=member.organisation,
        instance=Partner(organisation=member.organisation),
        initial={"owner": request.user.pk},
        once=True,
    )
    if request.method == "POST" and form.is_valid():
        ok, partner = act(form, actions.create_partner, member.organisation, by=request.user, **form.changes())
        if ok:
            url = reverse("relationships:partner_detail", args=[partner.pk])
            return done(request, url, f"Added {partner} to the partner register.", form=form)
    return _form_page(
        request,
        form,
        heading="Add a partner",
        caption="Partners",
        submit="Add partner",
        cancel=reverse("relationships:partner_list"),
    )


@require_safe
def partner_detail(request, pk):
    partner = get_partner_for_user(request.user, pk)
    today = timezone.localdate()
    annotated = Partner.objects.with_health(today).get(pk=partner.pk)
    dialogue = paginate(
        request,
        partner.dialogues.select_related("programme")
        .prefetch_related("staff", "contacts")
        .order_by("-happened_on", "-pk"),
        param="dialogue_page",
    )
    promises = paginate(
        request, partner.promises.select_related("dialogue").order_by("outcome", "due_on", "pk"), param="promise_page"
    )
    for promise in promises.object_list:
        promise.state_text = promise.state(today)
        promise.late = promise.is_overdue(today)
    return _page(
        request,
        "relationships/partner_detail.jinja",
        {
            "partner": annotated,
            "health": annotated.health(today),
            "contacts": paginate(request, partner.contacts.select_related("person"), param="contact_page"),
            "dialogue": dialogue,
            "promises": promises,
            "involved": annotated.stages_involved(),
            "can_edit": can_keep(request.user),
            "delete_blockers": annotated.blockers_to_deleting() if can_keep(request.user) else [],
        },
    )


def partner_edit(request, pk):
    partner = get_partner_for_user(request.user, pk)
    require(can_keep(request.user))
    form = PartnerForm(post_or_none(request), organisation=partner.organisation, instance=partner)
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.update_partner,
            partner,
            form.changes(),
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(request, reverse("relationships:partner_detail", args=[partner.pk]), f"Saved {partner}.")
    return _form_page(
        request,
        form,
        heading=f"Change {partner}",
        caption="Partners",
        submit="Save partner",
        cancel=reverse("relationships:partner_detail", args=[partner.pk]),
    )


def partner_delete(request, pk):
    partner = get_partner_for_user(request.user, pk)
    require(can_keep(request.user))
    form = VersionOnlyForm(post_or_none(request))
    if request.method == "POST" and form.is_valid():
        ok, event = act(form, actions.delete_partner, partner, by=request.user)
        if ok:
            return done(request, reverse("relationships:partner_list"), deleted_message(request, str(partner), event))
    return _confirm_delete(
        request,
        form,
        what=str(partner),
        consequence="Its contacts are deleted with it. An engagement lead can restore them from the audit log.",
        cancel=reverse("relationships:partner_detail", args=[partner.pk]),
    )


# Contacts -----------------------------------------------------------------------------------------------


def contact_create(request, pk):
    partner = get_partner_for_user(request.user, pk)
    require(can_keep(request.user))
    form = ContactForm(
        post_or_none(request), organisation=partner.organisation, instance=Contact(partner=partner), once=True
    )
    if request.method == "POST" and form.is_valid():
        ok, contact = act(form, actions.add_contact, partner, by=request.user, **form.changes())
        if ok:
            url = reverse("relationships:partner_detail", args=[partner.pk])
            return done(request, url, f"Added {contact.name} as a contact at {partner}.", form=form)
    return _form_page(
        request,
        form,
        heading="Add a contact",
        caption=partner.name,
        submit="Add contact",
        cancel=reverse("relationships:partner_detail", args=[partner.pk]),
    )


def contact_edit(request, pk):
    contact = get_contact_for_user(request.user, pk)
    require(can_keep(request.user))
    form = ContactForm(post_or_none(request), organisation=contact.partner.organisation, instance=contact)
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.update_contact,
            contact,
            form.changes(),
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            url = reverse("relationships:partner_detail", args=[contact.partner_id])
            return done(request, url, f"Saved {contact.name}'s details.")
    return _form_page(
        request,
        form,
        heading=f"Change {contact.name}'s details",
        caption=contact.partner.name,
        submit="Save contact",
        cancel=reverse("relationships:partner_detail", args=[contact.partner_id]),
    )


def contact_delete(request, pk):
    contact = get_contact_for_user(request.user, pk)
    require(can_keep(request.user))
    form = VersionOnlyForm(post_or_none(request))
    if request.method == "POST" and form.is_valid():
        event = actions.delete_contact(contact, by=request.user)
        url = reverse("relationships:partner_detail", args=[contact.partner_id])
        return done(request, url, deleted_message(request, f"{contact.name}, a contact at {contact.partner}", event))
    return _confirm_delete(
        request,
        form,
        what=f"{contact.name}, a contact at {contact.partner}",
        consequence="They are taken off the dialogue entries that name them. "
        "An engagement lead can restore them from the audit log.",
        cancel=reverse("relationships:partner_detail", args=[contact.partner_id]),
    )


# Dialogue -----------------------------------------------------------------------------------------------


def dialogue_create(request, pk):
    partner = get_partner_for_user(request.user, pk)
    require(can_keep(request.user))
    initial = {"happened_on": timezone.localdate(), "staff": [request.user.pk]}
    programme_id, stage = _int(request.GET.get("programme")), request.GET.get("stage")
    if programme_id:
        initial["programme"] = programme_id
    if stage in stages.KEYS:
        initial["stage"] = stage
    form = DialogueForm(
        post_or_none(request),
        partner=partner,
        with_promise=True,
        instance=Dialogue(partner=partner),
        initial=initial,
        once=True,
    )
    if request.method == "POST" and form.is_valid():
        ok, entry = act(
            form,
            actions.log_dialogue,
            partner,
            by=request.user,
            promise=form.cleaned_data.get("promise", "").strip(),
            promise_due_on=form.cleaned_data.get("promise_due_on"),
            **form.changes(),
        )
        if ok:
            url = reverse("relationships:partner_detail", args=[partner.pk])
            return done(request, url, f"Logged the {entry.get_kind_display().lower()} with {partner}.", form=form)
    return _form_page(
        request,
        form,
        heading="Log dialogue",
        caption=partner.name,
        submit="Log dialogue",
        intro="A meeting, call, email or event with the partner, against the programme and stage of the Cycle "
        "it was about.",
        cancel=reverse("relationships:partner_detail", args=[partner.pk]),
    )


def dialogue_edit(request, pk):
    entry = get_dialogue_for_user(request.user, pk)
    require(can_keep(request.user))
    form = DialogueForm(post_or_none(request), partner=entry.partner, instance=entry)
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.update_dialogue,
            entry,
            form.changes(),
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            url = reverse("relationships:partner_detail", args=[entry.partner_id])
            return done(request, url, "Saved the dialogue entry.")
    return _form_page(
        request,
        form,
        heading="Change the dialogue entry",
        caption=entry.partner.name,
        submit="Save dialogue",
        cancel=reverse("relationships:partner_detail", args=[entry.partner_id]),
    )


def dialogue_delete(request, pk):
    entry = get_dialogue_for_user(request.user, pk)
    require(can_keep(request.user))
    form = VersionOnlyForm(post_or_none(request))
    if request.method == "POST" and form.is_valid():
        event = actions.delete_dialogue(entry, by=request.user)
        url = reverse("relationships:partner_detail", args=[entry.partner_id])
        return done(request, url, deleted_message(request, "the dialogue entry", event))
    return _confirm_delete(
        request,
        form,
        what=f"the {entry.get_kind_display().lower()} with {entry.partner} on {entry.happened_on:%-d %B %Y}",
        consequence="The promises made in it are deleted with it. An engagement lead can restore them from the "
        "audit log.",
        cancel=reverse("relationships:partner_detail", args=[entry.partner_id]),
    )


@require_safe
def programme_dialogue(request, pk):
    """The dialogue log of one programme, by stage (`?stage=`), newest first."""
    programme = get_programme_for_user(request.user, pk)
    stage = request.GET.get("stage", "")
    entries = (
        Dialogue.objects.filter(programme=programme)
        .select_related("partner", "partner__type")
        .prefetch_related("staff")
        .order_by("-happened_on", "-pk")
    )
    if stage in stages.KEYS:
        entries = entries.filter(stage=stage)
    else:
        stage = ""
    counts = dict(Dialogue.objects.filter(programme=programme).values_list("stage").annotate(n=Count("pk")).order_by())
    return _page(
        request,
        "relationships/programme_dialogue.jinja",
        {
            "programme": programme,
            "stage": stage,
            "page": paginate(request, entries),
            "counts": [(s, counts.get(s.key, 0)) for s in stages.STAGES],
        },
    )


# Promises -----------------------------------------------------------------------------------------------


def promise_create(request, pk):
    entry = get_dialogue_for_user(request.user, pk)
    require(can_keep(request.user))
    form = NewPromiseForm(post_or_none(request), instance=Promise(dialogue=entry, partner=entry.partner), once=True)
    if request.method == "POST" and form.is_valid():
        ok, _ = act(form, actions.make_promise, entry, by=request.user, **form.changes())
        if ok:
            url = reverse("relationships:partner_detail", args=[entry.partner_id])
            return done(request, url, f"Recorded the promise to {entry.partner}.", form=form)
    return _form_page(
        request,
        form,
        heading="Record a promise",
        caption=str(entry),
        submit="Record promise",
        cancel=reverse("relationships:partner_detail", args=[entry.partner_id]),
    )


def promise_edit(request, pk):
    promise = get_promise_for_user(request.user, pk)
    require(can_keep(request.user))
    form = PromiseForm(post_or_none(request), instance=promise)
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.update_promise,
            promise,
            form.changes(),
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            url = reverse("relationships:partner_detail", args=[promise.partner_id])
            return done(request, url, "Saved the promise.")
    return _form_page(
        request,
        form,
        heading="Change the promise, or record it kept or broken",
        caption=promise.partner.name,
        submit="Save promise",
        cancel=reverse("relationships:partner_detail", args=[promise.partner_id]),
    )


def promise_delete(request, pk):
    promise = get_promise_for_user(request.user, pk)
    require(can_keep(request.user))
    form = VersionOnlyForm(post_or_none(request))
    if request.method == "POST" and form.is_valid():
        event = actions.delete_promise(promise, by=request.user)
        url = reverse("relationships:partner_detail", args=[promise.partner_id])
        return done(request, url, deleted_message(request, "the promise", event))
    return _confirm_delete(
        request,
        form,
        what=f"the promise “{promise.text}”",
        consequence="Delete a promise recorded in error. A promise we did not keep is recorded as broken instead.",
        cancel=reverse("relationships:partner_detail", args=[promise.partner_id]),
    )


# Communications -----------------------------------------------------------------------------------------


@require_safe
def comms_index(request):
    """Each programme with how many items its communication plan has."""
    member = _reader(request)
    programmes = (
        Programme.objects.for_org(member.organisation_id).annotate(items=Count("comms_items")).order_by("name", "pk")
    )
    return _page(request, "relationships/comms_index.jinja", {"page": paginate(request, programmes)})


@require_safe
def comms_plan(request, pk):
    programme = get_programme_for_user(request.user, pk)
    items = paginate(request, programme.comms_items.order_by("planned_on", "pk"))
    return _page(
        request,
        "relationships/comms_plan.jinja",
        {"programme": programme, "page": items, "can_edit": can_keep(request.user)},
    )


def comms_create(request, pk):
    programme = get_programme_for_user(request.user, pk)
    require(can_keep(request.user))
    form = CommsItemForm(post_or_none(request), instance=CommsItem(programme=programme), once=True)
    if request.method == "POST" and form.is_valid():
        ok, _ = act(form, actions.add_comms_item, programme, by=request.user, **form.changes())
        if ok:
            url = reverse("relationships:comms_plan", args=[programme.pk])
            return done(request, url, "Added the item to the communication plan.", form=form)
    return _form_page(
        request,
        form,
        heading="Add to the communication plan",
        caption=programme.name,
        submit="Add item",
        cancel=reverse("relationships:comms_plan", args=[programme.pk]),
    )


def comms_edit(request, pk):
    item = get_comms_for_user(request.user, pk)
    require(can_keep(request.user))
    form = CommsItemForm(post_or_none(request), instance=item)
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.update_comms_item,
            item,
            form.changes(),
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(request, reverse("relationships:comms_plan", args=[item.programme_id]), "Saved the item.")
    return _form_page(
        request,
        form,
        heading="Change the communication plan item",
        caption=item.programme.name,
        submit="Save item",
        cancel=reverse("relationships:comms_plan", args=[item.programme_id]),
    )


def comms_delete(request, pk):
    item = get_comms_for_user(request.user, pk)
    require(can_keep(request.user))
    form = VersionOnlyForm(post_or_none(request))
    if request.method == "POST" and form.is_valid():
        event = actions.delete_comms_item(item, by=request.user)
        url = reverse("relationships:comms_plan", args=[item.programme_id])
        return done(request, url, deleted_message(request, "the communication plan item", event))
    return _confirm_delete(
        request,
        form,
        what=f"the item “{item}”",
        consequence="An engagement lead can restore it from the audit log.",
        cancel=reverse("relationships:comms_plan", args=[item.programme_id]),
    )


# Alternative formats ------------------------------------------------------------------------------------

REQUEST_FILTERS = {"open": "Not yet fulfilled", "overdue": "Overdue", "fulfilled": "Fulfilled", "all": "All"}


@require_safe
def request_list(request):
    member = _reader(request)
    today = timezone.localdate()
    show = request.GET.get("show", "open")
    if show not in REQUEST_FILTERS:
        show = "open"
    found = FormatRequest.objects.for_org(member.organisation_id).select_related("programme", "person", "owner")
    if show == "open":
        found = found.open()
    elif show == "overdue":
        found = found.overdue(today)
    elif show == "fulfilled":
        found = found.filter(fulfilled_on__isnull=False).order_by("-fulfilled_on", "-pk")
    page = paginate(request, found)
    for r in page.object_list:
        r.state_text = r.state(today)
        r.late = r.is_overdue(today)
    return _page(
        request,
        "relationships/request_list.jinja",
        {"page": page, "show": show, "filters": REQUEST_FILTERS, "can_edit": can_keep(request.user)},
    )


def request_create(request):
    member = _keeper(request)
    today = timezone.localdate()
    form = FormatRequestForm(
        post_or_none(request),
        organisation=member.organisation,
        instance=FormatRequest(organisation=member.organisation),
        initial={"requested_on": today, "owner": request.user.pk},
        once=True,
    )
    if request.method == "POST" and form.is_valid():
        ok, made = act(form, actions.request_format, member.organisation, by=request.user, **form.changes())
        if ok:
            return done(request, reverse("relationships:request_list"), f"Recorded the request for {made}.", form=form)
    return _form_page(
        request,
        form,
        heading="Record a request for an alternative format",
        caption="Alternative formats",
        submit="Record request",
        cancel=reverse("relationships:request_list"),
    )


def request_edit(request, pk):
    found = get_request_for_user(request.user, pk)
    require(can_keep(request.user))
    form = FormatRequestForm(post_or_none(request), organisation=found.organisation, instance=found)
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.update_format_request,
            found,
            form.changes(),
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(request, reverse("relationships:request_list"), f"Saved the request for {found}.")
    return _form_page(
        request,
        form,
        heading="Change the request",
        caption="Alternative formats",
        submit="Save request",
        cancel=reverse("relationships:request_list"),
    )


def request_fulfil(request, pk):
    found = get_request_for_user(request.user, pk)
    require(can_keep(request.user))
    form = FulfilForm(post_or_none(request), initial={"version": found.version})
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.fulfil_format_request,
            found,
            on=form.cleaned_data["fulfilled_on"],
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(request, reverse("relationships:request_list"), f"Recorded the {found} as sent.")
    return _form_page(
        request,
        form,
        heading=f"Record the {found} as sent",
        caption=f"Requested by {found.requested_by}",
        submit="Record as sent",
        cancel=reverse("relationships:request_list"),
    )


def request_delete(request, pk):
    found = get_request_for_user(request.user, pk)
    require(can_keep(request.user))
    form = VersionOnlyForm(post_or_none(request))
    if request.method == "POST" and form.is_valid():
        event = actions.delete_format_request(found, by=request.user)
        return done(request, reverse("relationships:request_list"), deleted_message(request, "the request", event))
    return _confirm_delete(
        request,
        form,
        what=f"the request for {found}",
        consequence="Delete a request recorded in error. An engagement lead can restore it from the audit log.",
        cancel=reverse("relationships:request_list"),
    )
