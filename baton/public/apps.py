from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "baton.public"
    label = "public"

    def ready(self) -> None:
        from baton.core import registry

        registry.nav_item("Public pages", "public:index", order=95, prefix="/public/")
