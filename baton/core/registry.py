"""How each area plugs into the top of the house without the top importing it, and without
editing another area.

An area's `AppConfig.ready()` tells this registry what it contributes:

- `hub_measure(element, part)`: a function giving the status of one part of one of the hub's ten
  elements, computed from the area's data (the hub app declares the elements and their parts);
- `my_work(fn)`: lists of what is waiting for the signed-in person ("hand-overs waiting for me");
- `hub_panel(...)`: a section of the hub page with its own template (the dropped batons);
- `digest(fn)`: lines of the daily email, per person;
- `nav_item(...)`: an entry in the header's navigation;
- `page_section(model, ...)`: a section an area above adds to a record's page owned by an area
  below it (the people who are members of a structure, on the structure's page), so the page
  shows it without importing the area above;
- `public_section(model, ...)`: a section an area adds to a public page (no sign-in) about a record
  of an area below it (a programme's "you said, we did" on its public page);
- `indicator(key, ...)`: a board indicator (DESIGN.md section 6), defined once by the area that holds
  its data, its docstring its definition; the hub, the programme pages, the API and the board pack
  read them all from here;
- `board_section(key, ...)`: a section of the board pack for a period, with its tables;
- `advice(model)`: sentences an area above says about a record just saved by an area below it
  (someone added to a tender panel without the procurement induction), which the page that saved
  it shows as a warning and its API answer lists, without importing the area above.

The hub app (the top layer) reads the registry; `core` (the bottom) holds it, so any area can
register without importing anything above itself."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.apps import AppConfig
    from django.http import HttpRequest

    from .models import Organisation, User

# Status of one part of a hub element ------------------------------------------------------------


@dataclass(frozen=True)
class Status:
    """What the data says about one part of a hub element. Never typed in: computed."""

    headline: str
    details: tuple[str, ...] = ()
    attention: bool = False  # the data shows something to act on


@dataclass
class HubContext:
    """What every contribution to the hub page is computed for: one organisation, one person, one
    day. `once(key, fn)` shares a figure between contributions (the dropped-insight count is both
    a list on the hub and part of element 5), so the page counts it once."""

    organisation: Organisation
    user: User | None  # None where no one is signed in (the element statuses need no person)
    today: date
    now: datetime
    memo: dict[str, Any] = field(default_factory=dict)

    @property
    def since(self) -> date:
        """The start of this financial year: NHS bodies plan and report from 1 April to 31 March."""
        return financial_year_start(self.today)

    def once(self, key: str, compute: Callable[[], Any]) -> Any:
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]


def financial_year_start(today: date) -> date:
    """NHS bodies plan and report by financial year, 1 April to 31 March."""
    return date(today.year if today.month >= 4 else today.year - 1, 4, 1)


MeasureFn = Callable[[HubContext], Status]


@dataclass(frozen=True)
class Measure:
    element: str
    part: str
    compute: MeasureFn
    app: str


_measures: list[Measure] = []


def hub_measure(element: str, part: str, *, app: str) -> Callable[[MeasureFn], MeasureFn]:
    """Decorator: `fn(ctx) -> Status` measures `part` of hub element `element` (keys as the hub
    app declares them)."""

    def register(fn: MeasureFn) -> MeasureFn:
        _measures.append(Measure(element, part, fn, app))
        return fn

    return register


def measures() -> list[Measure]:
    return list(_measures)


# My work -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkItem:
    text: str
    href: str
    detail: str = ""
    due: date | datetime | None = None
    late: bool = False


@dataclass(frozen=True)
class WorkList:
    """One list in the person's "my work": the first few items, how many there are in all, and
    where to see them all when there are more."""

    key: str
    title: str
    count: int
    items: tuple[WorkItem, ...]
    more_href: str | None = None
    order: int = 100


WorkFn = Callable[[HubContext], list[WorkList]]
_my_work: list[tuple[int, WorkFn]] = []


def my_work(order: int = 100) -> Callable[[WorkFn], WorkFn]:
    """Decorator: `fn(ctx) -> [WorkList]`, the lists of what waits for `ctx.user` in this area."""

    def register(fn: WorkFn) -> WorkFn:
        _my_work.append((order, fn))
        return fn

    return register


def work_lists(ctx: HubContext) -> list[WorkList]:
    lists = [w for _, fn in sorted(_my_work, key=lambda pair: pair[0]) for w in fn(ctx)]
    return sorted(lists, key=lambda w: w.order)


# Hub panels ---------------------------------------------------------------------------------------


PanelFn = Callable[["HttpRequest", HubContext], dict[str, Any]]  # (request, ctx) -> template context


@dataclass(frozen=True)
class HubPanel:
    key: str
    order: int
    template: str
    context: PanelFn


_panels: list[HubPanel] = []


def hub_panel(key: str, *, template: str, order: int = 100) -> Callable[[PanelFn], PanelFn]:
    """Decorator: `fn(request, ctx) -> dict` fills `template`, a section of the hub page."""

    def register(fn: PanelFn) -> PanelFn:
        _panels.append(HubPanel(key, order, template, fn))
        return fn

    return register


def hub_panels() -> list[HubPanel]:
    return sorted(_panels, key=lambda p: p.order)


# The daily digest ---------------------------------------------------------------------------------

DigestFn = Callable[["Organisation", datetime], dict[int, list[str]]]
_digests: list[DigestFn] = []


def digest(fn: DigestFn) -> DigestFn:
    """Decorator: `fn(organisation, now) -> {user id: [lines]}`, this area's part of each person's
    daily email."""
    _digests.append(fn)
    return fn


def digest_sources() -> list[DigestFn]:
    return list(_digests)


# Sections of another area's record page -------------------------------------------------------------

SectionFn = Callable[["HttpRequest", Any], dict[str, Any] | None]  # (request, record) -> context or None


@dataclass(frozen=True)
class PageSection:
    model: str  # "app_label.ModelName" of the record whose page shows the section
    key: str
    order: int
    template: str
    context: SectionFn  # None: nothing to show this person


_sections: list[PageSection] = []


def page_section(model: str, key: str, *, template: str, order: int = 100) -> Callable[[SectionFn], SectionFn]:
    """Decorator: `fn(request, record) -> dict | None` fills `template`, a section of the page of
    `record` (a `model` such as "structures.Structure"), which an area above the record's own area
    adds. The page renders each section in `order`; `None` leaves the section out."""

    def register(fn: SectionFn) -> SectionFn:
        _sections.append(PageSection(model, key, order, template, fn))
        return fn

    return register


def page_sections(request: HttpRequest, record: Any) -> list[tuple[str, dict[str, Any]]]:
    """The sections other areas add to `record`'s page, as (template, context) pairs, in order."""
    label = f"{record._meta.app_label}.{record._meta.object_name}"
    found = []
    for section in sorted(_sections, key=lambda s: s.order):
        if section.model == label:
            context = section.context(request, record)
            if context is not None:
                found.append((section.template, context))
    return found


# Sections of a public page ------------------------------------------------------------------------------

PublicSectionFn = Callable[["HttpRequest", Any], dict[str, Any] | None]  # (request, record) -> context or None

_public_sections: list[PageSection] = []


def public_section(
    model: str, key: str, *, template: str, order: int = 100
) -> Callable[[PublicSectionFn], PublicSectionFn]:
    """Decorator: `fn(request, record) -> dict | None` fills `template`, a section of the public
    page (no sign-in) of `record` (a `model` such as "cycle.Programme" or "core.Organisation").
    Only what is published belongs there: the public pages show it to anyone."""

    def register(fn: PublicSectionFn) -> PublicSectionFn:
        _public_sections.append(PageSection(model, key, order, template, fn))
        return fn

    return register


def public_sections(request: HttpRequest, record: Any) -> list[tuple[str, dict[str, Any]]]:
    """The sections areas add to `record`'s public page, as (template, context) pairs, in order."""
    label = f"{record._meta.app_label}.{record._meta.object_name}"
    found = []
    for section in sorted(_public_sections, key=lambda s: s.order):
        if section.model == label:
            context = section.context(request, record)
            if context is not None:
                found.append((section.template, context))
    return found


# Advice on a record just saved ------------------------------------------------------------------------

AdviceFn = Callable[[Any], list[str]]  # (record) -> sentences, none when all is well

_advice: list[tuple[str, AdviceFn]] = []


def advice(model: str) -> Callable[[AdviceFn], AdviceFn]:
    """Decorator: `fn(record) -> [sentence]`, what an area above says about a `model` record
    ("people.Participation") just saved by the area that owns it: a warning, never a refusal."""

    def register(fn: AdviceFn) -> AdviceFn:
        _advice.append((model, fn))
        return fn

    return register


def advice_for(record: Any) -> list[str]:
    """Every area's sentences about `record`, in registration order."""
    label = f"{record._meta.app_label}.{record._meta.object_name}"
    return [sentence for model, fn in _advice if model == label for sentence in fn(record)]


# Board indicators (DESIGN.md section 6) ---------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """The days an indicator is measured over, both ends included."""

    start: date
    end: date

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        nxt = date(year + (month == 12), month % 12 + 1, 1)
        return cls(date(year, month, 1), nxt - timedelta(days=1))

    @classmethod
    def financial_year(cls, today: date) -> Period:
        """The financial year holding `today`, from 1 April to 31 March."""
        start = financial_year_start(today)
        return cls(start, date(start.year + 1, 3, 31))

    def months(self) -> list[Period]:
        """The calendar months this period touches, each whole, oldest first."""
        found, year, month = [], self.start.year, self.start.month
        while date(year, month, 1) <= self.end:
            found.append(Period.month(year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found

    @property
    def label(self) -> str:
        if self.start.day == 1 and self == Period.month(self.start.year, self.start.month):
            return self.start.strftime("%b %Y")
        return f"{self.start:%-d %b %Y} to {self.end:%-d %b %Y}"


def start_of(day: date) -> datetime:
    """The first moment of `day` in Baton's time zone: indicators compare timestamps with a period."""
    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, time.min))


def of(numerator: int, denominator: int) -> str:
    """A share in words, as every indicator says it: "12 of 15 (80%)". The denominator is not 0."""
    return f"{numerator} of {denominator} ({round(100 * numerator / denominator)}%)"


@dataclass(frozen=True)
class Reading:
    """An indicator's value for one organisation (or one programme) over one period.

    `value` is None when there is nothing to measure (no denominator): never a made-up zero.
    `suppressed` is True when a count under 5 is hidden (DESIGN.md rule 7); its value is None."""

    value: float | None
    text: str  # the reading in words: "12 of 15 (80%)", "a median of 23 days"
    numerator: int | None = None
    denominator: int | None = None
    details: tuple[str, ...] = ()  # a breakdown in words (the ladder profile, level by level)
    suppressed: bool = False


IndicatorFn = Callable[..., Reading]  # (organisation, period, programme=None) -> Reading
SeriesFn = Callable[..., list[Reading]]  # (organisation, months, programme=None) -> one Reading a month


@dataclass(frozen=True)
class Indicator:
    key: str  # "loop.completion": the area's label, a dot, a name
    title: str
    element: str  # the hub element it reports on ("data", "governance", ...)
    unit: str  # "percent", "days", "count", "score" or "ratio"
    compute: IndicatorFn
    app: str
    better: str | None  # "higher", "lower" or None: which way is improvement (the XmR icons)
    target: float | None  # the value aimed for, when the organisation has one (the assurance icon)
    monthly: bool  # meaningful month by month (a monthly series, an XmR chart)
    per_programme: bool  # compute() accepts programme= and the programme page shows it
    order: int
    readers: Callable[[Any], bool] | None = None  # (user) -> bool: who may read it; None: all who read indicators

    def series(self, organisation: Any, months: list[Period], programme: Any = None) -> list[Reading]:
        """The reading of each of `months`, in order: the same as `compute` month by month (a test
        holds every indicator to that), from the area's own month-by-month count where it has one
        (`indicator_series`), which counts every month at once instead of once a month."""
        kwargs = {} if programme is None else {"programme": programme}
        batch = _series.get(self.key)
        if batch is not None and months:
            return batch(organisation, months, **kwargs)
        return [self.compute(organisation, month, **kwargs) for month in months]

    def readable_by(self, user: Any) -> bool:
        """Whether `user` may read this indicator's readings (its area's own rule, as on its pages:
        spend against budget only for those who see the money). The board pack, the board's own
        paper, shows every indicator."""
        return self.readers is None or bool(self.readers(user))

    @property
    def definition(self) -> str:
        """The definition (numerator, denominator, period, exclusions): the function's docstring."""
        return inspect.getdoc(self.compute) or ""


_indicators: dict[str, Indicator] = {}
_series: dict[str, SeriesFn] = {}


def indicator(
    key: str,
    title: str,
    *,
    element: str,
    unit: str,
    app: str,
    better: str | None = None,
    target: float | None = None,
    monthly: bool = True,
    per_programme: bool = False,
    order: int = 100,
    readers: Callable[[Any], bool] | None = None,
) -> Callable[[IndicatorFn], IndicatorFn]:
    """Decorator: `fn(organisation, period, programme=None) -> Reading` is the board indicator
    `key`, defined once (its docstring is its definition) and used by the hub, the programme pages,
    the API and the board pack alike. It runs a fixed number of queries, whatever the size."""
    if unit not in {"percent", "days", "count", "score", "ratio"}:
        raise ValueError(f"indicator {key}: unknown unit {unit!r}")
    if better not in {"higher", "lower", None}:
        raise ValueError(f"indicator {key}: better must be 'higher', 'lower' or None")

    def register(fn: IndicatorFn) -> IndicatorFn:
        if key in _indicators and _indicators[key].compute is not fn:
            raise ValueError(f"indicator {key} is registered twice")
        if not inspect.getdoc(fn):
            raise ValueError(f"indicator {key} has no definition: give its function a docstring")
        _indicators[key] = Indicator(
            key, title, element, unit, fn, app, better, target, monthly, per_programme, order, readers
        )
        return fn

    return register


def indicator_series(key: str) -> Callable[[SeriesFn], SeriesFn]:
    """Decorator: `fn(organisation, months, programme=None) -> [Reading, ...]` reads indicator `key`
    for each of `months` (calendar months, oldest first) at once, giving exactly what its
    `compute` gives month by month: the XmR charts of the board pack and the indicators' pages read
    24 months, and a count per month made them slow at large-ICB scale (issue #14)."""

    def register(fn: SeriesFn) -> SeriesFn:
        if key in _series and _series[key] is not fn:
            raise ValueError(f"indicator {key} has two series")
        _series[key] = fn
        return fn

    return register


def has_series(key: str) -> bool:
    """Whether indicator `key` counts its months at once (`indicator_series`)."""
    return key in _series


def indicators(user: Any = None) -> list[Indicator]:
    """Every registered indicator, in its order (then by key); with `user`, those they may read."""
    found = sorted(_indicators.values(), key=lambda i: (i.order, i.key))
    return found if user is None else [i for i in found if i.readable_by(user)]


_shared: ContextVar[dict[Any, Any] | None] = ContextVar("baton_shared_readings", default=None)


@contextmanager
def sharing() -> Iterator[None]:
    """Within the block, `shared(key, compute)` computes each key once, so indicators read
    together (the board pack, the indicators page, the API) share what they count: the four reach
    indicators read one measure of a month's reach, not four. Nested blocks share the outer one's."""
    if _shared.get() is not None:
        yield
        return
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def shared(key: Any, compute: Callable[[], Any]) -> Any:
    """`compute()`, once per `key` within a `sharing()` block; every time outside one."""
    memo = _shared.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def indicator_by_key(key: str) -> Indicator | None:
    return _indicators.get(key)


# Sections of the board pack ----------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardTable:
    """A table of the board pack: shown in the HTML and the PDF, and one sheet of its XLSX."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


BoardFn = Callable[["Organisation", Period], dict[str, Any] | None]  # (organisation, period) -> context


@dataclass(frozen=True)
class BoardSection:
    key: str
    title: str
    order: int
    template: str  # renders the section from the context, in the HTML pack and the PDF alike
    context: BoardFn  # None: nothing to report for this period; "tables": [BoardTable] for the XLSX
    app: str


_board_sections: list[BoardSection] = []


def board_section(key: str, title: str, *, template: str, app: str, order: int = 100) -> Callable[[BoardFn], BoardFn]:
    """Decorator: `fn(organisation, period) -> dict | None` fills `template`, a section of the board
    pack for `period`; the dict's "tables" (a list of `BoardTable`) become sheets of the pack's XLSX.
    A fixed number of queries, whatever the size: the pack is made for the largest ICB."""

    def register(fn: BoardFn) -> BoardFn:
        _board_sections.append(BoardSection(key, title, order, template, fn, app))
        return fn

    return register


def board_sections() -> list[BoardSection]:
    return sorted(_board_sections, key=lambda s: (s.order, s.key))


# Navigation ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NavItem:
    text: str
    url_name: str
    order: int
    prefix: str  # the paths the entry is "current" for
    visible: Callable[[User], bool] | None = None  # (user) -> bool; everyone signed in if None


_nav: list[NavItem] = []


def nav_item(
    text: str, url_name: str, *, order: int, prefix: str, visible: Callable[[User], bool] | None = None
) -> None:
    _nav.append(NavItem(text, url_name, order, prefix, visible))


def nav_items(user: User) -> list[NavItem]:
    return [n for n in sorted(_nav, key=lambda n: n.order) if n.visible is None or n.visible(user)]


# Each app's modules by convention --------------------------------------------------------------------


def baton_apps() -> list[AppConfig]:
    """Baton's own apps, bottom to top (INSTALLED_APPS order)."""
    from django.apps import apps

    return [config for config in apps.get_app_configs() if config.name.startswith("baton.")]


def app_module(config: AppConfig, name: str) -> ModuleType | None:
    """An app's module `name` (api, demo, testing, bench_data...) or None if it has none."""
    try:
        return importlib.import_module(f"{config.name}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"{config.name}.{name}":
            return None
        raise
