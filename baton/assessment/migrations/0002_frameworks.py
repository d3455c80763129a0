"""The self-assessment's reference frameworks, as editable data:

- the ten elements of The Engagement Cycle's hub ("engagement strategy, culture and systems");
- the ten principles of NHS England's statutory guidance "Working in partnership with people and
  communities" (2022), in the words ICBs adopted them;
- the five domains of the former CCG Improvement and Assessment Framework's patient and community
  engagement indicator (2017/18 to 2019/20), each scored 0 to 3 (inadequate, requires improvement,
  good, outstanding), out of 15, citing at most three pieces of evidence a domain.

Each framework has a 0 to 3 scale with what each score means; a score at a level marked
`needs_action` must have an action before an assessment completes."""

from django.db import migrations

READINESS = [
    (0, "Not in place", "Nothing is in place yet, or what there is does not work.", True),
    (1, "Developing", "Started, but partial or inconsistent; not yet part of how the organisation works.", True),
    (2, "Established", "In place and working across most of the organisation, with evidence.", False),
    (3, "Embedded", "Part of everyday practice everywhere, reviewed and improved, with evidence of impact.", False),
]

CCG_SCALE = [
    (0, "Inadequate", "The evidence does not show the domain's requirements are met.", True),
    (1, "Requires improvement", "Some requirements are met; significant gaps remain.", True),
    (2, "Good", "The requirements are met, with evidence published on the organisation's website.", False),
    (3, "Outstanding", "The requirements are met and exceeded, with evidence of impact and innovation.", False),
]

FRAMEWORKS = [
    (
        "elements",
        "The ten elements of the engagement hub",
        "The Engagement Cycle: engagement strategy, culture and systems (the hub)",
        None,
        READINESS,
        [
            ("1", "Vision and shared understanding", "A shared vision of why engagement matters and what it is for."),
            ("2", "Strategy linked to other work", "An engagement strategy linked to other plans, hard-wired by systems and processes."),
            ("3", "Who does what", "Clear roles and responsibilities, inside the organisation and with partners."),
            ("4", "Engagement in governance", "The board gets insight and foresight; plans and business cases are assured before sign-off."),
            ("5", "Data and insight", "Data and insight from engagement are used in decisions."),
            ("6", "Meaningful structures", "Structures with a clear purpose and a decision body they feed: function before form."),
            ("7", "Trusting relationships", "Trusting relationships with partners, communities and patient leaders."),
            ("8", "Adequate resources", "Engagement is resourced: budgets, people, payments and expenses."),
            ("9", "Learning for staff", "Staff have the learning and support to engage well."),
            ("10", "Learning for patients and the public", "Patients and the public have the learning and support to take part."),
        ],
    ),
    (
        "principles",
        "The ten principles for working with people and communities",
        "NHS England, Working in partnership with people and communities: statutory guidance (2022)",
        None,
        READINESS,
        [
            ("1", "Voices at the centre of decision-making", "Put the voices of people and communities at the centre of decision-making and governance, at every level of the system."),
            ("2", "Start early and feed back", "Start engagement early when developing plans, and feed back to people and communities how it has influenced activities and decisions."),
            ("3", "Understand needs and aspirations", "Understand the community's needs, experience and aspirations for health and care, using engagement to find out if change is having the desired effect."),
            ("4", "Relationships with excluded groups", "Build relationships with excluded groups, especially those affected by inequalities."),
            ("5", "Healthwatch and the VCSE as partners", "Work with Healthwatch and the voluntary, community and social enterprise sector as key partners."),
            ("6", "Clear, accessible information", "Provide clear and accessible public information about vision, plans and progress, to build understanding and trust."),
            ("7", "Community development approaches", "Use community development approaches that empower people and communities, making connections to social action."),
            ("8", "Accountable services", "Use co-production, insight and engagement to achieve accountable health and care services."),
            ("9", "Co-produce and redesign", "Co-produce and redesign services and tackle system priorities in partnership with people and communities."),
            ("10", "Learn from what works", "Learn from what works and build on the assets of all partners: networks, relationships and activity in local places."),
        ],
    ),
    (
        "ccg",
        "The five domains of the CCG engagement assessment",
        "NHS England, CCG Improvement and Assessment Framework: patient and community engagement indicator (2017/18 to 2019/20)",
        3,
        CCG_SCALE,
        [
            ("A", "Governance", "Involvement is built into governance: a lay or non-executive lead, board oversight, and people's voices in decision-making."),
            ("B", "Annual reporting", "The annual report explains how the duty to involve was discharged and what difference involvement made."),
            ("C", "Day-to-day practice", "Involvement is everyday practice: commissioning plans explain it, and a process judges whether the legal duty applies to each decision."),
            ("D", "Feedback and evaluation", "People are told what happened because of their involvement, and involvement is evaluated and improved."),
            ("E", "Equalities and health inequalities", "Involvement reaches people affected by inequalities and with protected characteristics, and equality duties shape it."),
        ],
    ),
]


def load(apps, schema_editor):
    Framework = apps.get_model("assessment", "Framework")
    ScaleLevel = apps.get_model("assessment", "ScaleLevel")
    Item = apps.get_model("assessment", "Item")
    for order, (key, name, source, max_evidence, scale, items) in enumerate(FRAMEWORKS, start=1):
        framework, _ = Framework.objects.update_or_create(
            key=key, defaults={"name": name, "source": source, "order": order, "max_evidence": max_evidence}
        )
        for score, label, descriptor, needs_action in scale:
            ScaleLevel.objects.update_or_create(
                framework=framework,
                score=score,
                defaults={"label": label, "descriptor": descriptor, "needs_action": needs_action},
            )
        for position, (code, title, description) in enumerate(items, start=1):
            Item.objects.update_or_create(
                framework=framework,
                code=code,
                defaults={"title": title, "description": description, "order": position},
            )


def unload(apps, schema_editor):
    apps.get_model("assessment", "Framework").objects.filter(key__in=[f[0] for f in FRAMEWORKS]).delete()


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
