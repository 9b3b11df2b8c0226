from django.contrib import admin

from intrasphere.models import AuditLog, Notification, SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    list_display = ["site_name", "registration_open", "contact_email", "updated_at"]

    def has_add_permission(self, request):
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is written by services only."""

    list_display = [
        "created_at",
        "actor_label",
        "action",
        "target_type",
        "target_label",
        "ip_address",
    ]
    list_filter = ["action", "target_type", "created_at"]
    search_fields = ["actor_label", "action", "target_label", "summary"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "target", "created_at", "read_at"]
    list_filter = ["kind", "created_at"]
    search_fields = ["message", "target_label", "recipient__username"]
    autocomplete_fields = ["recipient"]
    list_select_related = ["recipient"]
