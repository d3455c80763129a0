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
        from . import board, hub, indicators  # noqa: F401  registers navigation, the hub measures, my work, the digest and advice; the board indicators and pack section

        self._forget_counts_on_change()

    def _forget_counts_on_change(self) -> None:
        """Counted coverage and readiness are kept for a while (`status.kept`); a change to anything
        they are counted from forgets them."""
        from django.db.models.signals import post_delete, post_save

        from baton.core.models import Membership, RoleAssignment, User
        from baton.people.models import Participation, Person

        from . import models, status

        for model in (
            models.LearningRecord,
            models.LearningOffer,
            models.LearningRequirement,
            models.ParticipationRole,
            Participation,
            Person,
            User,
            Membership,
            RoleAssignment,
        ):
            post_save.connect(status.forget_counts, sender=model, dispatch_uid=f"learning-counts-{model.__name__}")
            post_delete.connect(
                status.forget_counts, sender=model, dispatch_uid=f"learning-counts-del-{model.__name__}"
            )
