"""The Gunning checks are reference data a system administrator may reword (DESIGN.md section 5).
Consultations themselves change only through Baton's pages and API, where the rules and the audit
trail apply."""

from django.contrib import admin

from .models import GunningCheck


@admin.register(GunningCheck)
class GunningCheckAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "key")
    readonly_fields = ("key",)  # other code may name a check by its key

    def has_delete_permission(self, request, obj=None):
        return False  # every consultation's assessments point at the four checks
