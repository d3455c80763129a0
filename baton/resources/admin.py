"""The resources area in Django's admin: read-only views for support. Every change goes through
the pages or the API (the actions), never the admin."""

from django.contrib import admin

from .models import Budget, Claim, PaymentExport, RateCard


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RateCard)
class RateCardAdmin(ReadOnly):
    list_display = ["organisation", "effective_from", "mileage_rate"]


@admin.register(Budget)
class BudgetAdmin(ReadOnly):
    list_display = ["programme", "financial_year", "amount"]


@admin.register(Claim)
class ClaimAdmin(ReadOnly):
    list_display = ["pk", "organisation", "day", "status", "total_amount"]
    list_filter = ["status"]


@admin.register(PaymentExport)
class PaymentExportAdmin(ReadOnly):
    list_display = ["pk", "organisation", "made_at", "claim_count", "total"]
