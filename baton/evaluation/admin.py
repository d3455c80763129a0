"""Activity assessments in Django's admin: read-only, for support. Every change goes through the
pages or the API (the actions), never the admin."""

from django.contrib import admin

from .models import ActivityAssessment


@admin.register(ActivityAssessment)
class ActivityAssessmentAdmin(admin.ModelAdmin):
    list_display = ["activity", "outcomes_rating", "processes_rating", "mechanisms_rating", "assessed_on"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
