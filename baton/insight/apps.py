from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "baton.insight"
    label = "insight"
    verbose_name = "Data and insight"

    def ready(self) -> None:
        from baton.core import roles
        from baton.core.models import Role

        from . import permissions as p

        staff = {Role.ENGAGEMENT_LEAD, Role.PROGRAMME_LEAD, Role.ADMIN}
        roles.register(
            p.SEE_FEEDBACK,
            "See imported patient feedback, its themes and charts, and export it",
            staff | {Role.BOARD_MEMBER, Role.LAY_MEMBER},
        )
        roles.register(p.IMPORT_FEEDBACK, "Import patient feedback from CSV or XLSX files", staff)
        roles.register(p.CHECK_FEEDBACK, "Confirm or correct the themes and sentiment of feedback", staff)
        from . import (
            bank_hub,  # noqa: F401  the insight bank: its capability, navigation and programme-page link
            board,  # noqa: F401  the board pack section: insight on current services
            hub,  # noqa: F401  registers navigation, the hub measure and my work
        )
