from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "baton.assessment"
    label = "assessment"
    verbose_name = "Self-assessment"

    def ready(self) -> None:
        from . import hub  # noqa: F401  registers the self-assessment's navigation, hub panel and work lists
