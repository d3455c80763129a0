"""People's rights over their data: everything Baton holds about a person, to give them (JSON or
CSV), and the people export for staff (CSV or XLSX). Every spreadsheet cell goes through
`core.spreadsheets`, so what someone typed (or an imported file carried) cannot run as a formula.
Erasure is an action (`actions.erase_person`)."""

from __future__ import annotations

import io
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, StreamingHttpResponse

from baton.core import audit
from baton.core.models import AuditEvent
from baton.core.spreadsheets import csv_writer, safe_row

from .models import Attendance, ConsentEvent, EqualityRecord, Interest, Participation, Person

PERSON_FIELDS = (
    "id",
    "name",
    "kind",
    "email",
    "phone",
    "postcode",
    "easy_read",
    "bsl",
    "large_print",
    "hearing_loop",
    "step_free",
    "language",
    "other_needs",
    "last_active_on",
    "contact_removed_on",
    "erased_at",
    "created_at",
)
EQUALITY_FIELDS = (
    "ethnic_category",
    "sex",
    "gender_identity",
    "sexual_orientation",
    "disability",
    "religion",
    "age_band",
    "carer",
    "imd_decile",
    "recorded_on",
)


def export_person(person: Person, *, include_equality: bool) -> dict:
    """Everything held about the person: their record, consents, participations, attendance and
    registrations of interest; their equality monitoring answers only in their own export
    (special-category data: staff never see it one person at a time)."""
    data: dict = {
        "person": {name: getattr(person, name) for name in PERSON_FIELDS},
        "consents": [
            {"purpose": c.purpose, "given": c.given, "at": c.at, "how": c.how}
            for c in ConsentEvent.objects.filter(person=person).order_by("at", "pk")
        ],
        "participations": [
            {
                "activity": str(p.activity) if p.activity_id else None,
                "structure": str(p.structure) if p.structure_id else None,
                "role": p.role,
                "role_level": p.role_level,
                "starts_on": p.starts_on,
                "ends_on": p.ends_on,
                "hours": p.hours,
            }
            for p in Participation.objects.filter(person=person).select_related("activity", "structure")
        ],
        "attendance": [
            {"meeting": str(a.meeting), "status": a.status, "hours": a.hours}
            for a in Attendance.objects.filter(person=person).select_related("meeting")
        ],
        "interests": [
            {
                "opportunity": i.opportunity.title,
                "status": i.status,
                "message": i.message,
                "registered_at": i.registered_at,
                "invited_at": i.invited_at,
            }
            for i in Interest.objects.filter(person=person).select_related("opportunity")
        ],
    }
    if include_equality:
        record = EqualityRecord.objects.filter(person=person).first()
        data["equality"] = {name: getattr(record, name) for name in EQUALITY_FIELDS} if record else None
    return data


def audit_export(person: Person, *, by, fmt: str, include_equality: bool) -> AuditEvent:
    """Who took a copy of everything held about a person, and when (the event's time): the person
    themself or a member of staff answering their request. The event holds no copy of the data."""
    return audit.record(
        person,
        AuditEvent.Verb.ACTION,
        by=by,
        action="export_person_data",
        after={"format": fmt, "equality_monitoring": include_equality},
    )


def audit_register_export(organisation, *, by, fmt: str) -> AuditEvent:
    """Who took the people register out of Baton, and in which format."""
    return audit.record(
        organisation,
        AuditEvent.Verb.ACTION,
        by=by,
        action="export_people_register",
        after={"format": fmt},
        organisation=organisation,
    )


def plain(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def person_json(person: Person, *, include_equality: bool) -> HttpResponse:
    body = json.dumps(export_person(person, include_equality=include_equality), cls=DjangoJSONEncoder, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.json"'
    return response


def person_csv(person: Person, *, include_equality: bool) -> HttpResponse:
    """The same as the JSON, one line a value: section, item number, field, value."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 only with a byte order mark
    writer = csv_writer(response)
    writer.writerow(["section", "item", "field", "value"])
    for section, value in plain(export_person(person, include_equality=include_equality)).items():
        items = value if isinstance(value, list) else [value]
        for number, item in enumerate(items, start=1):
            for name, cell in (item or {}).items():
                writer.writerow([section, number, name, "" if cell is None else cell])
    return response


EXPORT_HEADER = [
    "id",
    "name or alias",
    "taking part as",
    "email",
    "phone",
    "postcode",
    "needs",
    "last active on",
    "added on",
]


def _people_rows(queryset):
    for p in queryset.iterator(chunk_size=500):
        yield [
            p.pk,
            p.name,
            p.get_kind_display(),
            p.email,
            p.phone,
            p.postcode,
            "; ".join(p.needs),
            p.last_active_on,
            p.created_at.date(),
        ]


class _Line:
    """A file-like object that hands back what the CSV writer writes, so each row streams out."""

    def write(self, text: str) -> str:
        return text


def people_csv(queryset) -> StreamingHttpResponse:
    """The register as CSV, streamed row by row (tens of thousands of people never sit in memory)."""
    writer = csv_writer(_Line())

    def lines():
        yield "\ufeff" + writer.writerow(EXPORT_HEADER)
        for row in _people_rows(queryset):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="people.csv"'
    return response


def people_xlsx(queryset) -> HttpResponse:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("People")
    sheet.append(safe_row(EXPORT_HEADER))
    for row in _people_rows(queryset):
        sheet.append(safe_row(row))
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="people.xlsx"'
    return response
