from django.apps import AppConfig


class StructuresConfig(AppConfig):
    name = "baton.structures"
    label = "structures"
    verbose_name = "Engagement structures"

    def ready(self) -> None:
        pass
