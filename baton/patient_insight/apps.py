from django.apps import AppConfig


class PatientInsightConfig(AppConfig):
    name = "baton.patient_insight"
    label = "patient_insight"
    verbose_name = "Patients analyse and gather"

    def ready(self) -> None:
        from baton.core import roles
        from baton.core.models import Role

        from . import permissions

        roles.register(
            permissions.GIVE_SAMPLES,
            "Give a patient partner a sample of labelled feedback comments to review; close samples; see agreement",
            {Role.ENGAGEMENT_LEAD, Role.ADMIN},
        )
        roles.register(
            permissions.REVIEW_COMMENTS,
            "Review the feedback comments of a sample given to them",
            {Role.PATIENT_PARTNER},
        )
        roles.register(
            permissions.GATHER,
            "Record insight heard on a monitoring visit or in a community conversation",
            {Role.PATIENT_PARTNER},
        )
        roles.register(
            permissions.ACCEPT_REPORTS,
            "Accept or return patient partners' reports, making accepted ones insight",
            {Role.ENGAGEMENT_LEAD, Role.ADMIN},
        )
        from . import hub  # noqa: F401  registers navigation and my work
