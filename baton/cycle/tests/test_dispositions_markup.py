"""The rows of the run close and hand-over pages (one per open insight item, up to 50 a page) write
the NHS.UK radios and character-count markup directly, for speed: the same HTML, element for
element and attribute for attribute, as nhsuk-frontend-jinja's macros give for the same options,
unchanged and with errors."""

import pytest
from django.template import engines

from baton.core.tests.markup import html_elements as elements
from baton.cycle.forms import CloseRunForm
from baton.cycle.testing import make_handover, make_insight, make_programme, make_run

# The rows as they were written with nhsuk-frontend-jinja's macros.
THROUGH_THE_MACROS = """
{% from "nhsuk/components/radios/macro.jinja" import radios %}
{% from "core/forms.jinja" import field %}
{% for item, choice, text in form.disposition_rows() %}
  <div class="baton-disposition">
  {%- set items = [] -%}
  {%- for value, label in choice.field.choices -%}
    {%- set _ = items.append({"value": value, "text": label, "checked": (value | string) == (choice.value() | string)}) -%}
  {%- endfor -%}
  {{ radios({
    "idPrefix": choice.auto_id, "name": choice.html_name,
    "fieldset": {"legend": {"text": item.title, "size": "s"}},
    "hint": {"text": "Recorded " ~ (item.created_at | ukdate("j M Y")) ~ ((": " ~ item.detail[:200]) if item.detail else "")},
    "errorMessage": {"text": choice.errors | join(" ")} if choice.errors else None,
    "items": items
  }) }}
  {{ field(text, hint="Needed if it is answered here or closed.") }}
  </div>
{% endfor %}
"""
DIRECT = '{% from "cycle/_dispositions.jinja" import dispositions %}{{ dispositions(form) }}'


def render(source, form):
    return engines["jinja2"].env.from_string(source).render(form=form)


@pytest.fixture
def run(personas):
    p = personas
    run = make_run(make_programme(p.org, by=p.ellie), owner=p.priya, by=p.ellie)
    make_insight(run, by=p.priya, title='Parking <costs> & "fees"', detail="Heard at the clinic.  \nTwice. " * 30)
    make_insight(run, by=p.priya, title="Letters arrive late")
    make_insight(run, by=p.priya, title="No detail", detail="")
    return run


@pytest.mark.django_db
def test_rows_to_answer_or_close_are_the_macros_markup(run):
    form = CloseRunForm(run=run)  # no hand-over yet: answer or close, nothing chosen

    assert len(form.disposition_items) == 3
    assert elements(render(DIRECT, form)) == elements(render(THROUGH_THE_MACROS, form))


@pytest.mark.django_db
def test_rows_that_may_be_carried_are_the_macros_markup(run, personas):
    make_handover(run, by=personas.priya, next_owner=personas.ellie)  # carries the three
    make_insight(run, by=personas.priya, title="Recorded after the hand-over")
    form = CloseRunForm(run=run)  # carry forward offered, and chosen

    html = render(DIRECT, form)
    assert len(form.disposition_items) == 1 and 'value="carry" checked' in html
    assert elements(html) == elements(render(THROUGH_THE_MACROS, form))


@pytest.mark.django_db
def test_rows_with_errors_and_answers_are_the_macros_markup(run):
    items = list(run.open_insight_not_carried().order_by("-created_at", "-pk"))
    data = {
        "version": run.version,
        f"insight_{items[0].pk}": "answer",  # no answer written: an error under the text
        f"insight_{items[0].pk}_text": "",
        f"insight_{items[1].pk}": "close",
        f"insight_{items[1].pk}_text": "Out of scope <for now> & later",
        # items[2]: no choice: an error on the radios
    }
    form = CloseRunForm(data, run=run)

    assert not form.is_valid()
    html = render(DIRECT, form)
    assert html.count('class="nhsuk-error-message"') == 2
    assert elements(html) == elements(render(THROUGH_THE_MACROS, form))
