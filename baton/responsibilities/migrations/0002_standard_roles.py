"""The standard roles of the responsibilities register, as reference data: the hub's roles from The
Engagement Cycle ("clear roles: the executive lead, the clinical lead for patient and public
engagement, lay members, programme leads, engagement practitioners, commissioning support; partners
such as the Health and Wellbeing Board and Healthwatch") and the overview and scrutiny committee
that NHS England's guidance names among the partners. Rows with no organisation; each
organisation's engagement lead copies them into its own register (actions.adopt_standard_roles),
where they become its own to edit. Every organisation that exists when this runs gets them at once."""

from django.db import migrations

# key, name, kind, required, responsibilities
STANDARD_ROLES = [
    (
        "executive_lead",
        "Executive lead for engagement",
        "hub",
        True,
        "Answers to the board for the organisation's duty to involve people (s14Z45 NHS Act 2006). Owns the "
        "engagement strategy, makes sure engagement is resourced and that plans and business cases are assured "
        "before sign-off, and sees that the annual report says how the duty was met.",
    ),
    (
        "clinical_lead",
        "Clinical lead for patient and public engagement",
        "hub",
        True,
        "Brings clinical leadership to engagement: champions what patients and carers say in clinical "
        "decisions, works with clinicians and providers to co-design pathways, and makes sure patient "
        "experience data is used when services are designed and monitored.",
    ),
    (
        "lay_member",
        "Lay or non-executive member for involvement",
        "hub",
        True,
        "Holds the organisation to account for involvement on behalf of the public: assures engagement "
        "before business cases go for sign-off, asks how engagement changed decisions, and makes sure the "
        "voices of people and communities are heard in governance.",
    ),
    (
        "programme_lead",
        "Programme leads",
        "hub",
        True,
        "Each leads a programme round the Engagement Cycle: plans and budgets its engagement, makes sure "
        "what each stage learns is handed to the next, and reports back what changed because of it.",
    ),
    (
        "practitioner",
        "Engagement practitioners",
        "hub",
        True,
        "Plan and run engagement across programmes: choose proportionate methods, reach people who are "
        "seldom heard, keep the registers, analyse feedback and tell people what happened as a result.",
    ),
    (
        "commissioning_support",
        "Commissioning support",
        "hub",
        False,
        "Provides engagement capacity and expertise under contract (for example a commissioning support "
        "unit): insight and data analysis, consultation support, communications and events.",
    ),
    (
        "health_wellbeing_board",
        "Health and Wellbeing Board",
        "partner",
        True,
        "The local authority's board that agrees the joint strategic needs assessment and the joint "
        "health and wellbeing strategy. The organisation engages it on plans and shares what communities "
        "say about needs and aspirations.",
    ),
    (
        "healthwatch",
        "Healthwatch",
        "partner",
        True,
        "The statutory local champion for people who use health and care services. A key partner in "
        "engagement: shares what people tell it, visits and reports on services, and holds the "
        "organisation to account for acting on feedback.",
    ),
    (
        "scrutiny_committee",
        "Overview and scrutiny committee",
        "partner",
        True,
        "The local authority's health overview and scrutiny committee: consulted on any substantial "
        "development or variation of services (regulation 23 of the 2013 health scrutiny regulations), "
        "and scrutinises how the organisation involved people in it.",
    ),
]


def load_standard(HubRole) -> list[dict]:
    """The standard roles (no organisation), as reference rows; returns their fields."""
    rows = []
    for order, (key, name, kind, required, text) in enumerate(STANDARD_ROLES, start=1):
        fields = {"name": name, "kind": kind, "required": required, "responsibilities": text, "order": order}
        HubRole.objects.update_or_create(organisation=None, key=key, defaults=fields)
        rows.append({"key": key, **fields})
    return rows


def load(apps, schema_editor):
    HubRole = apps.get_model("responsibilities", "HubRole")
    Organisation = apps.get_model("core", "Organisation")
    rows = load_standard(HubRole)
    for organisation in Organisation.objects.all():
        for row in rows:
            fields = {k: v for k, v in row.items() if k != "key"}
            HubRole.objects.get_or_create(organisation=organisation, key=row["key"], defaults=fields)


def unload(apps, schema_editor):
    HubRole = apps.get_model("responsibilities", "HubRole")
    HubRole.objects.filter(organisation=None, key__in=[row[0] for row in STANDARD_ROLES]).delete()


class Migration(migrations.Migration):
    dependencies = [("responsibilities", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
