from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "baton.indicators"
    label = "indicators"
    verbose_name = "Board indicators"

    def ready(self) -> None:
        from . import hub  # noqa: F401  registers the navigation, the hub's indicators part, the programme section
