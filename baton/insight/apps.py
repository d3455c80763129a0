from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "baton.insight"
    label = "insight"
    verbose_name = "Data and insight"

    def ready(self) -> None:
        pass
