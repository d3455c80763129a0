"""Who may do what with feedback. Pages, the API and templates all ask here.

- **See feedback** (`see_feedback`): the comments, charts and imports, and exports of them.
  Engagement leads, programme leads and admins, who act on it; board and lay members, who hold
  the organisation to account for what patients say. Not patient partners (they see only the
  sample the patient_insight area gives them) nor finance officers.
- **Import feedback** (`import_feedback`): upload a file, map its columns, start or retry an
  import. Engagement leads, programme leads and admins.
- **Check feedback** (`check_feedback`): confirm or correct a comment's themes and sentiment.
  Engagement leads, programme leads and admins.

Another organisation's import or comment is 404; a role without the capability, 403."""

from __future__ import annotations

from baton.core.permissions import get_for_user, has, require, require_member

from .models import FeedbackComment, FeedbackImport

SEE_FEEDBACK = "see_feedback"
IMPORT_FEEDBACK = "import_feedback"
CHECK_FEEDBACK = "check_feedback"

NOT_YOURS = "Feedback is for engagement and programme staff, board and lay members."


def can_see(user) -> bool:
    return has(user, SEE_FEEDBACK)


def can_import(user) -> bool:
    return has(user, IMPORT_FEEDBACK)


def can_check(user) -> bool:
    return has(user, CHECK_FEEDBACK)


def require_see(user):
    """404 for no organisation, 403 for a role that does not see feedback. Returns the membership."""
    member = require_member(user)
    require(can_see(user), NOT_YOURS)
    return member


def require_import(user):
    member = require_see(user)
    require(can_import(user), "Importing feedback is for engagement leads, programme leads and admins.")
    return member


def get_import_for_user(user, pk) -> FeedbackImport:
    found = get_for_user(FeedbackImport, user, pk, select_related=("programme", "stage_run", "uploaded_by"))
    require_see(user)
    return found


def get_comment_for_user(user, pk) -> FeedbackComment:
    found = get_for_user(
        FeedbackComment, user, pk, select_related=("programme", "stage_run", "checked_by", "feedback_import")
    )
    require_see(user)
    return found
