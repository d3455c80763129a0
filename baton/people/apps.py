from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "baton.people"
    label = "people"
    verbose_name = "People who take part"

    def ready(self) -> None:
        from . import hub_taking_part  # noqa: F401  registers taking part's capabilities and navigation
