from django.contrib import admin

from .models import PopulationGroup, PopulationProfile


class GroupInline(admin.TabularInline):
    model = PopulationGroup
    extra = 0
    readonly_fields = ("category", "code", "label", "count")
    can_delete = False


@admin.register(PopulationProfile)
class PopulationProfileAdmin(admin.ModelAdmin):
    list_display = ("organisation", "number", "source", "imported_at")
    readonly_fields = ("organisation", "number", "source", "as_of", "file_name", "groups_count", "imported_by")
    inlines = [GroupInline]
