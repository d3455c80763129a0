from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "baton.public"
    label = "public"
