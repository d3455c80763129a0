"""Reference data that administrators keep up to date: the ten principles and the plan types.
The organisation's own records (versions, adoptions, plans, objectives) change only through
Baton's pages and API, where the rules and the audit trail apply."""

from django.contrib import admin

from .models import PlanType, Principle


@admin.register(Principle)
class PrincipleAdmin(admin.ModelAdmin):
    list_display = ("number", "text")


@admin.register(PlanType)
class PlanTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "position")
