from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "baton.learning"
    label = "learning"
    verbose_name = "Learning and support"

    def ready(self) -> None:
        from baton.core import roles
        from baton.core.models import Role

        from . import permissions

        roles.register(
            permissions.KEEP_LEARNING,
            "Keep learning offers, requirements and participation roles; delete learning records",
            {Role.ENGAGEMENT_LEAD, Role.ADMIN},
        )
        roles.register(
            permissions.RECORD_LEARNING,
            "Record anyone's learning and raise or close their support requests (as their manager)",
            {Role.ENGAGEMENT_LEAD, Role.PROGRAMME_LEAD, Role.ADMIN},
        )
        from . import hub  # noqa: F401  registers navigation, the hub measures, my work, the digest and advice
