from django.apps import AppConfig


class RelationshipsConfig(AppConfig):
    name = "baton.relationships"
    label = "relationships"
    verbose_name = "Relationships with partners"

    def ready(self) -> None:
        from baton.core import roles
        from baton.core.models import Role

        from . import permissions

        roles.register(
            permissions.KEEP_RELATIONSHIPS,
            "Keep the partner register: partners, contacts, dialogue, promises, communications",
            {Role.ENGAGEMENT_LEAD, Role.PROGRAMME_LEAD, Role.ADMIN},
        )
        from . import hub  # noqa: F401  registers navigation, the hub measure and panel, and my work
