from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "baton.people"
    label = "people"
    verbose_name = "People who take part"

    def ready(self) -> None:
        from baton.core import roles
        from baton.core.models import Role

        from . import capabilities

        staff = {Role.ENGAGEMENT_LEAD, Role.PROGRAMME_LEAD, Role.ADMIN}
        capabilities.KEEP_PEOPLE = roles.register(
            "keep_people", "See and keep the people register: people, consent, participation, attendance", staff
        )
        capabilities.VIEW_EQUALITY = roles.register(
            "view_equality",
            "See equality monitoring, only as counts with small numbers suppressed (every view is audited)",
            {Role.ENGAGEMENT_LEAD, Role.ADMIN},
        )
        capabilities.IMPORT_AREAS = roles.register(
            "import_areas", "Load the postcode-to-area (deprivation) table", {Role.ADMIN}
        )
        from . import (
            hub,  # noqa: F401  registers navigation and the sections on a structure's page
            hub_taking_part,  # noqa: F401  registers taking part's capabilities and navigation
        )
