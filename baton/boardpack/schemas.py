"""What the board packs API reads and writes. The cover sheet's input schema is derived from the
model (`core.schemas.from_model`), so limits are declared once."""

from datetime import date, datetime
from typing import Literal

from django.urls import reverse
from ninja import Field, Schema

from baton.core.schemas import Id, from_model

from .models import BoardPack

Status = Literal[tuple(BoardPack.Status.values)]

BoardPackIn = from_model(
    "BoardPackIn",
    BoardPack,
    [
        "title",
        "period_start",
        "period_end",
        "meeting_date",
        "purpose",
        "executive_lead",
        "report_author",
        "assurance_level",
        "assurance_reason",
        "recommendation",
        "risks",
    ],
    extra={
        "objective_ids": (
            list[Id],
            Field([], max_length=100, description="Strategic objectives of your organisation it supports."),
        )
    },
)


class BoardPackOut(Schema):
    id: int
    title: str
    period_start: date
    period_end: date
    meeting_date: date
    purpose: str
    executive_lead: str
    report_author: str
    assurance_level: str
    assurance_reason: str
    recommendation: str
    objective_ids: list[int]
    risks: str
    status: Status
    progress: int = Field(description="Percent done while it is generated.")
    problem: str = Field(description="Why it was not generated, when it failed.")
    generated_at: datetime | None
    issued_at: datetime | None
    page_url: str
    pdf_url: str | None = Field(description="The PDF, once generated (signed-in session).")
    xlsx_url: str | None = Field(description="Every table as a spreadsheet, once generated.")
    version: int

    @staticmethod
    def resolve_objective_ids(obj) -> list[int]:
        return sorted(o.pk for o in obj.objectives.all())

    @staticmethod
    def resolve_page_url(obj) -> str:
        return reverse("boardpack:detail", args=[obj.pk])

    @staticmethod
    def resolve_pdf_url(obj) -> str | None:
        return reverse("boardpack:pdf", args=[obj.pk]) if obj.generated_at else None

    @staticmethod
    def resolve_xlsx_url(obj) -> str | None:
        return reverse("boardpack:xlsx", args=[obj.pk]) if obj.generated_at else None
