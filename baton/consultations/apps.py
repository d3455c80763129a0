from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "baton.consultations"
    label = "consultations"

    def ready(self) -> None:
        from . import (
            board,  # noqa: F401  the board pack section: consultations and the Gunning checks
            hub,  # noqa: F401  registers the consultations' navigation, hub measures and work lists
            indicators,  # noqa: F401  registers the Gunning board indicator
        )
