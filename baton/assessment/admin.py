"""The frameworks are reference data: a system administrator edits their names, items and scales
here (the self-assessment pages read them)."""

from django.contrib import admin

from .models import Framework, Item, ScaleLevel


class ItemInline(admin.TabularInline):
    model = Item
    extra = 0


class LevelInline(admin.TabularInline):
    model = ScaleLevel
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "max_evidence", "order"]
    inlines = [LevelInline, ItemInline]
