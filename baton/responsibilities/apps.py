from django.apps import AppConfig


class ResponsibilitiesConfig(AppConfig):
    name = "baton.responsibilities"
    label = "responsibilities"
    verbose_name = "Responsibilities register"

    def ready(self) -> None:
        from . import hub  # noqa: F401  registers the register's navigation, hub measure and work list
