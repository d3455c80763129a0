"""Forms of feedback: the upload, the column mapping, the filters and the check of one comment's
labels. Messages are plain English and name the field."""

from __future__ import annotations

from django import forms

from baton.core.forms import BatonForm, VersionOnlyForm
from baton.cycle.models import InsightItem, Programme, StageRun

from . import importer, reports
from .feedback import sub_categories
from .models import FeedbackImport, Source

ACCEPT = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(BatonForm):
    once = True
    file = forms.FileField(
        label="Feedback file",
        help_text=f"A CSV or Excel (.xlsx) file with one comment a row and a heading row; at most "
        f"{importer.size_in_words(importer.MAX_BYTES)}.",
        error_messages={
            "required": "Choose the file to import",
            "empty": "The file is empty. Choose the file the feedback was exported to.",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    source = forms.ChoiceField(label="Where it comes from", choices=Source.choices, initial=Source.FFT)
    programme = forms.ModelChoiceField(
        queryset=Programme.objects.none(), required=False, label="Programme", empty_label="No programme"
    )
    stage_run = forms.ModelChoiceField(
        queryset=StageRun.objects.none(), required=False, label="Stage", empty_label="No stage"
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.for_org(organisation).order_by("name")
        self.fields["stage_run"].queryset = (
            StageRun.objects.filter(programme__organisation=organisation)
            .select_related("programme")
            .order_by("programme__name", "pk")
        )
        self.fields["stage_run"].label_from_instance = lambda r: f"{r.programme.name}: {r}"


class MappingForm(VersionOnlyForm):
    """One select per field, offering the file's headings."""

    def __init__(self, *args, imp: FeedbackImport, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Not in this file"), *((c, c) for c in imp.columns)]
        for name, label in importer.FIELDS.items():
            self.fields[name] = forms.ChoiceField(
                label=f"{label} column",
                choices=choices,
                required=name == "comment",
                initial=imp.mapping.get(name, ""),
                error_messages={"required": "Choose the column that holds the comments"},
            )
        if not self.is_bound:
            self.initial["version"] = imp.version

    def mapping(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in importer.FIELDS}


SENTIMENTS = [("", "Any sentiment"), *((str(v), label) for v, label in InsightItem.Sentiment.choices)]


class FilterForm(BatonForm):
    theme = forms.ChoiceField(required=False, label="Theme")
    service = forms.CharField(required=False, max_length=200, label="Service or site")
    sentiment = forms.ChoiceField(required=False, choices=SENTIMENTS, label="Sentiment")
    month_from = forms.CharField(required=False, max_length=7, label="From month", help_text="For example, 2026-01")
    month_to = forms.CharField(required=False, max_length=7, label="To month", help_text="For example, 2026-06")
    source = forms.ChoiceField(required=False, choices=[("", "Any source"), *Source.choices], label="Source")
    programme = forms.ModelChoiceField(
        queryset=Programme.objects.none(), required=False, label="Programme", empty_label="Any programme"
    )
    to_check = forms.BooleanField(required=False, label="Only comments to check")
    feedback_import = forms.ModelChoiceField(
        queryset=FeedbackImport.objects.none(), required=False, label="Import", empty_label="Any import"
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", "Any theme"), *((c, c) for c in sub_categories())]
        self.fields["programme"].queryset = Programme.objects.for_org(organisation).order_by("name")
        self.fields["feedback_import"].queryset = FeedbackImport.objects.for_org(organisation).filter(
            status=FeedbackImport.Status.DONE
        )

    def _month(self, name: str):
        try:
            return reports.month_start(self.cleaned_data.get(name) or "")
        except ValueError:
            raise forms.ValidationError(f"{self.fields[name].label} must be a year and month, like 2026-03") from None

    def clean_month_from(self):
        return self._month("month_from")

    def clean_month_to(self):
        return self._month("month_to")

    def filters(self) -> reports.Filters:
        """The valid filters (a field with an error is left out)."""
        data = getattr(self, "cleaned_data", {})
        programme = data.get("programme")
        imp = data.get("feedback_import")
        return reports.Filters(
            theme=data.get("theme") or "",
            service=(data.get("service") or "").strip(),
            sentiment=int(data["sentiment"]) if data.get("sentiment") else None,
            month_from=data.get("month_from"),
            month_to=data.get("month_to"),
            source=data.get("source") or "",
            programme=programme.pk if programme else None,
            to_check=bool(data.get("to_check")),
            feedback_import=imp.pk if imp else None,
        )


class CheckForm(VersionOnlyForm):
    sentiment = forms.TypedChoiceField(
        label="Sentiment",
        choices=[("", "None (not read: another language, or no view)"), *InsightItem.Sentiment.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    themes = forms.MultipleChoiceField(
        label="Themes",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick every theme the comment mentions.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = [(c, c) for c in sub_categories()]
