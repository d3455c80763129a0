from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "baton.assessment"
    label = "assessment"
    verbose_name = "Self-assessment"

    def ready(self) -> None:
        from . import board, hub, indicators  # noqa: F401  registers the navigation, hub panel, work lists, board indicator and pack section
