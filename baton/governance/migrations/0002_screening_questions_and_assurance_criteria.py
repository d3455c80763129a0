"""Reference data: the s14Z45 duty screening questions and the engagement assurance criteria, as
editable rows (DESIGN.md section 5). Sources: s14Z45 NHS Act 2006 (inserted by the Health and Care
Act 2022); regulation 23 of the 2013 local authority health scrutiny regulations and Schedule 10A;
NHS England, Working in partnership with people and communities (2022); the Gunning principles."""

from django.db import migrations

QUESTIONS = [
    (
        "kind",
        "Is this planning of commissioning arrangements, a proposal for change, or an operational decision?",
        "s14Z45(2): the duty covers (a) planning commissioning arrangements, (b) proposals for change and "
        "(c) decisions about how commissioning arrangements operate, where they would have an impact.",
    ),
    (
        "delivery",
        "Would it change how services are delivered at the point of use, or the range of services available?",
        "If so, the public involvement duty applies (s14Z45(2)(b) and (c)).",
    ),
    (
        "variation",
        "Is it a substantial development or variation of services?",
        "Regulation 23 requires consultation with the local authority's scrutiny committee; under Schedule 10A "
        "(from 31 January 2024) a notifiable reconfiguration is notified to the Secretary of State.",
    ),
    (
        "groups",
        "Which populations, protected characteristic groups and Core20PLUS groups are affected?",
        "Equality Act 2010 s149; s14Z35 (reducing inequalities in access and outcomes); Core20PLUS5.",
    ),
    (
        "involvement",
        "What involvement is proportionate: inform, engage or formally consult?",
        "Involvement may be by consultation, by giving information, or in other ways (s14Z45(3)).",
    ),
    (
        "record",
        "Who decided this screening, when, and for what reason?",
        "ICBs must be able to show they assessed whether the duty applies to each decision.",
    ),
]

CRITERIA = [
    ("early", "Engagement started early, while the proposal was still at a formative stage.", "Principle 2; Gunning 1"),
    ("proportionate", "Engagement is proportionate to what the duty screening found.", "s14Z45; Principle 1"),
    (
        "inequalities",
        "People affected by inequalities, and the groups named in the screening, were reached.",
        "Principle 4; s14Z35; Equality Act 2010 s149",
    ),
    ("partners", "Healthwatch and the voluntary and community sector were involved.", "Principle 5"),
    ("information", "People were given enough information to take part meaningfully.", "Principle 6; Gunning 2"),
    (
        "influence",
        "The business case shows what people said and how it influenced the proposal.",
        "Principle 2; Gunning 4",
    ),
    ("resourced", "Engagement is resourced: a plan, a named lead and a budget line.", "Key action 9 (2017)"),
]


def load(apps, schema_editor):
    Question = apps.get_model("governance", "ScreeningQuestion")
    Criterion = apps.get_model("governance", "AssuranceCriterion")
    for position, (key, text, guidance) in enumerate(QUESTIONS, start=1):
        Question.objects.update_or_create(key=key, defaults={"position": position, "text": text, "guidance": guidance})
    for position, (key, text, source) in enumerate(CRITERIA, start=1):
        Criterion.objects.update_or_create(key=key, defaults={"position": position, "text": text, "source": source})


def unload(apps, schema_editor):
    apps.get_model("governance", "ScreeningQuestion").objects.filter(key__in=[q[0] for q in QUESTIONS]).delete()
    apps.get_model("governance", "AssuranceCriterion").objects.filter(key__in=[c[0] for c in CRITERIA]).delete()


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_business_case_gate")]

    operations = [migrations.RunPython(load, unload)]
