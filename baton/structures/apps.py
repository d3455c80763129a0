from django.apps import AppConfig


class StructuresConfig(AppConfig):
    name = "baton.structures"
    label = "structures"
    verbose_name = "Engagement structures"

    def ready(self) -> None:
        from baton.core import roles
        from baton.core.models import Role

        from . import capabilities

        capabilities.KEEP = roles.register(
            "structures_keep",
            "Keep the register of engagement structures: add, change, review and delete groups",
            {Role.ENGAGEMENT_LEAD, Role.ADMIN},
        )
        from . import board, hub  # noqa: F401  registers the navigation, hub measure, work lists, board indicator and pack section
