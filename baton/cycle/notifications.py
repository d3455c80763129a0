"""Emails about the baton: a hand-over waiting for its next owner, a query back to the sender.
Sent by background tasks so a slow mail server never slows a page."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django_tasks import task

from . import stages
from .models import Handover


def _link(handover: Handover) -> str:
    return settings.BATON_BASE_URL.rstrip("/") + reverse("cycle:handover_detail", args=[handover.pk])


@task()
def send_handover_waiting(handover_id: int) -> None:
    handover = Handover.objects.with_parties().filter(pk=handover_id).first()
    if handover is None or handover.status != Handover.Status.PENDING or not handover.next_owner.email:
        return
    days = handover.from_run.programme.organisation.handover_limit_days
    send_mail(
        subject=f"Hand-over waiting for you: {handover.from_run.programme} ({stages.label(handover.to_stage)})",
        message=(
            f"Hello {handover.next_owner.get_full_name() or handover.next_owner.username},\n\n"
            f"{handover.created_by or 'A colleague'} has handed over {handover.from_run.programme} "
            f"from {stages.label(handover.from_run.stage)} to {stages.label(handover.to_stage)}, and you are the next owner.\n\n"
            f"Summary:\n{handover.summary}\n\n"
            f"Please accept it, or query it, within {days} days: {_link(handover)}\n"
        ),
        from_email=None,
        recipient_list=[handover.next_owner.email],
    )


@task()
def send_handover_queried(handover_id: int) -> None:
    handover = Handover.objects.with_parties().filter(pk=handover_id).first()
    if handover is None or handover.status != Handover.Status.QUERIED:
        return
    sender = handover.created_by or handover.from_run.owner
    if not sender or not sender.email:
        return
    send_mail(
        subject=f"Hand-over queried: {handover.from_run.programme}",
        message=(
            f"{handover.next_owner} has queried your hand-over of {handover.from_run.programme} "
            f"to {stages.label(handover.to_stage)}:\n\n{handover.query_note}\n\n"
            f"Change the hand-over here: {_link(handover)}\n"
        ),
        from_email=None,
        recipient_list=[sender.email],
    )


def notify_handover_waiting(handover_id: int) -> None:
    send_handover_waiting.enqueue(handover_id)


def notify_handover_queried(handover_id: int) -> None:
    send_handover_queried.enqueue(handover_id)
