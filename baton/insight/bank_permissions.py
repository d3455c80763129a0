"""Who may search the insight bank. The page, the API and the navigation all ask `can_search`.

- Staff who plan or oversee engagement search it (`search_insight_bank`): engagement leads,
  programme leads, admins, lay members for involvement and board members. Lay and board members
  may: they assure engagement and challenge decisions, and "what do we already know?" is the
  question they are there to ask; the bank shows what people said, never who said it (comments are
  imported without names).
- Patient partners may not (403): the bank holds every comment of every service, which is more
  than the sample a patient partner is given to review. Nor finance officers, nor a member whose
  role has ended (no role today, so no capability).
- Another organisation's items and comments never appear: every search is of the organisation the
  request acts for."""

from __future__ import annotations

from baton.core.permissions import has, require, require_member

SEARCH_BANK = "search_insight_bank"


def can_search(user) -> bool:
    return has(user, SEARCH_BANK)


def require_searcher(user):
    """The membership the search is for: 404 without one, 403 for a role that may not search."""
    member = require_member(user)
    require(
        can_search(user),
        "The insight bank is for staff who plan or oversee engagement: engagement and programme leads, lay and board members, and admins.",
    )
    return member
