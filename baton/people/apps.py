from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "baton.people"
    label = "people"
    verbose_name = "People who take part"

    def ready(self) -> None:
        pass
