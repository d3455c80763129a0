"""How far patient partners agree with the machine's labels: per theme and overall, for one sample or
many. One definition, used by the pages and the API. Pure Python over (machine, reviewer) pairs.

For each theme, over the reviewed comments:
- **kept**: the machine gave it and the reviewer kept it; **removed**: the machine gave it and the
  reviewer took it off; **added**: the reviewer added it where the machine had not.
- **kept share** (precision) = kept / (kept + removed): of the machine's labels, how many a person
  kept. **found share** (recall) = kept / (kept + added): of the labels a person wants, how many the
  machine found.
- **Cohen's kappa**: agreement beyond what chance would give, from -1 to 1 (0: no better than
  chance, 1: perfect), shown only with at least `KAPPA_MIN` reviewed comments and the theme used
  by one of them.

Overall: the share of comments **fully agreed** (the same themes and the same sentiment), the share
with the same themes, and sentiment agreement **exact** and **within one point** on the 1-5 scale
(over comments where both gave a sentiment)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

KAPPA_MIN = 20  # reviewed comments a theme's kappa needs before it means much


@dataclass(frozen=True)
class Pair:
    machine_themes: frozenset[str]
    themes: frozenset[str]
    machine_sentiment: int | None
    sentiment: int | None


@dataclass(frozen=True)
class ThemeAgreement:
    code: str
    kept: int
    removed: int
    added: int
    neither: int
    kept_share: float | None
    found_share: float | None
    kappa: float | None


@dataclass(frozen=True)
class Agreement:
    reviewed: int
    fully_agreed: int
    themes_agreed: int
    sentiment_pairs: int
    sentiment_exact: int
    sentiment_within_one: int
    themes: tuple[ThemeAgreement, ...]

    @staticmethod
    def share(part: int, whole: int) -> float | None:
        return part / whole if whole else None

    @property
    def fully_agreed_share(self) -> float | None:
        return self.share(self.fully_agreed, self.reviewed)

    @property
    def themes_agreed_share(self) -> float | None:
        return self.share(self.themes_agreed, self.reviewed)

    @property
    def sentiment_exact_share(self) -> float | None:
        return self.share(self.sentiment_exact, self.sentiment_pairs)

    @property
    def sentiment_within_one_share(self) -> float | None:
        return self.share(self.sentiment_within_one, self.sentiment_pairs)


def pair(machine_themes: Iterable[str], themes: Iterable[str], machine_sentiment, sentiment) -> Pair:
    return Pair(frozenset(machine_themes), frozenset(themes), machine_sentiment, sentiment)


def kappa(kept: int, removed: int, added: int, neither: int) -> float | None:
    """Cohen's kappa of two raters' yes/no on one theme (None when chance agreement is certain)."""
    n = kept + removed + added + neither
    if not n:
        return None
    observed = (kept + neither) / n
    machine_yes, reviewer_yes = (kept + removed) / n, (kept + added) / n
    chance = machine_yes * reviewer_yes + (1 - machine_yes) * (1 - reviewer_yes)
    if chance >= 1:
        return None
    return (observed - chance) / (1 - chance)


def measure(pairs: Sequence[Pair], order: Sequence[str] = ()) -> Agreement:
    """Agreement over reviewed comments. Themes are listed in `order` (the framework's), those not
    in it after, each only if the machine or a reviewer used it."""
    n = len(pairs)
    kept: Counter[str] = Counter()
    removed: Counter[str] = Counter()
    added: Counter[str] = Counter()
    for p in pairs:  # one pass: each comment touches only the themes it has
        kept.update(p.machine_themes & p.themes)
        removed.update(p.machine_themes - p.themes)
        added.update(p.themes - p.machine_themes)
    used = set(kept) | set(removed) | set(added)
    codes = [c for c in order if c in used] + sorted(used - set(order))
    rows = []
    for code in codes:
        k, r, a = kept[code], removed[code], added[code]
        neither = n - k - r - a
        rows.append(
            ThemeAgreement(
                code,
                k,
                r,
                a,
                neither,
                k / (k + r) if k + r else None,
                k / (k + a) if k + a else None,
                kappa(k, r, a, neither) if n >= KAPPA_MIN else None,
            )
        )
    both = [p for p in pairs if p.machine_sentiment is not None and p.sentiment is not None]
    return Agreement(
        reviewed=n,
        fully_agreed=sum(1 for p in pairs if p.themes == p.machine_themes and p.sentiment == p.machine_sentiment),
        themes_agreed=sum(1 for p in pairs if p.themes == p.machine_themes),
        sentiment_pairs=len(both),
        sentiment_exact=sum(1 for p in both if p.sentiment == p.machine_sentiment),
        sentiment_within_one=sum(1 for p in both if abs((p.sentiment or 0) - (p.machine_sentiment or 0)) <= 1),
        themes=tuple(rows),
    )
