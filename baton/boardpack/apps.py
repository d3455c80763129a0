from django.apps import AppConfig


class BoardPackConfig(AppConfig):
    name = "baton.boardpack"
    label = "boardpack"
    verbose_name = "The board pack"

    def ready(self) -> None:
        from baton.core import registry, roles
        from baton.core.models import Role

        from . import permissions

        roles.register(
            permissions.MAKE_BOARD_PACKS,
            "Generate board packs and issue them to the board",
            {Role.ENGAGEMENT_LEAD, Role.ADMIN},
        )
        registry.nav_item(
            "Board pack", "boardpack:index", order=85, prefix="/board-pack/", visible=permissions.can_read
        )
