"""Who may do what to consultations. Pages, the API and templates all ask here.

Everyone in the organisation reads its consultations (people of another organisation get 404).
Engagement leads manage every consultation; a programme lead manages the consultations of the
programmes they lead (cycle's rule for "may change this programme"). The organisation's minimum
duration is an engagement lead's to change."""

from __future__ import annotations

from baton.core.permissions import get_for_user, has
from baton.core.roles import LEAD_ENGAGEMENT, OWN_WORK
from baton.cycle.models import Programme
from baton.cycle.permissions import can_edit_programme, eligible_owners

from .models import Consultation, ConsultationMaterial, GunningAssessment


def get_consultation_for_user(user, pk) -> Consultation:
    """The consultation, if it belongs to the user's organisation; otherwise 404."""
    return get_for_user(Consultation, user, pk, select_related=("organisation", "programme", "lead"))


def get_material_for_user(user, pk) -> ConsultationMaterial:
    return get_for_user(ConsultationMaterial, user, pk, select_related=("consultation", "consultation__programme"))


def get_assessment_for_user(user, pk) -> GunningAssessment:
    return get_for_user(
        GunningAssessment, user, pk, select_related=("consultation", "consultation__programme", "principle")
    )


def eligible_programmes(user, organisation):
    """The programmes the user may consult on: all of the organisation's for an engagement lead,
    those they lead for a programme lead. The pages offer exactly these; the API accepts no other."""
    programmes = Programme.objects.for_org(organisation).order_by("name")  # unique in an organisation
    if has(user, LEAD_ENGAGEMENT):
        return programmes
    if has(user, OWN_WORK):
        return programmes.filter(lead_id=user.pk)
    return programmes.none()


def eligible_leads(organisation):
    """Who may run a consultation day to day: people who may own work (cycle's choice of owners)."""
    return eligible_owners(organisation)


def can_create_consultation(user) -> bool:
    """Engagement leads, and programme leads (on a programme they lead): the people who may own
    work, as for starting a programme (engagement leads' roles grant it too)."""
    return has(user, OWN_WORK)


def can_manage_consultation(user, consultation: Consultation) -> bool:
    """Change, open, close, record responses and the report, add materials, assess the checks:
    engagement leads, and the lead of the consultation's programme."""
    if has(user, LEAD_ENGAGEMENT):
        return True
    return consultation.programme is not None and can_edit_programme(user, consultation.programme)


def can_change_settings(user) -> bool:
    """The organisation's minimum duration: engagement leads."""
    return has(user, LEAD_ENGAGEMENT)
