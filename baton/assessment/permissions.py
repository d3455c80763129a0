"""Who may do what with self-assessments. Pages, the API and templates all ask here.

Everyone in the organisation reads its assessments and the trend; engagement leads
(`lead_engagement`) start, rate, complete and delete them. Another organisation's are 404."""

from __future__ import annotations

from baton.core.models import User
from baton.core.permissions import get_for_user, has
from baton.core.roles import LEAD_ENGAGEMENT

from .models import Action, Assessment, Item, Rating


def get_assessment_for_user(user, pk) -> Assessment:
    """The assessment, if it is the user's organisation's; otherwise 404."""
    return get_for_user(Assessment, user, pk, select_related=("organisation", "completed_by"))


def get_rating_for_user(user, pk) -> Rating:
    return get_for_user(Rating, user, pk, select_related=("assessment", "item", "item__framework"))


def get_action_for_user(user, pk) -> Action:
    return get_for_user(Action, user, pk, select_related=("rating", "rating__assessment", "rating__item", "owner"))


def get_item(pk) -> Item:
    """A framework item (reference data, the same for every organisation); 404 if there is none."""
    from django.http import Http404

    try:
        return Item.objects.select_related("framework").get(pk=pk)
    except (Item.DoesNotExist, ValueError, TypeError):
        raise Http404("No such item") from None


def can_edit_assessments(user) -> bool:
    """Engagement leads assess the organisation."""
    return has(user, LEAD_ENGAGEMENT)


def eligible_owners(organisation):
    """Who may own an action: active members of the organisation. The pages list exactly these;
    the API and the actions accept no one else."""
    return (
        User.objects.filter(is_active=True, memberships__organisation=organisation)
        .distinct()
        .order_by("first_name", "last_name", "username", "pk")
    )
