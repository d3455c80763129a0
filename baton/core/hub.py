"""core's contributions to the hub (core.registry): who holds which role (element 3, "who does
what") and the audit trail in the navigation."""

from django.db.models import Count

from . import registry
from .models import Role, RoleAssignment
from .permissions import can_view_audit

registry.nav_item("Audit", "core:audit_log", order=80, prefix="/audit/", visible=can_view_audit)


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


@registry.hub_measure("roles", "people", app="core")
def people_in_roles(ctx: registry.HubContext) -> registry.Status:
    """Active people holding each role in the organisation today (a person with two roles counts
    in both); no engagement lead, or no lay member for involvement, is a vacancy."""
    rows = (
        RoleAssignment.objects.current(ctx.today)
        .filter(membership__organisation=ctx.organisation, membership__user__is_active=True)
        .values("role")
        .annotate(n=Count("membership__user", distinct=True))
    )
    counts = {row["role"]: row["n"] for row in rows}
    parts = [_plural(counts[role.value], role.label.lower()) for role in Role if counts.get(role.value)]
    headline = ", ".join(parts) if parts else "Nobody holds a role yet"
    details = []
    if not counts.get(Role.ENGAGEMENT_LEAD):
        details.append("Vacancy: there is no engagement lead to hold the hub.")
    if not counts.get(Role.LAY_MEMBER):
        details.append("Vacancy: there is no lay member for involvement to assure engagement.")
    return registry.Status(headline, tuple(details), attention=bool(details))
