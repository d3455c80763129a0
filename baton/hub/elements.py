"""The hub of The Engagement Cycle ("engagement strategy, culture and systems"): its ten elements
(DESIGN.md section 2), each made of parts that an area of Baton measures from its data.

A status is never typed in. Each area registers a measure for the parts it holds the data for
(`core.registry.hub_measure`); a part no installed area measures says plainly that it is not built
yet in Baton, rather than guessing. Each measure runs a fixed number of queries, whatever the size
of the organisation."""

from __future__ import annotations

from dataclasses import dataclass

from baton.core import registry

NOT_BUILT = "Not built yet in Baton"


@dataclass(frozen=True)
class Part:
    key: str
    text: str


@dataclass(frozen=True)
class Element:
    number: int
    key: str
    title: str
    parts: tuple[Part, ...]

    @property
    def home(self) -> str:
        """What Baton gives (or will give) this element."""
        return "; ".join(p.text for p in self.parts) + "."


ELEMENTS: tuple[Element, ...] = (
    Element(
        1,
        "vision",
        "Vision and shared understanding",
        (
            Part("vision", "Published vision and principles, versioned"),
            Part("purposes", "Purposes and benefits of engagement"),
        ),
    ),
    Element(
        2,
        "strategy",
        "Strategy linked to other work",
        (
            Part("programmes", "Programmes going round the Cycle"),
            Part("objectives", "Strategy objectives linked to organisational plans and programmes; coverage gaps"),
        ),
    ),
    Element(
        3,
        "roles",
        "Who does what",
        (
            Part("people", "People holding Baton's roles"),
            Part(
                "register",
                "Responsibilities register: required hub roles, named holders, partner roles, vacancies flagged",
            ),
        ),
    ),
    Element(
        4,
        "governance",
        "Engagement in governance",
        (
            Part("boards", "Boards and committees"),
            Part("gate", "Business-case gate"),
            Part("decisions", "Decision register with the influence of engagement"),
            Part("board", "Board pack: insight and foresight for the board, kept as issued"),
        ),
    ),
    Element(
        5,
        "data",
        "Data and insight",
        (
            Part("insight", "Insight and activities recorded round the Cycle"),
            Part("assessments", "Activity assessments per stage"),
            Part("feedback", "Feedback analysis; patients co-analyse"),
            Part("indicators", "Indicators"),
        ),
    ),
    Element(
        6,
        "structures",
        "Meaningful structures",
        (
            Part(
                "register",
                "Register of groups with their purpose and the decision body they feed; 'function before form' checks",
            ),
        ),
    ),
    Element(
        7,
        "relationships",
        "Trusting relationships",
        (
            Part("activities", "Partners in engagement activities"),
            Part("register", "Partner organisations and patient leaders; dialogue log per stage; relationship health"),
        ),
    ),
    Element(
        8,
        "resources",
        "Adequate resources",
        (
            Part("spend", "What engagement activities cost"),
            Part("budgets", "Engagement budgets; rate cards; involvement payments and expenses; training spend"),
        ),
    ),
    Element(
        9,
        "learning_staff",
        "Learning for staff",
        (Part("learning", "Learning needs by role; records; required learning with expiry"),),
    ),
    Element(
        10,
        "learning_public",
        "Learning for patients and the public",
        (Part("learning", "Patient leader development; offers, uptake, capacity"),),
    ),
)

BY_KEY = {e.key: e for e in ELEMENTS}


@dataclass(frozen=True)
class ElementStatus:
    element: Element
    built: bool
    attention: bool
    lines: tuple[str, ...]  # what the data shows, part by part
    not_built: tuple[str, ...]  # the parts no installed area measures yet

    @property
    def headline(self) -> str:
        return self.lines[0] if self.lines else NOT_BUILT


def unknown_measures() -> list[registry.Measure]:
    """Registered measures for an element or part the hub does not declare: a typo in an area."""
    known = {(e.key, p.key) for e in ELEMENTS for p in e.parts}
    return [m for m in registry.measures() if (m.element, m.part) not in known]


def statuses(ctx: registry.HubContext) -> list[ElementStatus]:
    """Each of the ten elements with what the data says about it, for ctx's organisation, this
    financial year."""
    by_part: dict[tuple[str, str], list[registry.Measure]] = {}
    for measure in registry.measures():
        by_part.setdefault((measure.element, measure.part), []).append(measure)
    result = []
    for element in ELEMENTS:
        lines: list[str] = []
        missing: list[str] = []
        attention = False
        for part in element.parts:
            measures = by_part.get((element.key, part.key))
            if not measures:
                missing.append(part.text)
                continue
            for measure in measures:
                status = measure.compute(ctx)
                lines.append(status.headline)
                lines.extend(status.details)
                attention = attention or status.attention
        built = len(missing) < len(element.parts)
        result.append(ElementStatus(element, built, attention, tuple(lines), tuple(missing)))
    return result
