from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "baton.core"
    label = "core"

    def ready(self) -> None:
        from . import (
            hub,  # noqa: F401  registers core's part of the hub (element 3) and its navigation
            lockout,  # noqa: F401  connects the sign-in lock-out's audit record
        )
