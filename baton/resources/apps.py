from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "baton.resources"
    label = "resources"
    verbose_name = "Adequate resources"

    def ready(self) -> None:
        from baton.core import roles
        from baton.core.models import Role

        from . import permissions as p

        roles.register(
            p.SEE_PAYMENTS,
            "See budgets, spend, rate cards, claims and payment exports",
            {Role.ENGAGEMENT_LEAD, Role.FINANCE, Role.ADMIN},
        )
        roles.register(p.APPROVE_CLAIMS, "Approve, query or refuse claims", {Role.ENGAGEMENT_LEAD, Role.FINANCE})
        roles.register(p.EXPORT_PAYMENTS, "Export approved claims for finance or payroll", {Role.FINANCE, Role.ADMIN})
        roles.register(p.KEEP_BUDGETS, "Set budgets and record spend", {Role.ENGAGEMENT_LEAD, Role.FINANCE, Role.ADMIN})
        roles.register(p.KEEP_RATE_CARDS, "Add and change rate cards", {Role.FINANCE, Role.ADMIN})
        from . import board, hub, indicators  # noqa: F401  registers navigation, the hub measure, my work, the digest, the programme section; the board indicators and pack section
