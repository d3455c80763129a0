from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "baton.insight"
    label = "insight"
    verbose_name = "Data and insight"

    def ready(self) -> None:
        from . import bank_hub  # noqa: F401  the insight bank: its capability, navigation and programme-page link
