from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "baton.core"
    label = "core"

    def ready(self):
        from . import lockout  # noqa: F401  connects the sign-in lock-out's audit record
