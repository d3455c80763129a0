"""Reference data: the ten principles of NHS England's statutory guidance *Working in partnership
with people and communities* (2022), in the wording ICBs adopt, and the kinds of organisational
plan a strategy objective serves. Editable afterwards by administrators; loaded once here."""

from django.db import migrations

SOURCE = "Working in partnership with people and communities: statutory guidance (NHS England, 2022)"

PRINCIPLES = [
    "Put the voices of people and communities at the centre of decision-making and governance, at every level of the ICS.",
    "Start engagement early and tell people how it has influenced activities and decisions.",
    "Understand the community's needs, experience and aspirations, and use engagement to check whether change is working.",
    "Build relationships with excluded groups, especially those affected by inequalities.",
    "Work with Healthwatch and the voluntary, community and social enterprise (VCSE) sector as key partners.",
    "Provide clear, accessible public information about vision, plans and progress.",
    "Use community development approaches that empower people and connect to social action.",
    "Use co-production, insight and engagement to achieve accountable services.",
    "Co-produce and redesign services and tackle system priorities in partnership with people and communities.",
    "Learn from what works and build on the assets of all ICS partners (networks, relationships, local activity).",
]

PLAN_TYPES = [
    ("Joint forward plan", "The ICB's five-year plan with its partner trusts, consulted on with the population (s14Z54 NHS Act 2006)."),
    ("Joint local health and wellbeing strategy", "The health and wellbeing board's strategy, from the joint strategic needs assessment."),
    ("Operational plan", "The annual operational plan for the financial year."),
    ("Integrated care strategy", "The integrated care partnership's strategy for the whole system."),
]


def load(apps, schema_editor):
    Principle = apps.get_model("direction", "Principle")
    PlanType = apps.get_model("direction", "PlanType")
    for number, text in enumerate(PRINCIPLES, 1):
        Principle.objects.update_or_create(number=number, defaults={"text": text, "source": SOURCE})
    for position, (name, description) in enumerate(PLAN_TYPES, 1):
        PlanType.objects.update_or_create(name=name, defaults={"description": description, "position": position})


def unload(apps, schema_editor):
    apps.get_model("direction", "Principle").objects.filter(number__lte=len(PRINCIPLES)).delete()
    apps.get_model("direction", "PlanType").objects.filter(name__in=[n for n, _ in PLAN_TYPES], plans__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("direction", "0001_vision_principles_plans_strategy")]

    operations = [migrations.RunPython(load, unload)]
