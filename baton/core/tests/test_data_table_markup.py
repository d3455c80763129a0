"""`data_table` (core/macros.jinja) writes the NHS.UK responsive table markup directly, for speed:
the same HTML, element for element and attribute for attribute, as nhsuk-frontend-jinja's `table`
macro gives for the same caption, columns and cells."""

import pytest
from django.template import engines
from markupsafe import Markup

from baton.core.tests.markup import html_elements as elements

THROUGH_THE_MACRO = """
{% from "nhsuk/components/tables/macro.jinja" import table as nhsukTable %}
{{ nhsukTable({
  "caption": {"text": caption, "classes": "nhsuk-u-visually-hidden" if hidden_caption else "nhsuk-table__caption--s"},
  "responsive": true,
  "head": head,
  "rows": rows
}) }}
"""
DIRECT = (
    '{% from "core/macros.jinja" import data_table %}'
    "{{ data_table(caption, head, rows, hidden_caption=hidden_caption) }}"
)
HEAD = ["Programme", "Hand-over & state", "Next owner", "Due"]
ROWS = [
    ["Diabetes <pathway>", {"html": Markup("<b>Needs</b> to <i>plan</i>")}, "Priya Patel", "1 December 2026"],
    [{"text": "A link & more", "href": "/handovers/1/?show=waiting&page=2"}, "", {"text": "Plain text"}, "–"],
    [Markup("Escaped <em>already</em>"), {"html": Markup("")}, {"html": Markup("x"), "href": "/x/"}, 42],
    ["Only two cells", "in this row"],
    ["One", "too", "many", "cells", "here"],
]


def render(source, **context):
    return engines["jinja2"].env.from_string(source).render(**context)


@pytest.mark.parametrize("hidden_caption", [True, False])
@pytest.mark.parametrize("rows", [ROWS, [], [ROWS[0]]], ids=["every-kind-of-cell", "no-rows", "one-row"])
def test_data_table_is_the_macros_markup(rows, hidden_caption):
    context = {"caption": 'Hand-overs <waiting> & "due"', "head": HEAD, "rows": rows, "hidden_caption": hidden_caption}

    direct = render(DIRECT, **context)

    assert elements(direct) == elements(render(THROUGH_THE_MACRO, **context))
    assert direct.count("<tr") == len(rows) + 1
