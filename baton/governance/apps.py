from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "baton.governance"
    label = "governance"

    def ready(self) -> None:
        from baton.core import roles
        from baton.core.models import Role

        from . import capabilities

        capabilities.ASSURE = roles.register(
            "governance_assure", "Assure engagement on business cases", {Role.LAY_MEMBER}
        )
        capabilities.SIGN_OFF = roles.register(
            "governance_sign_off", "Sign off business cases for a board", {Role.BOARD_MEMBER}
        )
        from . import (
            board,  # noqa: F401  the board pack section: assurance of engagement
            hub,  # noqa: F401  registers navigation, hub measures and work lists
            indicators,  # noqa: F401  registers governance's board indicators
        )
