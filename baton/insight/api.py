"""The insight REST API: feedback comments (filtered as on the pages) and imports with their
progress. The pages' permission helpers decide: 404 when not yours, 403 for a role that does not
see feedback, 422 for a bad filter."""

from django.db.models import Prefetch
from ninja import Path, Query, Router
from ninja.pagination import paginate

from baton.core.schemas import MAX_ID, Pages, responses

from . import importer, reports
from .models import FeedbackImport, FeedbackTheme
from .permissions import get_comment_for_user, get_import_for_user, require_see
from .schemas import InsightCommentFilter, InsightCommentOut, InsightImportOut

router = Router(tags=["insight"])
PK = Path(..., ge=1, le=MAX_ID)
R = "/insight/feedback"


def _import_out(imp: FeedbackImport) -> dict:
    written = importer.written_so_far(imp) if imp.status == FeedbackImport.Status.RUNNING else None
    out = {f: getattr(imp, f) for f in InsightImportOut.model_fields if hasattr(imp, f)}
    out["stale"] = importer.is_stale(imp)
    if written is not None:
        out["rows_done"] = written
    return out


@router.get(f"{R}/comments", response=responses({200: list[InsightCommentOut]}), summary="List feedback comments")
@paginate(Pages)
def list_comments(request, filters: Query[InsightCommentFilter]):
    member = require_see(request.auth)
    f = reports.Filters(
        theme=filters.theme or "",
        service=filters.service or "",
        sentiment=filters.sentiment,
        month_from=reports.month_start(filters.month_from or ""),
        month_to=reports.month_start(filters.month_to or ""),
        source=filters.source or "",
        programme=filters.programme_id,
        to_check=filters.to_check,
        feedback_import=filters.import_id,
    )
    return (
        reports.filtered(member.organisation, f)
        .prefetch_related(Prefetch("themes", queryset=FeedbackTheme.objects.order_by("code")))
        .order_by("-received_on", "-pk")
    )


@router.get(f"{R}/comments/{{comment_id}}", response=responses({200: InsightCommentOut}), summary="One comment")
def get_comment(request, comment_id: int = PK):
    return get_comment_for_user(request.auth, comment_id)


@router.get(f"{R}/imports", response=responses({200: list[InsightImportOut]}), summary="List feedback imports")
@paginate(Pages)
def list_imports(request):
    member = require_see(request.auth)
    return [_import_out(i) for i in FeedbackImport.objects.for_org(member.organisation)]


@router.get(
    f"{R}/imports/{{import_id}}", response=responses({200: InsightImportOut}), summary="One import and its progress"
)
def get_import(request, import_id: int = PK):
    return _import_out(get_import_for_user(request.auth, import_id))
