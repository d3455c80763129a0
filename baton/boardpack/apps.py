from django.apps import AppConfig


class BoardPackConfig(AppConfig):
    name = "baton.boardpack"
    label = "boardpack"
    verbose_name = "The board pack"

    def ready(self) -> None:
        from baton.core import roles
        from baton.core.models import Role

        from . import permissions

        roles.register(
            permissions.MAKE_BOARD_PACKS,
            "Generate board packs and issue them to the board",
            {Role.ENGAGEMENT_LEAD, Role.ADMIN},
        )
        from . import hub  # noqa: F401  registers the navigation and the board part of hub element 4
