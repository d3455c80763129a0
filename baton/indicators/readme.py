"""The README's list of board indicators, written from the registry so that it says what the code
does: `python manage.py shell -c "from baton.indicators import readme; readme.write()"` rewrites
it; `tests/test_readme.py` fails when an indicator is missing or its definition has changed."""

from __future__ import annotations

from pathlib import Path

from baton.core import registry

README = Path(__file__).with_name("README.md")
START = "<!-- indicators: written by baton/indicators/readme.py -->"
END = "<!-- end of indicators -->"
UNITS = {"percent": "a percentage", "days": "days", "count": "a count", "score": "a score", "ratio": "a ratio"}


def section() -> str:
    """Every registered indicator: key, title, hub element, unit and direction, and definition."""
    lines = [START, ""]
    for found in registry.indicators():
        better = f", {found.better} is better" if found.better else ""
        scope = "; also per programme" if found.per_programme else ""
        monthly = "; monthly series" if found.monthly else ""
        if found.monthly and registry.has_series(found.key):
            monthly += ", its months counted at once"
        lines.append(
            f"- **{found.title}** (`{found.key}`, hub element `{found.element}`; {UNITS[found.unit]}{better}{scope}{monthly})."
        )
        lines.append(f"  {' '.join(found.definition.split())}")
    lines += ["", END]
    return "\n".join(lines)


def write() -> None:
    text = README.read_text()
    before, _, rest = text.partition(START)
    _, _, after = rest.partition(END)
    README.write_text(before + section() + after)
