"""The insight API's shapes: comments (with their themes) and imports (with their progress)."""

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

from baton.core.schemas import Id

from .models import Source

SourceName = Literal[tuple(Source.values)]


class InsightCommentOut(Schema):
    id: int
    text: str
    received_on: date | None
    service: str
    question: str
    score: int | None
    external_id: str
    source: str
    programme_id: int | None
    stage_run_id: int | None
    feedback_import_id: int | None
    themes: list[str]
    sentiment: int | None = Field(description="1 very positive to 5 very negative; none when not read.")
    confidence: float | None
    language: str
    needs_check: bool
    checked_by_id: int | None
    version: int

    @staticmethod
    def resolve_themes(obj) -> list[str]:
        return sorted(t.code for t in obj.themes.all())


class InsightCommentFilter(Schema):
    theme: str | None = Field(None, max_length=60, pattern=r"^[^\x00]*$")
    service: str | None = Field(None, max_length=200, pattern=r"^[^\x00]*$")
    sentiment: int | None = Field(None, ge=1, le=5)
    month_from: str | None = Field(
        None, pattern=r"^(19|[2-9]\d)\d{2}-(0[1-9]|1[0-2])$", description="YYYY-MM, from 1900"
    )
    month_to: str | None = Field(None, pattern=r"^(19|[2-9]\d)\d{2}-(0[1-9]|1[0-2])$", description="YYYY-MM, from 1900")
    source: SourceName | None = None
    programme_id: Id | None = None
    to_check: bool = False
    import_id: Id | None = None


class InsightImportOut(Schema):
    id: int
    file_name: str
    file_size: int
    encoding: str
    columns: list[str]
    mapping: dict[str, str]
    source: str
    programme_id: int | None
    stage_run_id: int | None
    status: str
    stale: bool = Field(description="Running for longer than an import takes: its worker stopped; try again.")
    rows_total: int
    rows_done: int = Field(description="Rows checked (while checking) or written (while writing).")
    rows_added: int
    rows_repeated: int
    problems: list[str]
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    version: int
