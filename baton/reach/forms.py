"""The two steps of importing a population profile: the file with its source, then the columns."""

from __future__ import annotations

from django import forms

from baton.core.forms import BatonForm, DateField

from .imports import TARGETS


class UploadForm(BatonForm):
    file = forms.FileField(
        label="Spreadsheet of the population",
        help_text="A .csv or .xlsx file, up to 5 MB, with a row for each group: its category, the group and the "
        "number of people.",
        error_messages={"required": "Choose a .csv or .xlsx file to import", "empty": "The file is empty"},
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    source = forms.CharField(
        label="Source of the figures",
        max_length=200,
        help_text="For example 'ONS Census 2021' or 'GP registered population, April 2026'.",
        error_messages={"required": "Enter the source of the figures"},
    )
    as_of = DateField(label="Figures as at (optional)", required=False)


class MappingForm(BatonForm):
    """Which column of the file holds the category, the group and the count."""

    def __init__(self, *args, headers: list[str], initial_mapping: dict[str, int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Choose a column")] + [(str(i), header) for i, header in enumerate(headers)]
        for target, label in TARGETS.items():
            self.fields[target] = forms.ChoiceField(
                label=label,
                choices=choices,
                error_messages={"required": f"Choose the column with the {target if target != 'code' else 'group'}"},
            )
            if initial_mapping and target in initial_mapping:
                self.initial[target] = str(initial_mapping[target])

    def mapping(self) -> dict[str, int]:
        return {target: int(self.cleaned_data[target]) for target in TARGETS}
