from django.apps import AppConfig


class HubConfig(AppConfig):
    """The top of the house: the hub dashboard, the daily digest and the guide. It reads what
    every area registered (core.registry) and imports no area."""

    name = "baton.hub"
    label = "hub"

    def ready(self) -> None:
        from baton.core import registry

        registry.nav_item("Hub", "hub:index", order=0, prefix="/$")
