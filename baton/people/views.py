"""Pages of the people register: the register (search and filters), a person's page (details,
needs, consent with its history, participation, attendance), the forms that keep them, a
structure's members and a meeting's attendance, the equality monitoring aggregates, and a patient
partner's own "My involvement". Four steps a view (core.pages): access, bind, act, respond."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe
from markupsafe import Markup

from baton.core import audit, registry
from baton.core.forms import VersionOnlyForm
from baton.core.models import AuditEvent
from baton.core.pages import act, advise, deleted_message, done, post_or_none, render_page
from baton.core.paging import paginate
from baton.core.permissions import get_for_user, require, require_member
from baton.cycle.models import EngagementActivity
from baton.structures.models import Structure, StructureMeeting

from . import actions, equality
from .forms import (
    OFFERED,
    AreasForm,
    AttendanceForm,
    ConsentForm,
    EndForm,
    EqualityForm,
    MemberForm,
    ParticipationForm,
    PeopleFilter,
    PersonForm,
)
from .models import AreaLookup, ConsentEvent, EqualityRecord, Participation, Person, Purpose
from .permissions import (
    can_delete_people,
    can_import_areas,
    can_keep_people,
    can_manage_taking_part,
    can_view_equality,
    get_attendance_to_keep,
    get_participation_to_keep,
    get_person_for_user,
    get_person_to_keep,
    own_person,
)

CAPTION = "People"


def _page(request, template, context, status=200):
    return render_page(request, template, context, status, today=timezone.localdate())


def _person_url(person) -> str:
    return reverse("people:person_detail", args=[person.pk])


# The register ---------------------------------------------------------------------------------------


@require_safe
def person_list(request):
    member = require_member(request.user)
    require(can_keep_people(request.user), "Only staff who keep the people register can see it.")
    filters = PeopleFilter(request.GET or None)
    people = filters.filter(Person.objects.for_org(member.organisation_id).active())
    page = paginate(request, people.with_consent().order_by("name", "pk"))
    for person in page.object_list:
        person.consent_list = [label for purpose, label in Purpose.choices if getattr(person, f"consent_{purpose}")]
    return _page(
        request,
        "people/person_list.jinja",
        {"page": page, "filters": filters, "can_manage": can_manage_taking_part(request.user)},
    )


def person_create(request):
    member = require_member(request.user)
    require(can_keep_people(request.user))
    form = PersonForm(
        post_or_none(request),
        organisation=member.organisation,
        instance=Person(organisation=member.organisation),
        once=True,
    )
    if request.method == "POST" and form.is_valid():
        ok, person = act(form, actions.create_person, member.organisation, by=request.user, **form.changes())
        if ok:
            return done(request, _person_url(person), f"Added {person} to the people register.", form=form)
    return _page(request, "people/person_form.jinja", {"form": form, "person": None})


def _person_context(request, person, *, own: bool) -> dict:
    today = timezone.localdate()
    events = paginate(
        request, person.consents.select_related("recorded_by").order_by("-at", "-pk"), param="consent_page"
    )
    latest: dict[str, ConsentEvent] = {}
    for event in ConsentEvent.objects.filter(person=person).order_by("purpose", "-at", "-pk").distinct():
        latest.setdefault(event.purpose, event)
    participations = paginate(
        request,
        person.participations.select_related("activity", "activity__stage_run__programme", "structure"),
        param="taking_part_page",
    )
    for p in participations.object_list:
        p.current = p.is_current(today)
    attendance = paginate(
        request,
        person.attendance.select_related("meeting", "meeting__structure").order_by("-meeting__held_on", "-pk"),
        param="attendance_page",
    )
    keeper = can_keep_people(request.user) and not own
    return {
        "person": person,
        "consents": [(purpose, label, latest.get(purpose)) for purpose, label in Purpose.choices],
        "events": events,
        "participations": participations,
        "attendance": attendance,
        "can_keep": keeper,
        "can_delete": keeper and can_delete_people(request.user),
        "can_manage": keeper and can_manage_taking_part(request.user),
        "equality_recorded": EqualityRecord.objects.filter(person=person).exists(),
        "own": own,
        "sections": _sections(request, person),
    }


def _sections(request, record) -> list[Markup]:
    """The sections areas above add to this record's page (a person's learning), each its template
    filled with its own context (core.registry.page_section)."""
    return [
        Markup(render_to_string(template, context, request=request))  # noqa: S704  rendered by the template engine, escaped
        for template, context in registry.page_sections(request, record)
    ]


@require_safe
def person_detail(request, pk):
    person = get_person_for_user(request.user, pk)
    own = person.account_id == request.user.pk and not can_keep_people(request.user)
    return _page(request, "people/person_detail.jinja", _person_context(request, person, own=own))


@require_safe
def me(request):
    """A patient partner's own involvement: his record and what he takes part in; nobody else's."""
    member = require_member(request.user)
    person = own_person(request.user, member.organisation_id)
    if person is None:
        return _page(request, "people/me.jinja", {"person": None})
    return _page(request, "people/me.jinja", _person_context(request, person, own=True))


def person_edit(request, pk):
    person = get_person_to_keep(request.user, pk)
    form = PersonForm(post_or_none(request), organisation=person.organisation, instance=person)
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.update_person,
            person,
            form.changes(),
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(request, _person_url(person), f"Saved {person}'s details.")
    return _page(request, "people/person_form.jinja", {"form": form, "person": person})


def person_delete(request, pk):
    person = get_person_to_keep(request.user, pk)
    require(can_delete_people(request.user))
    form = VersionOnlyForm(post_or_none(request))
    if request.method == "POST" and form.is_valid():
        ok, event = act(form, actions.delete_person, person, by=request.user)
        if ok:
            return done(request, reverse("people:person_list"), deleted_message(request, str(person), event))
    return _page(
        request,
        "people/confirm_delete.jinja",
        {
            "form": form,
            "what": person.name,
            "caption": CAPTION,
            "consequence": "Their consent history, participation and attendance are deleted with them. "
            "An engagement lead can restore them from the audit log.",
            "cancel": _person_url(person),
        },
    )


# Consent and equality monitoring -----------------------------------------------------------------------


def consent_add(request, pk):
    person = get_person_to_keep(request.user, pk)
    form = ConsentForm(post_or_none(request), initial={"how": ConsentEvent.How.VERBAL})
    if request.method == "POST" and form.is_valid():
        ok, event = act(form, actions.record_consent, person, by=request.user, **form.cleaned())
        if ok:
            said = "given" if event.given else "withdrawn"
            return done(
                request, _person_url(person), f"Recorded consent {said}: {event.get_purpose_display()}.", form=form
            )
    return _page(request, "people/consent_form.jinja", {"form": form, "person": person})


def equality_record(request, pk):
    """Record equality monitoring answers. The form never shows what is recorded."""
    person = get_person_to_keep(request.user, pk)
    blockers = person.blockers_to_recording_equality()
    form = EqualityForm(post_or_none(request))
    if request.method == "POST" and form.is_valid():
        ok, _ = act(form, actions.record_equality, person, form.answers(), by=request.user)
        if ok:
            return done(request, _person_url(person), f"Recorded equality monitoring answers for {person}.")
    return _page(
        request,
        "people/equality_form.jinja",
        {
            "form": form,
            "person": person,
            "blockers": blockers,
            "recorded": EqualityRecord.objects.filter(person=person).exists(),
        },
        status=409 if blockers and request.method == "POST" else 200,
    )


def equality_delete(request, pk):
    person = get_person_to_keep(request.user, pk)
    form = VersionOnlyForm(post_or_none(request))
    if request.method == "POST" and form.is_valid():
        ok, _ = act(form, actions.delete_equality, person, by=request.user)
        if ok:
            return done(request, _person_url(person), f"Deleted {person}'s equality monitoring answers.")
    return _page(
        request,
        "people/confirm_delete.jinja",
        {
            "form": form,
            "what": f"{person.name}'s equality monitoring answers",
            "caption": CAPTION,
            "consequence": "They cannot be restored: the audit log never keeps equality monitoring answers.",
            "cancel": _person_url(person),
        },
    )


@require_safe
def equality_aggregates(request):
    """Equality monitoring as suppressed counts, for the organisation, a structure's members or an
    activity's participants. Choosing a group shows its figures and writes an audit event."""
    member = require_member(request.user)
    require(can_view_equality(request.user), "Only engagement leads and admins may see equality monitoring.")
    org = member.organisation
    structures = Structure.objects.for_org(org).order_by("name", "pk")[:OFFERED]
    activities = (
        EngagementActivity.objects.filter(stage_run__programme__organisation=org)
        .select_related("stage_run__programme")
        .order_by("-start_date", "-pk")[:OFFERED]
    )
    report = None
    scope = request.GET.get("scope", "")
    if scope == "organisation":
        report = equality.report(equality.organisation_people(org.pk), org.name)
        equality.audit_view(org, by=request.user, organisation=org, scope="organisation", shown=report)
    elif scope.startswith("structure-"):
        structure = get_for_user(Structure, request.user, scope.removeprefix("structure-"))
        report = equality.report(equality.structure_members(structure), f"current members of {structure.name}")
        equality.audit_view(structure, by=request.user, organisation=org, scope=scope, shown=report)
    elif scope.startswith("activity-"):
        activity = get_for_user(EngagementActivity, request.user, scope.removeprefix("activity-"))
        report = equality.report(equality.activity_people(activity), f"people taking part in {activity.title}")
        equality.audit_view(activity, by=request.user, organisation=org, scope=scope, shown=report)
    elif scope:
        raise Http404("No such group")
    return _page(
        request,
        "people/equality_aggregates.jinja",
        {
            "report": report,
            "scope": scope,
            "structures": structures,
            "activities": activities,
        },
    )


def import_areas(request):
    """Admins load the postcode-to-area table from a CSV file (as `baton manage import_areas`)."""
    import csv
    import io

    from .management.commands.import_areas import import_rows, summary

    member = require_member(request.user)
    may_load = can_import_areas(request.user)
    # Those who see equality monitoring may see how full the table is; only admins load it.
    require(may_load or can_view_equality(request.user))
    require(may_load or request.method != "POST", "Only admins may load the postcode-to-area table.")
    form = AreasForm(post_or_none(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        mapping = {name: data[name].strip() for name in ("postcode", "area_code", "imd_decile")}
        reader = csv.DictReader(io.TextIOWrapper(data["file"].file, encoding="utf-8-sig", newline=""))
        headings = reader.fieldnames or []
        missing = [mapping[f] for f in ("postcode", "imd_decile") if mapping[f] not in headings]
        if missing:
            form.add_error(None, f"The file has no column {', '.join(missing)}. Say which columns hold what.")
        else:
            with transaction.atomic():
                counts = import_rows(reader, mapping)
                audit.record(
                    member.organisation,
                    AuditEvent.Verb.ACTION,
                    by=request.user,
                    action="import_areas",
                    after={**counts, "file": data["file"].name[:100]},
                    organisation=member.organisation,
                )
            return done(request, reverse("people:import_areas"), summary(counts))
    return _page(
        request,
        "people/import_areas.jinja",
        {"form": form, "loaded": AreaLookup.objects.count(), "may_load": may_load},
    )


# Participation --------------------------------------------------------------------------------------


def participation_create(request, pk):
    person = get_person_to_keep(request.user, pk)
    form = ParticipationForm(
        post_or_none(request),
        organisation=person.organisation_id,
        instance=Participation(person=person),
        initial={"starts_on": timezone.localdate()},
        once=True,
    )
    if request.method == "POST" and form.is_valid():
        ok, participation = act(form, actions.record_participation, person, by=request.user, **form.changes())
        if ok:
            advise(request, participation)
            return done(
                request, _person_url(person), f"Recorded {person} taking part in {participation.where}.", form=form
            )
    return _page(request, "people/participation_form.jinja", {"form": form, "person": person, "participation": None})


def participation_edit(request, pk):
    participation = get_participation_to_keep(request.user, pk)
    person = participation.person
    form = ParticipationForm(post_or_none(request), organisation=person.organisation_id, instance=participation)
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.update_participation,
            participation,
            form.changes(),
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            return done(request, _person_url(person), "Saved the participation.")
    return _page(
        request, "people/participation_form.jinja", {"form": form, "person": person, "participation": participation}
    )


def participation_end(request, pk):
    participation = get_participation_to_keep(request.user, pk)
    form = EndForm(post_or_none(request), initial={"version": participation.version})
    if request.method == "POST" and form.is_valid():
        ok, _ = act(
            form,
            actions.end_participation,
            participation,
            ends_on=form.cleaned_data["ends_on"],
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
        if ok:
            where = participation.where
            url = (
                reverse("people:structure_members", args=[participation.structure_id])
                if request.GET.get("back") == "structure" and participation.structure_id
                else _person_url(participation.person)
            )
            return done(request, url, f"Ended {participation.person}'s participation in {where}.")
    return _page(request, "people/participation_end.jinja", {"form": form, "participation": participation})


def participation_delete(request, pk):
    participation = get_participation_to_keep(request.user, pk)
    form = VersionOnlyForm(post_or_none(request))
    if request.method == "POST" and form.is_valid():
        ok, event = act(form, actions.delete_participation, participation, by=request.user)
        if ok:
            what = f"{participation.person}'s participation in {participation.where}"
            return done(request, _person_url(participation.person), deleted_message(request, what, event))
    return _page(
        request,
        "people/confirm_delete.jinja",
        {
            "form": form,
            "what": f"{participation.person}'s participation in {participation.where}",
            "caption": CAPTION,
            "consequence": "Delete a participation recorded in error. One that simply ended should be ended "
            "instead, so the record keeps its history.",
            "cancel": _person_url(participation.person),
        },
    )


# A structure's members and a meeting's attendance ------------------------------------------------------


def _people_to_offer(request, organisation_id):
    """People of the organisation, narrowed by the search box (?q=), at most OFFERED of them."""
    q = (request.GET.get("q") or "").strip()[:100]
    people = Person.objects.for_org(organisation_id).active().order_by("name", "pk")
    if q:
        people = people.filter(name__icontains=q)
    return q, people


@require_safe
def structure_members(request, pk):
    structure = get_for_user(Structure, request.user, pk, select_related=("type",))
    require(can_keep_people(request.user))
    from .hub import structure_attendance_section

    attendance = structure_attendance_section(request, structure) or {}
    context = {**members_context(request, structure, full=True), **attendance}
    return _page(request, "people/structure_members.jinja", context)


def members_context(request, structure, *, full: bool = False) -> dict:
    """Current members (a participation covering today) and ended terms, each paginated."""
    today = timezone.localdate()
    terms = Participation.objects.filter(structure=structure).select_related("person").order_by("person__name", "pk")
    current = terms.filter(starts_on__lte=today).exclude(ends_on__lt=today)
    ended = terms.filter(ends_on__lt=today).order_by("-ends_on", "-pk")
    upcoming = terms.filter(starts_on__gt=today)
    return {
        "structure": structure,
        "current": paginate(request, current, param="members_page"),
        "ended": paginate(request, ended, param="ended_page"),
        "upcoming": list(upcoming[:OFFERED]),
        "can_keep": can_keep_people(request.user),
        "full": full,
    }


def member_add(request, pk):
    structure = get_for_user(Structure, request.user, pk)
    require(can_keep_people(request.user))
    q, people = _people_to_offer(request, structure.organisation_id)
    form = MemberForm(
        post_or_none(request),
        people=people,
        instance=Participation(structure=structure),
        initial={"starts_on": timezone.localdate(), "role": "Member", "role_level": 2},
        once=True,
    )
    if request.method == "POST" and form.is_valid():
        fields = form.changes()
        person = form.cleaned_data["person"]
        ok, participation = act(
            form, actions.record_participation, person, by=request.user, structure=structure, **fields
        )
        if ok:
            advise(request, participation)
            url = reverse("people:structure_members", args=[structure.pk])
            return done(request, url, f"Added {person} to {structure} as {fields['role']}.", form=form)
    form.fields["person"].queryset = people[:OFFERED]
    return _page(request, "people/member_form.jinja", {"form": form, "structure": structure, "q": q})


def attendance(request, pk):
    """A meeting's attendance: who came, who sent apologies, who was absent; record or change one."""
    meeting = get_for_user(StructureMeeting, request.user, pk, select_related=("structure",))
    require(can_keep_people(request.user), "Only staff who keep the people register can see attendance.")
    structure = meeting.structure
    q, people = _people_to_offer(request, structure.organisation_id)
    # Members whose term had not ended by the meeting (including those who joined since).
    members_then = Participation.objects.filter(structure=structure).exclude(ends_on__lt=meeting.held_on)
    if not q:
        people = people.filter(pk__in=members_then.values("person_id"))
    form = AttendanceForm(post_or_none(request), people=Person.objects.for_org(structure.organisation_id).active())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, recorded = act(
            form,
            actions.record_attendance,
            meeting,
            data["person"],
            status=data["status"],
            hours=data["hours"],
            by=request.user,
        )
        if ok:
            url = reverse("people:attendance", args=[meeting.pk])
            return done(request, url, f"Recorded {recorded.person}: {recorded.get_status_display().lower()}.")
    form.fields["person"].queryset = people[:OFFERED]
    recorded = paginate(request, meeting.attendance.select_related("person").order_by("person__name", "pk"))
    return _page(
        request,
        "people/attendance.jinja",
        {"form": form, "meeting": meeting, "structure": structure, "recorded": recorded, "q": q},
    )


def attendance_delete(request, pk):
    record = get_attendance_to_keep(request.user, pk)
    form = VersionOnlyForm(post_or_none(request))
    url = reverse("people:attendance", args=[record.meeting_id])
    if request.method == "POST" and form.is_valid():
        ok, event = act(form, actions.delete_attendance, record, by=request.user)
        if ok:
            return done(request, url, deleted_message(request, f"{record.person}'s attendance", event))
    return _page(
        request,
        "people/confirm_delete.jinja",
        {
            "form": form,
            "what": f"{record.person}'s attendance at {record.meeting}",
            "caption": CAPTION,
            "consequence": "Delete attendance recorded in error. An engagement lead can restore it from the audit log.",
            "cancel": url,
        },
    )
