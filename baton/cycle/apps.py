from django.apps import AppConfig


class CycleConfig(AppConfig):
    name = "baton.cycle"
    label = "cycle"
