"""The five stages of the Engagement Cycle, stored by stable key. Labels are configuration: the
published materials number and name the stages inconsistently, so nothing keys off a label."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Stage:
    key: str
    number: int
    label: str
    short: str
    who: str
    what: str
    hands_over: str
    hands_to: tuple[str, ...]  # first is the usual next stage

    @property
    def next_key(self) -> str:
        return self.hands_to[0]


STAGES: tuple[Stage, ...] = (
    Stage(
        "needs",
        1,
        "Identify needs and aspirations",
        "Needs",
        "Communities of place and of interest, children and young people",
        "Gather what people need and want, beyond official statistics; map community assets; find who is not heard.",
        "Needs and aspirations summary; groups reached and not reached.",
        ("plan",),
    ),
    Stage(
        "plan",
        2,
        "Develop priorities, strategies and plans",
        "Plan",
        "The public, councillors, scrutiny committee",
        "Say what can and cannot change; test options and trade-offs; formal consultation where the duty requires.",
        "Agreed priorities; consultation report; what changed because of engagement.",
        ("improve",),
    ),
    Stage(
        "improve",
        3,
        "Design and improve services",
        "Improve",
        "Patients, carers, clinicians, providers",
        "Pull together existing experience data first; co-design pathways with patients.",
        "Co-designed service model; 'what matters to patients' statement.",
        ("procure",),
    ),
    Stage(
        "procure",
        4,
        "Shape provision and procure",
        "Procure",
        "Patients, carers, public, voluntary sector",
        "Turn design learning into contract standards; patients on tender panels.",
        "Specification with patient-derived outcomes; provider engagement and reporting duties.",
        ("monitor",),
    ),
    Stage(
        "monitor",
        5,
        "Monitor performance",
        "Monitor",
        "Patients, carers, Healthwatch, providers",
        "Patient experience data and patient monitors hold providers to account; data flows back.",
        "Monitoring findings, routed to improving services (and to needs and plans).",
        ("improve", "needs", "plan"),
    ),
)

BY_KEY = {s.key: s for s in STAGES}
KEYS = tuple(s.key for s in STAGES)
CHOICES = [(s.key, s.label) for s in STAGES]


def get(key: str) -> Stage:
    return BY_KEY[key]


def label(key: str) -> str:
    return BY_KEY[key].label if key in BY_KEY else key
