from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "baton.evaluation"
    label = "evaluation"
    verbose_name = "Assessing engagement"

    def ready(self) -> None:
        from baton.core import roles
        from baton.core.models import Role

        from . import permissions

        roles.register(
            permissions.ASSESS_ENGAGEMENT,
            "Assess engagement activities (programme leads: of the programmes they lead or the runs they own)",
            {Role.ENGAGEMENT_LEAD, Role.PROGRAMME_LEAD, Role.ADMIN},
        )
        from . import hub  # noqa: F401  registers navigation, the hub measure, my work, sections and advice
