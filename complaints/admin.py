from django.contrib import admin
from guardian.admin import GuardedModelAdmin

from complaints.concerns.permissions import can_handle_concerns
from complaints.models import (
    Complaint,
    ComplaintAttachment,
    ComplaintEvent,
    ComplaintGroupObjectPermission,
    ComplaintReply,
    ComplaintUserObjectPermission,
    Concern,
    SavedReply,
    SubmitterReveal,
)


class ComplaintEventInline(admin.TabularInline):
    model = ComplaintEvent
    extra = 0
    fields = ["created_at", "actor", "kind", "from_value", "to_value", "comment"]
    readonly_fields = fields
    can_delete = False


class ComplaintReplyInline(admin.StackedInline):
    model = ComplaintReply
    extra = 0
    autocomplete_fields = ["author"]


@admin.register(Complaint)
class ComplaintAdmin(GuardedModelAdmin):
    list_display = [
        "id", "title", "status", "priority", "category", "confidential", "submitter",
        "assignee", "due_at", "created_at",
    ]  # fmt: skip
    list_filter = ["status", "priority", "category", "confidential", "created_at"]
    search_fields = ["title", "description", "submitter__username", "assignee__username"]
    autocomplete_fields = ["submitter", "assignee"]
    date_hierarchy = "created_at"
    readonly_fields = ["created_at", "updated_at"]
    inlines = [ComplaintReplyInline, ComplaintEventInline]


@admin.register(ComplaintEvent)
class ComplaintEventAdmin(admin.ModelAdmin):
    list_display = ["complaint", "kind", "from_value", "to_value", "actor", "created_at"]
    list_filter = ["kind", "created_at"]
    search_fields = ["complaint__title", "comment", "actor__username"]
    autocomplete_fields = ["complaint", "actor"]


@admin.register(ComplaintReply)
class ComplaintReplyAdmin(admin.ModelAdmin):
    list_display = ["complaint", "author", "internal", "created_at"]
    list_filter = ["internal", "created_at"]
    search_fields = ["complaint__title", "body", "author__username"]
    autocomplete_fields = ["complaint", "author"]


@admin.register(ComplaintAttachment)
class ComplaintAttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "complaint", "extension", "size", "uploaded_by", "created_at"]
    list_filter = ["extension", "created_at"]
    search_fields = ["original_name", "complaint__title", "uploaded_by__username"]
    autocomplete_fields = ["complaint", "uploaded_by"]


@admin.register(ComplaintUserObjectPermission)
class ComplaintUserObjectPermissionAdmin(admin.ModelAdmin):
    list_display = ["content_object", "user", "permission"]
    list_filter = ["permission"]
    search_fields = ["user__username", "content_object__title"]
    autocomplete_fields = ["content_object", "user"]


@admin.register(ComplaintGroupObjectPermission)
class ComplaintGroupObjectPermissionAdmin(admin.ModelAdmin):
    list_display = ["content_object", "group", "permission"]
    list_filter = ["permission"]
    search_fields = ["group__name", "content_object__title"]
    autocomplete_fields = ["content_object", "group"]


@admin.register(SubmitterReveal)
class SubmitterRevealAdmin(admin.ModelAdmin):
    """Who was shown a confidential submitter, by whom and why: a record, never edited here."""

    list_display = ["complaint", "revealed_to", "revealed_by", "reason", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["complaint__title", "revealed_to__username", "revealed_by__username"]
    readonly_fields = ["complaint", "revealed_to", "revealed_by", "reason", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Concern)
class ConcernAdmin(admin.ModelAdmin):
    """Reports of the reporting channel: read-only, and only for the holders of
    `handle_concerns` (administrators hold every right). Neither the reporter nor the secret's
    hash is shown: the handlers' page (/concerns/) is the place to handle reports."""

    list_display = ["code", "subject", "status", "anonymous", "created_at", "closed_at"]
    list_filter = ["status", "anonymous"]
    fields = [
        "code", "subject", "description", "status", "anonymous", "created_at",
        "acknowledged_at", "feedback_at", "closed_at",
    ]  # fmt: skip
    readonly_fields = fields

    def has_module_permission(self, request):
        return can_handle_concerns(request.user)

    def has_view_permission(self, request, obj=None):
        return can_handle_concerns(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SavedReply)
class SavedReplyAdmin(admin.ModelAdmin):
    """Shared saved replies; complaint managers also manage them at /complaints/saved-replies/."""

    list_display = ["title", "updated_by", "updated_at"]
    search_fields = ["title", "body"]
    readonly_fields = ["updated_by", "updated_at"]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
