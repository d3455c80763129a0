"""Pages of learning and support: the overview (coverage for staff and for people who take part),
offers, requirements and participation roles, records, support requests, a role's people and
their flags, uptake and capacity, and everyone's own learning (/learning/me/). Four steps a view
(core.pages): access, bind, act, respond."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from baton.core.forms import VersionOnlyForm
from baton.core.models import Role
from baton.core.pages import act, deleted_message, done, post_or_none, render_page
from baton.core.paging import paginate
from baton.core.permissions import require, require_member
from baton.people.permissions import own_person

from . import actions, status
from .forms import AskForm, CloseNeedForm, NeedForm, OfferForm, RecordForm, RequirementForm, RoleKindForm
from .models import LearningNeed, LearningOffer, LearningRecord, LearningRequirement, ParticipationRole, State
from .permissions import (
    can_ask,
    can_keep,
    can_read,
    can_record,
    get_need_for_user,
    get_offer_for_user,
    get_record_for_user,
    get_record_to_keep,
    get_requirement_for_user,
    get_role_kind_for_user,
    require_reader,
)


def _page(request, template, context, status_code=200):
    return render_page(
        request,
        template,
        context,
        status_code,
        today=timezone.localdate(),
        can_keep=can_keep(request.user),
        can_record=can_record(request.user),
    )


def _reader(request):
    member = require_member(request.user)
    require_reader(request.user)
    return member


def _keeper(request):
    member = _reader(request)
    require(can_keep(request.user), "Only engagement leads and admins keep learning offers and requirements.")
    return member


def _recorder(request):
    member = _reader(request)
    require(can_record(request.user), "Only engagement leads, programme leads and admins record people's learning.")
    return member


def _form_page(request, form, *, heading, caption, submit, cancel, intro="", multipart=False):
    return _page(
        request,
        "learning/form.jinja",
        {
            "form": form,
            "heading": heading,
            "caption": caption,
            "submit": submit,
            "cancel": cancel,
            "intro": intro,
            "multipart": multipart,
        },
    )


def _confirm_delete(request, form, *, what, consequence, cancel, blockers=()):
    return _page(
        request,
        "learning/confirm_delete.jinja",
        {"form": form, "what": what, "consequence": consequence, "cancel": cancel, "blockers": blockers},
        status_code=409 if form is not None and form.errors else 200,
    )


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# Overview -----------------------------------------------------------------------------------------------


@require_safe
def index(request):
    member = _reader(request)
    today = timezone.localdate()
    return _page(
        request,
        "learning/index.jinja",
        {
            "staff": status.coverage(member.organisation_id, today, staff=True),
            "public": status.coverage(member.organisation_id, today, staff=False),
            "open_needs": LearningNeed.objects.for_org(member.organisation_id)
            .filter(status=LearningNeed.Status.OPEN)
            .count(),
        },
    )


# Offers --------------------------------------------------------------------------------------------------

AUDIENCES = {"": "All offers", **dict(LearningOffer.Audience.choices), "retired": "Retired offers"}


@require_safe
def offer_list(request):
    member = _reader(request)
    show = request.GET.get("show", "")
    show = show if show in AUDIENCES else ""
    since = status.uptake_since(timezone.localdate())
    offers = LearningOffer.objects.for_org(member.organisation_id).annotate(
        uptake=Count("records", filter=Q(records__completed_on__gte=since))
    )
    if show == "retired":
        offers = offers.filter(active=False)
    elif show:
        offers = offers.filter(active=True, audience__in=[show, LearningOffer.Audience.BOTH])
    return _page(
        request,
        "learning/offer_list.jinja",
        {"page": paginate(request, offers.order_by("title", "pk")), "filters": AUDIENCES, "show": show},
    )


def offer_create(request):
    member = _keeper(request)
    form = OfferForm(
        post_or_none(request),
        organisation=member.organisation,
        instance=LearningOffer(organisation=member.organisation),
        once=True,
    )
    if request.method == "POST" and form.is_valid():
        ok, offer = act(form, actions.create_offer, member.organisation, by=request.user, **form.changes())
        if ok:
            return done(request, reverse("learning:offer_detail", args=[offer.pk]), f"Added {offer}.", form=form)
    return _form_page(
        request,
        form,
        heading="Add a learning offer",
        caption="Learning",
        submit="Add offer",
        cancel=reverse("learning:offer_list"),
    )


@require_safe
def offer_detail(request, pk):
    offer = get_offer_for_user(request.user, pk)
    records = paginate(
        request,
        offer.records.select_related("user", "person").order_by("-completed_on", "-pk"),
        param="record_page",
    )
    return _page(
        request,
        "learning/offer_detail.jinja",
        {
            "offer": offer,
            "requirements": list(offer.requirements.select_related("participation_role")),
            "records": records,
            "delete_blockers": offer.blockers_to_deleting() if can_keep(request.user) else [],
        },
    )


def offer_edit(request, pk):
    offer = get_offer_for_user(request.user, pk)
    require(can_keep(request.user))
    form = OfferForm(post_or_none(request), organisation=offer.organisation, instance=offer)
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.update_offer,
            offer,
            form.changes(),
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(request, reverse("learning:offer_detail", args=[offer.pk]), f"Saved {offer}.")
    return _form_page(
        request,
        form,
        heading=f"Change {offer}",
        caption="Learning offers",
        submit="Save offer",
        cancel=reverse("learning:offer_detail", args=[offer.pk]),
    )


def offer_delete(request, pk):
    offer = get_offer_for_user(request.user, pk)
    require(can_keep(request.user))
    form = VersionOnlyForm(post_or_none(request))
    if request.method == "POST" and form.is_valid():
        ok, event = act(form, actions.delete_offer, offer, by=request.user)
        if ok:
            return done(request, reverse("learning:offer_list"), deleted_message(request, str(offer), event))
    return _confirm_delete(
        request,
        form,
        what=str(offer),
        consequence="Delete an offer entered in error. An engagement lead can restore it from the audit log.",
        cancel=reverse("learning:offer_detail", args=[offer.pk]),
        blockers=offer.blockers_to_deleting(),
    )


# Requirements and participation roles --------------------------------------------------------------------


@require_safe
def requirement_list(request):
    member = _reader(request)
    requirements = LearningRequirement.objects.for_org(member.organisation_id).select_related(
        "offer", "participation_role"
    )
    kinds = ParticipationRole.objects.for_org(member.organisation_id).select_related("structure_type")
    return _page(
        request,
        "learning/requirement_list.jinja",
        {
            "staff": [r for r in requirements if r.staff_role],
            "public": [r for r in requirements if r.participation_role_id],
            "kinds": paginate(request, kinds, param="kind_page"),
        },
    )


def requirement_create(request):
    member = _keeper(request)
    initial = {}
    if _int(request.GET.get("offer")):
        initial["offer"] = _int(request.GET.get("offer"))
    form = RequirementForm(
        post_or_none(request),
        organisation=member.organisation,
        instance=LearningRequirement(organisation=member.organisation),
        initial=initial,
        once=True,
    )
    if request.method == "POST" and form.is_valid():
        ok, requirement = act(form, actions.set_requirement, member.organisation, by=request.user, **form.changes())
        if ok:
            return done(
                request,
                reverse("learning:requirement_list"),
                f"Required {requirement.offer} of every {requirement.target}.",
                form=form,
            )
    return _form_page(
        request,
        form,
        heading="Require learning of a role",
        caption="Learning requirements",
        submit="Save requirement",
        cancel=reverse("learning:requirement_list"),
        intro="Choose a staff role or a participation role, and how often the learning is renewed.",
    )


def requirement_edit(request, pk):
    requirement = get_requirement_for_user(request.user, pk)
    require(can_keep(request.user))
    form = RequirementForm(post_or_none(request), organisation=requirement.organisation, instance=requirement)
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.update_requirement,
            requirement,
            form.changes(),
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(request, reverse("learning:requirement_list"), "Saved the requirement.")
    return _form_page(
        request,
        form,
        heading="Change a requirement",
        caption="Learning requirements",
        submit="Save requirement",
        cancel=reverse("learning:requirement_list"),
    )


def requirement_delete(request, pk):
    requirement = get_requirement_for_user(request.user, pk)
    require(can_keep(request.user))
    form = VersionOnlyForm(post_or_none(request))
    if request.method == "POST" and form.is_valid():
        ok, event = act(form, actions.delete_requirement, requirement, by=request.user)
        if ok:
            return done(
                request, reverse("learning:requirement_list"), deleted_message(request, str(requirement), event)
            )
    return _confirm_delete(
        request,
        form,
        what=f"the requirement of {requirement}",
        consequence="People's records stay; nobody is held to it any more.",
        cancel=reverse("learning:requirement_list"),
    )


def role_kind_create(request):
    member = _keeper(request)
    form = RoleKindForm(
        post_or_none(request),
        organisation=member.organisation,
        instance=ParticipationRole(organisation=member.organisation),
        once=True,
    )
    if request.method == "POST" and form.is_valid():
        ok, kind = act(form, actions.create_role_kind, member.organisation, by=request.user, **form.changes())
        if ok:
            return done(
                request, reverse("learning:requirement_list"), f"Added the participation role {kind}.", form=form
            )
    return _form_page(
        request,
        form,
        heading="Add a participation role",
        caption="Learning requirements",
        submit="Add role",
        cancel=reverse("learning:requirement_list"),
        intro="A participation is in this role when it has everything you say here: words in its role, "
        "a type of structure, a stage of the Cycle, a level. Say at least one.",
    )


def role_kind_edit(request, pk):
    kind = get_role_kind_for_user(request.user, pk)
    require(can_keep(request.user))
    form = RoleKindForm(post_or_none(request), organisation=kind.organisation, instance=kind)
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.update_role_kind,
            kind,
            form.changes(),
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(request, reverse("learning:role_kind", args=[kind.pk]), f"Saved {kind}.")
    return _form_page(
        request,
        form,
        heading=f"Change {kind}",
        caption="Participation roles",
        submit="Save role",
        cancel=reverse("learning:role_kind", args=[kind.pk]),
    )


def role_kind_delete(request, pk):
    kind = get_role_kind_for_user(request.user, pk)
    require(can_keep(request.user))
    form = VersionOnlyForm(post_or_none(request))
    if request.method == "POST" and form.is_valid():
        ok, event = act(form, actions.delete_role_kind, kind, by=request.user)
        if ok:
            return done(request, reverse("learning:requirement_list"), deleted_message(request, str(kind), event))
    return _confirm_delete(
        request,
        form,
        what=f"the participation role {kind}",
        consequence="Participations are not changed; only this way of grouping them goes.",
        cancel=reverse("learning:role_kind", args=[kind.pk]),
        blockers=kind.blockers_to_deleting(),
    )


# A role's people and their flags -----------------------------------------------------------------------------

SHOW_FLAGS = {"": "Everyone in the role", "flagged": "Missing or expired learning"}


def _role_page(request, *, name, subjects_qs, requirements, staff, extra):
    today = timezone.localdate()
    show = request.GET.get("show", "")
    show = show if show in SHOW_FLAGS else ""
    subjects_qs = subjects_qs.order_by(*(("first_name", "last_name", "pk") if staff else ("name", "pk")))
    if show == "flagged" and requirements:
        annotations = {f"l{i}": status._latest(r.offer_id, staff) for i, r in enumerate(requirements)}
        lacking = Q(pk__in=[])
        for i, r in enumerate(requirements):
            filters = status._state_filters(f"l{i}", r.renew_months, today)
            lacking |= filters[State.MISSING] | filters[State.EXPIRED]
        subjects_qs = subjects_qs.annotate(**annotations).filter(lacking)
    page = paginate(request, subjects_qs)
    member = require_member(request.user)
    people = list(page.object_list)
    if staff:
        found = status.standings_of_staff(people, member.organisation_id, requirements, today)
        for subject in found:
            subject.standings = [s for s in subject.standings if s.requirement in requirements]
    else:
        found = status.standings_of_people(people, requirements, today)
    key = extra["role"] if staff else str(extra["kind"].pk)
    figures = status.kept(
        f"role.{staff}.{key}",
        member.organisation_id,
        today,
        lambda: status.role_figures(name, extra["all"], requirements, today, staff=staff, key=key),
    )
    return _page(
        request,
        "learning/role.jinja",
        {
            "name": name,
            "page": page,
            "subjects": found,
            "requirements": requirements,
            "staff": staff,
            "figures": figures,
            "filters": SHOW_FLAGS,
            "show": show,
            **extra,
        },
    )


@require_safe
def staff_role(request):
    """A staff role's people and their flags (`?role=lay_member`; lay members if none is named)."""
    member = _reader(request)
    role = request.GET.get("role", "")
    role = role if role in Role.values else Role.LAY_MEMBER
    today = timezone.localdate()
    requirements = [r for r in status.requirements_of(member.organisation_id) if r.staff_role == role]
    subjects = status.staff_in_role(member.organisation_id, role, today)
    return _role_page(
        request,
        name=Role(role).label,
        subjects_qs=subjects,
        requirements=requirements,
        staff=True,
        extra={"kind": None, "role": role, "all": subjects},
    )


@require_safe
def role_kind(request, pk):
    kind = get_role_kind_for_user(request.user, pk)
    today = timezone.localdate()
    requirements = [r for r in status.requirements_of(kind.organisation_id) if r.participation_role_id == kind.pk]
    subjects = status.people_in_role(kind, today)
    return _role_page(
        request,
        name=kind.name,
        subjects_qs=subjects,
        requirements=requirements,
        staff=False,
        extra={"kind": kind, "role": None, "all": subjects},
    )


# Uptake and capacity -------------------------------------------------------------------------------------------


@require_safe
def capacity(request):
    member = _reader(request)
    today = timezone.localdate()
    requirements = status.requirements_of(member.organisation_id)
    since = status.uptake_since(today)
    offers = (
        LearningOffer.objects.for_org(member.organisation_id)
        .filter(active=True)
        .annotate(
            uptake=Count("records", filter=Q(records__completed_on__gte=since)),
            staff_uptake=Count("records", filter=Q(records__completed_on__gte=since, records__user__isnull=False)),
        )
        .order_by("-uptake", "title", "pk")
    )
    return _page(
        request,
        "learning/capacity.jinja",
        {
            "kinds": status.participation_roles_figures(member.organisation_id, today, requirements),
            "staff_roles": status.staff_roles_figures(member.organisation_id, today, requirements),
            "offers": paginate(request, offers, param="offer_page"),
            "since": since,
        },
    )


# Records ------------------------------------------------------------------------------------------------------

RECORD_FILTERS = {"": "All records", "staff": "Staff", "public": "People who take part"}


@require_safe
def record_list(request):
    member = _reader(request)
    show = request.GET.get("show", "")
    show = show if show in RECORD_FILTERS else ""
    records = LearningRecord.objects.for_org(member.organisation_id).select_related("offer", "user", "person")
    if show == "staff":
        records = records.filter(user__isnull=False)
    elif show == "public":
        records = records.filter(person__isnull=False)
    offer_id = _int(request.GET.get("offer"))
    if offer_id:
        records = records.filter(offer_id=offer_id)
    return _page(
        request,
        "learning/record_list.jinja",
        {"page": paginate(request, records.order_by("-completed_on", "-pk")), "filters": RECORD_FILTERS, "show": show},
    )


def record_create(request):
    member = _recorder(request)
    person_id, user_id = _int(request.GET.get("person")), _int(request.GET.get("user"))
    initial = {"completed_on": timezone.localdate()}
    if person_id:
        initial["person"] = person_id
    if user_id:
        initial["user"] = user_id
    if _int(request.GET.get("offer")):
        initial["offer"] = _int(request.GET.get("offer"))
    form = RecordForm(
        post_or_none(request),
        request.FILES or None,
        organisation=member.organisation,
        person_id=person_id,
        instance=LearningRecord(organisation=member.organisation),
        initial=initial,
        once=True,
    )
    if request.method == "POST" and form.is_valid():
        ok, record = act(form, actions.record_learning, member.organisation, by=request.user, **form.changes())
        if ok:
            back = (
                reverse("people:person_detail", args=[record.person_id])
                if record.person_id and request.GET.get("back") == "person"
                else reverse("learning:record_list")
            )
            return done(request, back, f"Recorded {record.offer} for {record.subject_name}.", form=form)
    return _form_page(
        request,
        form,
        heading="Record learning",
        caption="Learning records",
        submit="Save record",
        cancel=reverse("learning:record_list"),
        multipart=True,
        intro="For a member of staff or for a person who takes part: choose one.",
    )


def record_delete(request, pk):
    record = get_record_to_keep(request.user, pk)
    require(can_keep(request.user))
    form = VersionOnlyForm(post_or_none(request))
    if request.method == "POST" and form.is_valid():
        ok, event = act(form, actions.delete_learning_record, record, by=request.user)
        if ok:
            return done(request, reverse("learning:record_list"), deleted_message(request, str(record), event))
    return _confirm_delete(
        request,
        form,
        what=str(record),
        consequence="Delete a record entered in error. An engagement lead can restore it from the audit log.",
        cancel=reverse("learning:record_list"),
    )


@require_safe
def record_certificate(request, pk):
    record = get_record_for_user(request.user, pk)
    if not record.certificate:
        raise Http404("No certificate")
    try:
        handle = record.certificate.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("The certificate is missing") from None
    return FileResponse(handle, as_attachment=True, filename=record.certificate.name.rsplit("/", 1)[-1])


# Support requests ---------------------------------------------------------------------------------------------

NEED_FILTERS = {"open": "Open requests", "met": "Met", "closed": "Closed"}


@require_safe
def need_list(request):
    member = _reader(request)
    show = request.GET.get("show", "open")
    show = show if show in NEED_FILTERS else "open"
    needs = (
        LearningNeed.objects.for_org(member.organisation_id)
        .filter(status=show)
        .select_related("offer", "user", "person", "raised_by")
        .order_by("-raised_on", "-pk")
    )
    return _page(
        request, "learning/need_list.jinja", {"page": paginate(request, needs), "filters": NEED_FILTERS, "show": show}
    )


def need_create(request):
    member = _recorder(request)
    person_id = _int(request.GET.get("person"))
    initial = {"person": person_id} if person_id else {}
    form = NeedForm(
        post_or_none(request),
        organisation=member.organisation,
        person_id=person_id,
        instance=LearningNeed(organisation=member.organisation),
        initial=initial,
        once=True,
    )
    if request.method == "POST" and form.is_valid():
        ok, need = act(form, actions.raise_need, member.organisation, by=request.user, **form.changes())
        if ok:
            return done(
                request,
                reverse("learning:need_list"),
                f"Recorded a support request for {need.subject_name}.",
                form=form,
            )
    return _form_page(
        request,
        form,
        heading="Raise a support request",
        caption="Support requests",
        submit="Save request",
        cancel=reverse("learning:need_list"),
        intro="For a member of staff or a person who takes part: what learning or support they need.",
    )


def need_close(request, pk):
    need = get_need_for_user(request.user, pk)
    require(can_record(request.user))
    form = CloseNeedForm(post_or_none(request), initial={"version": need.version})
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.close_need,
            need,
            by=request.user,
            status=form.cleaned_data["status"],
            outcome=form.cleaned_data["outcome"],
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(request, reverse("learning:need_list"), f"Closed the support request for {need.subject_name}.")
    return _page(request, "learning/need_close.jinja", {"form": form, "need": need})


# My learning ---------------------------------------------------------------------------------------------------


def _mine(request, member):
    today = timezone.localdate()
    requirements = status.requirements_of(member.organisation_id)
    (staff,) = status.standings_of_staff([request.user], member.organisation_id, requirements, today)
    person = own_person(request.user, member.organisation_id)
    public = status.standings_of_people([person], requirements, today)[0] if person else None
    mine = Q(user=request.user) | (Q(person=person) if person else Q(pk__in=[]))
    records = paginate(
        request,
        LearningRecord.objects.for_org(member.organisation_id)
        .filter(mine)
        .select_related("offer")
        .order_by("-completed_on", "-pk"),
        param="record_page",
    )
    needs = (
        LearningNeed.objects.for_org(member.organisation_id)
        .filter(mine)
        .select_related("offer")
        .order_by("-raised_on", "-pk")[:20]
    )
    staff_member = can_read(request.user)
    audience = LearningOffer.Audience.PUBLIC if staff_member else LearningOffer.Audience.STAFF
    offers = paginate(
        request,
        LearningOffer.objects.for_org(member.organisation_id).filter(active=True).exclude(audience=audience),
        param="offer_page",
    )
    return {
        "staff": staff,
        "public": public,
        "person": person,
        "records": records,
        "needs": list(needs),
        "offers": offers,
        "staff_member": staff_member,
        "can_ask": can_ask(request.user),
    }


@require_safe
def me(request):
    """Anyone's own learning: what their roles need, where they stand, their records, their support
    requests and the offers open to them."""
    member = require_member(request.user)
    return _page(request, "learning/me.jinja", _mine(request, member))


def me_need(request):
    """Ask for support for oneself."""
    member = require_member(request.user)
    require(can_ask(request.user), "Only someone who holds a role here can ask for support.")
    person = None if can_read(request.user) else own_person(request.user, member.organisation_id)
    form = AskForm(
        post_or_none(request),
        organisation=member.organisation,
        public=person is not None,
        instance=LearningNeed(organisation=member.organisation),
        initial={"offer": _int(request.GET.get("offer"))},
        once=True,
    )
    if request.method == "POST" and form.is_valid():
        subject = {"person": person} if person else {"user": request.user}
        ok, _ = act(form, actions.raise_need, member.organisation, by=request.user, **subject, **form.changes())
        if ok:
            return done(
                request,
                reverse("learning:me"),
                "Your request was sent. The engagement team will be in touch.",
                form=form,
            )
    return _form_page(
        request,
        form,
        heading="Ask for learning or support",
        caption="My learning",
        submit="Send request",
        cancel=reverse("learning:me"),
        intro="Tell us what would help you in your role. The engagement team reads every request.",
    )
