from django.apps import AppConfig


class ReachConfig(AppConfig):
    name = "baton.reach"
    label = "reach"
    verbose_name = "Reach against the population"

    def ready(self) -> None:
        from baton.core import roles
        from baton.core.models import Role

        from . import permissions

        roles.register(
            permissions.IMPORT_POPULATION,
            "Import the organisation's population profile (the groups reach is compared with)",
            {Role.ENGAGEMENT_LEAD, Role.ADMIN},
        )
        from . import hub  # noqa: F401  registers navigation, indicators, the board section, page sections, my work
