from django.apps import AppConfig


class CycleConfig(AppConfig):
    name = "baton.cycle"
    label = "cycle"

    def ready(self) -> None:
        from . import (
            board,  # noqa: F401  the board pack sections: foresight for plans, dropped batons
            hub,  # noqa: F401  registers the cycle's navigation, hub measures, work lists and digest
            indicators,  # noqa: F401  registers the cycle's board indicators
        )
