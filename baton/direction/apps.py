from django.apps import AppConfig


class DirectionConfig(AppConfig):
    name = "baton.direction"
    label = "direction"
    verbose_name = "Vision and strategy"

    def ready(self) -> None:
        from . import hub, permissions  # noqa: F401  the approval capability; navigation, hub measures, work lists
