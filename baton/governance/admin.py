"""The governance reference data, editable by a system administrator: the s14Z45 screening
questions and the assurance criteria (loaded by migration 0002). Domain records change only
through the pages and the API, where the gate and the audit trail apply, so they are not here."""

from django.contrib import admin

from .models import AssuranceCriterion, ScreeningQuestion


@admin.register(ScreeningQuestion)
class ScreeningQuestionAdmin(admin.ModelAdmin):
    list_display = ["position", "text", "active"]
    list_editable = ["active"]
    ordering = ["position", "pk"]


@admin.register(AssuranceCriterion)
class AssuranceCriterionAdmin(admin.ModelAdmin):
    list_display = ["position", "text", "source", "active"]
    list_editable = ["active"]
    ordering = ["position", "pk"]
