from django.apps import AppConfig


class LoopConfig(AppConfig):
    name = "baton.loop"
    label = "loop"
    verbose_name = "Closing the loop: you said, we did"

    def ready(self) -> None:
        from baton.core import roles
        from baton.core.models import Role

        from . import permissions

        roles.register(
            permissions.MAKE_COMMITMENTS,
            "Make commitments from insight, record their responses and publish them (as a programme's lead, "
            "for that programme)",
            {Role.ENGAGEMENT_LEAD, Role.PROGRAMME_LEAD, Role.ADMIN},
        )
        from . import (
            board,  # noqa: F401  the board pack section: you said, we did
            hub,  # noqa: F401  registers navigation, the hub panel, my work, the digest, page sections
        )
