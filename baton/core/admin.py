"""The admin site is for system administrators: organisations, people and their memberships.
Domain records (programmes, hand-overs, ...) are changed only through Baton's own pages and API,
where the rules and the audit trail apply, so they are not registered here."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import ApiToken, AuditEvent, Membership, Organisation, User


class MembershipInline(admin.StackedInline):
    model = Membership
    can_delete = False


@admin.register(User)
class BatonUserAdmin(UserAdmin):
    inlines = [MembershipInline]
    list_display = ("username", "email", "first_name", "last_name", "is_active")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "ods_code", "type", "handover_limit_days")
    search_fields = ("name", "ods_code")
    prepopulated_fields = {"public_slug": ("name",)}


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at")
    # Expiry and revocation change only through core.tokens (the one-year maximum, the audit trail).
    readonly_fields = ("prefix", "digest", "created_at", "expires_at", "last_used_at", "revoked_at")
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # people issue their own tokens, under API tokens

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        from .errors import RuleBroken
        from .tokens import revoke_token

        revoked = 0
        for token in queryset:
            try:
                revoke_token(token, by=request.user)
                revoked += 1
            except RuleBroken:
                pass  # already revoked: its first date stands
        self.message_user(request, f"Revoked {revoked} token(s); any others were already revoked.")


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor", "verb", "action", "model", "object_repr")
    list_filter = ("verb", "model")
    list_select_related = ("actor",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
