"""The email inviting a person who registered interest to take part. Sent by a background task,
queued once the invitation is saved (so a slow or absent mail server never breaks the page), and
only to someone who consented to be contacted about the activity (checked again when sending)."""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django_tasks import task

from baton.core.fields import CONTROL

log = logging.getLogger(__name__)


@task()
def send_invitation(interest_id: int) -> None:
    from .actions import latest_consent
    from .models import Interest, Purpose

    interest = (
        Interest.objects.select_related("person", "opportunity", "opportunity__organisation")
        .filter(pk=interest_id)
        .first()
    )
    if interest is None or interest.status != Interest.Status.INVITED:
        return
    person, opportunity = interest.person, interest.opportunity
    if not person.email or person.erased_at or not latest_consent(person, Purpose.CONTACT_ACTIVITY):
        return
    organisation = opportunity.organisation
    contact = organisation.engagement_email or organisation.engagement_phone or "the engagement team"
    body = (
        f"Hello {person.name},\n\n"
        f'Thank you for registering your interest in "{opportunity.title}" with {organisation.name}. '
        "We would like to invite you to take part.\n\n"
        f"When: {opportunity.when}\nWhere: {opportunity.where}\n"
        + (f"Access and support: {opportunity.access}\n" if opportunity.access else "")
        + (f"Payment: {opportunity.payment_offered}\n" if opportunity.payment_offered else "")
        + f"\nTo accept, to ask a question, or to tell us what would help you take part, contact {contact}.\n\n"
        "You are getting this email because you agreed to be contacted about this activity. "
        "To stop, reply and tell us.\n"
    )
    subject = CONTROL.sub(" ", f"Invitation to take part: {opportunity.title}")[:200]
    send_mail(subject, body, organisation.engagement_email or None, [person.email])


def invitation(interest_id: int) -> None:
    try:
        send_invitation.enqueue(interest_id)
    except Exception:  # the queue (Redis, say) is down: the invitation stands; staff see it on the page
        log.exception("Could not queue the invitation for interest %s; the email was not sent", interest_id)
