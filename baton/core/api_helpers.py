"""What every area's API does the same way when it writes: create once per Idempotency-Key, and
take only the fields a PATCH sent."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from ninja.responses import Status

from .actions import AlreadyDone, once
from .errors import RuleBroken


def created_once(request, key: str | None, make: Callable[[], Any], fetch: Callable[[int], Any]) -> Status:
    """Create once per Idempotency-Key (the caller's own, for this operation): `make()` creates the
    record through its action, `fetch(pk)` reads it back as the API shows it. 201 with the new
    record; the same key again gives 200 with the first one and creates nothing; 409 if what the
    first request made has since been deleted. Without a key every request creates."""
    try:
        with once(key, by=request.auth, scope=f"api:{request.method}:{request.resolver_match.route}") as keep:
            made = make()
            keep(made)
    except AlreadyDone as first:
        try:
            return Status(200, fetch(first.result.pk))  # type: ignore[union-attr]
        except (AttributeError, ObjectDoesNotExist):
            raise RuleBroken(
                "This request was done before with the same key; what it made is no longer there."
            ) from None
    return Status(201, fetch(made.pk))


def changes_of(payload) -> dict:
    """The fields a PATCH sent (those left out stay as they are), less the version it checks."""
    return payload.dict(exclude_unset=True, exclude={"version"})
