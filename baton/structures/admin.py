"""The register's reference data, editable by a system administrator: the types of structure
(loaded by migration 0002). A type in use is never deleted (the structures protect it): retire it
(`active`) and it is no longer offered. Domain records change only through the pages and the API,
where the rules and the audit trail apply, so they are not here."""

from django.contrib import admin

from .models import StructureType


@admin.register(StructureType)
class StructureTypeAdmin(admin.ModelAdmin):
    list_display = ["position", "name", "key", "active"]
    list_editable = ["active"]
    ordering = ["position", "pk"]
