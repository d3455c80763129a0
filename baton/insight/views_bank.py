"""The insight bank's page: one search box with filters over every insight item and feedback
comment (`bank.search`), and, before anything is asked, what the bank holds and the newest
insight."""

from __future__ import annotations

from django import forms
from django.http import HttpResponse
from django.views.decorators.http import require_safe

from baton.core.forms import DateField
from baton.core.pages import render_page
from baton.cycle import stages
from baton.cycle.models import Programme

from . import bank
from .bank_permissions import require_searcher
from .feedback.engine import sub_categories


def theme_choices() -> list[tuple[str, str]]:
    return [(code, code) for code in sub_categories()]


class BankForm(forms.Form):
    """The search and its filters (GET): not a change, so a plain form, checked as the API's
    filters are."""

    q = forms.CharField(
        label="Search for",
        required=False,
        max_length=bank.MAX_QUERY,
        help_text='Words that say what it is about, such as "waiting times". Put a phrase in quotes.',
    )
    kind = forms.ChoiceField(label="Show", required=False, choices=[("", "Everything"), *bank.KINDS.items()])
    theme = forms.ChoiceField(label="Theme", required=False)
    stage = forms.ChoiceField(label="Stage", required=False, choices=[("", "Any stage"), *stages.CHOICES])
    programme = forms.TypedChoiceField(label="Programme", required=False, coerce=int, empty_value=None)
    source = forms.ChoiceField(label="Source", required=False, choices=[("", "Any source"), *bank.SOURCES.items()])
    since = DateField(label="From", required=False)
    until = DateField(label="To", required=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", "Any theme"), *theme_choices()]
        programmes = Programme.objects.for_org(organisation).order_by("name").values_list("pk", "name")
        self.fields["programme"].choices = [("", "Any programme"), *programmes]

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", "The end of the dates must be the same as or after the start.")
        return data

    def filters(self) -> bank.Filters:
        d = self.cleaned_data
        return bank.Filters(
            kind=d["kind"],
            theme=d["theme"],
            stage=d["stage"],
            programme_id=d["programme"],
            since=d["since"],
            until=d["until"],
            source=d["source"],
        )


def _page_number(request) -> int:
    try:
        return max(1, int(request.GET.get("page", 1)))
    except ValueError:
        return 1


@require_safe  # a search changes nothing: a POST is 405
def search(request) -> HttpResponse:
    member = require_searcher(request.user)
    form = BankForm(request.GET or None, organisation=member.organisation_id)
    results = holdings = recent = None
    if form.is_valid() and (form.cleaned_data["q"].strip() or form.filters()):
        results = bank.search(
            member.organisation_id, form.cleaned_data["q"], form.filters(), page=_page_number(request)
        )
    elif not form.errors:  # nothing asked yet: what the bank holds
        holdings = bank.holdings(member.organisation_id)
        recent = bank.search(member.organisation_id, "", bank.Filters(kind=bank.ITEM), per_page=5).hits
    return render_page(
        request,
        "insight/bank.jinja",
        {"form": form, "results": results, "holdings": holdings, "recent": recent, "pager": _pager(request, results)},
    )


def _pager(request, results) -> dict:
    """The pagination component's links, keeping the search."""
    if results is None:
        return {}
    query = request.GET.copy()

    def link(number: int) -> str:
        query["page"] = str(number)
        return "?" + query.urlencode()

    n, last = results.number, results.pages
    return {
        "previous": {"href": link(n - 1), "labelText": f"Page {n - 1} of {last}"} if n > 1 else None,
        "next": {"href": link(n + 1), "labelText": f"Page {n + 1} of {last}"} if n < last else None,
    }
