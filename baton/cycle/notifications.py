"""Emails about the baton, each side told what it must do next: the next owner when a hand-over
waits for them (or is answered, or passed to them), the sender when it is queried or accepted.
Sent by background tasks, queued only once the change is committed, so a slow or absent mail
server or queue never slows or breaks a page: a task that cannot be queued is logged, and the hub
and the daily digest still show the person what waits."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django_tasks import task

from baton.core.fields import CONTROL

from . import stages
from .models import Handover, HandoverMessage

log = logging.getLogger(__name__)


def _link(handover: Handover) -> str:
    return settings.BATON_BASE_URL.rstrip("/") + reverse("cycle:handover_detail", args=[handover.pk])


def _name(user) -> str:
    return user.get_full_name() or user.username


def _send(subject: str, body: str, to) -> None:
    if to is None or not to.email or not to.is_active:
        return
    # A line break in a header would make the mail library refuse the whole email.
    send_mail(CONTROL.sub(" ", subject)[:200], body, None, [to.email])


def _load(handover_id: int) -> Handover | None:
    return (
        Handover.objects.with_parties()
        .select_related("from_run__programme__organisation")
        .filter(pk=handover_id)
        .first()
    )


def _last(handover: Handover, kind: str) -> str:
    message = handover.messages.filter(kind=kind).order_by("-created_at", "-pk").first()
    return message.text if message else ""


def _sender(handover: Handover):
    return handover.created_by or handover.from_run.owner


@task()
def send_handover_waiting(handover_id: int) -> None:
    handover = _load(handover_id)
    if handover is None or handover.status == Handover.Status.ACCEPTED:
        return
    programme = handover.from_run.programme
    _send(
        f"Hand-over waiting for you: {programme} ({stages.label(handover.to_stage)})",
        f"Hello {_name(handover.next_owner)},\n\n"
        f"{handover.created_by or 'A colleague'} has handed over {programme} from "
        f"{stages.label(handover.from_run.stage)} to {stages.label(handover.to_stage)}, and you are the next owner.\n\n"
        f"Summary:\n{handover.summary}\n\n"
        f"Please accept it, or query it, by {handover.due_by().day} {handover.due_by():%B %Y}: {_link(handover)}\n",
        handover.next_owner,
    )


@task()
def send_handover_queried(handover_id: int) -> None:
    handover = _load(handover_id)
    if handover is None or handover.status != Handover.Status.QUERIED:
        return
    programme = handover.from_run.programme
    _send(
        f"Hand-over queried: {programme}",
        f"{handover.next_owner} has queried your hand-over of {programme} to {stages.label(handover.to_stage)}:\n\n"
        f"{_last(handover, HandoverMessage.Kind.QUERY)}\n\nAnswer the query here: {_link(handover)}\n",
        _sender(handover),
    )


@task()
def send_query_answered(handover_id: int) -> None:
    handover = _load(handover_id)
    if handover is None or handover.status != Handover.Status.PENDING:
        return
    programme = handover.from_run.programme
    _send(
        f"Your query was answered: {programme}",
        f"Hello {_name(handover.next_owner)},\n\n{_sender(handover)} has answered your query on the hand-over of "
        f"{programme} to {stages.label(handover.to_stage)}:\n\n{_last(handover, HandoverMessage.Kind.ANSWER)}\n\n"
        f"Accept it, or query it again: {_link(handover)}\n",
        handover.next_owner,
    )


@task()
def send_handover_accepted(handover_id: int) -> None:
    handover = _load(handover_id)
    if handover is None or handover.status != Handover.Status.ACCEPTED:
        return
    programme = handover.from_run.programme
    run_link = settings.BATON_BASE_URL.rstrip("/") + reverse("cycle:run_detail", args=[handover.from_run_id])
    _send(
        f"Hand-over accepted: {programme}",
        f"{handover.next_owner} has accepted your hand-over of {programme} to {stages.label(handover.to_stage)}.\n\n"
        f"You can now close the {stages.label(handover.from_run.stage)} stage run: {run_link}\n",
        _sender(handover),
    )


@task()
def send_handover_reassigned(handover_id: int, previous_owner_id: int) -> None:
    handover = _load(handover_id)
    if handover is None or handover.status == Handover.Status.ACCEPTED:
        return
    send_handover_waiting.call(handover_id)
    from baton.core.models import User

    previous = User.objects.filter(pk=previous_owner_id).first()
    if previous is not None:
        _send(
            f"Hand-over passed to someone else: {handover.from_run.programme}",
            f"The hand-over of {handover.from_run.programme} to {stages.label(handover.to_stage)} is now "
            f"{handover.next_owner}'s to accept; you no longer need to act on it.\n\n{_link(handover)}\n",
            previous,
        )


def _enqueue(task_, *args) -> None:
    try:
        task_.enqueue(*args)
    except Exception:  # the queue (Redis, say) is down: the change stands; the hub still shows it
        log.exception("Could not queue %s%r; the email was not sent", task_.name, args)


def handover_waiting(handover_id: int) -> None:
    _enqueue(send_handover_waiting, handover_id)


def handover_queried(handover_id: int) -> None:
    _enqueue(send_handover_queried, handover_id)


def query_answered(handover_id: int) -> None:
    _enqueue(send_query_answered, handover_id)


def handover_accepted(handover_id: int) -> None:
    _enqueue(send_handover_accepted, handover_id)


def handover_reassigned(handover_id: int, previous_owner_id: int) -> None:
    _enqueue(send_handover_reassigned, handover_id, previous_owner_id)
