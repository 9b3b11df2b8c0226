from django.contrib import admin

from content.models import (
    Announcement,
    AnnouncementAcknowledgement,
    AnnouncementComment,
    AnnouncementCommentReport,
    AnnouncementReaction,
    CalendarFeedToken,
    Category,
    Document,
    DocumentAcknowledgement,
    DocumentVersion,
    Event,
    EventRSVP,
    Page,
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug"]
    list_filter = ["created_at"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["title", "type", "category", "important", "draft", "author", "publish_at"]
    search_fields = ["title", "content"]
    list_filter = ["type", "important", "draft", "allow_comments", "category", "publish_at"]
    autocomplete_fields = ["author", "category", "audience_categories"]
    readonly_fields = ["notified_at"]
    date_hierarchy = "publish_at"


@admin.register(AnnouncementAcknowledgement)
class AnnouncementAcknowledgementAdmin(admin.ModelAdmin):
    list_display = ["announcement", "user", "acknowledged_at"]
    search_fields = ["announcement__title", "user__username", "user__last_name"]
    list_filter = ["acknowledged_at"]
    autocomplete_fields = ["announcement", "user"]


@admin.register(AnnouncementComment)
class AnnouncementCommentAdmin(admin.ModelAdmin):
    list_display = ["announcement", "author", "created_at", "hidden", "deleted"]
    search_fields = ["announcement__title", "author__username", "content"]
    list_filter = ["hidden", "deleted", "created_at"]
    autocomplete_fields = ["announcement", "author", "hidden_by"]


@admin.register(AnnouncementCommentReport)
class AnnouncementCommentReportAdmin(admin.ModelAdmin):
    list_display = ["comment", "reporter", "status", "created_at", "handled_by"]
    search_fields = ["reason", "reporter__username"]
    list_filter = ["status", "created_at"]
    autocomplete_fields = ["comment", "reporter", "handled_by"]


@admin.register(AnnouncementReaction)
class AnnouncementReactionAdmin(admin.ModelAdmin):
    list_display = ["announcement", "user", "kind", "created_at"]
    search_fields = ["announcement__title", "user__username"]
    list_filter = ["kind"]
    autocomplete_fields = ["announcement", "user"]


class DocumentVersionInline(admin.TabularInline):
    model = DocumentVersion
    extra = 0
    fields = ["number", "original_filename", "size", "content_type", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "category",
        "requires_acknowledgement",
        "current_version",
        "updated_at",
    ]
    search_fields = ["title", "description"]
    list_filter = ["category", "requires_acknowledgement"]
    autocomplete_fields = ["category", "created_by"]
    readonly_fields = ["current_version"]
    inlines = [DocumentVersionInline]


class HistoryAdmin(admin.ModelAdmin):
    """Rows written only by the content services (they keep counters and versions right)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DocumentVersion)
class DocumentVersionAdmin(HistoryAdmin):
    list_display = ["document", "number", "original_filename", "size", "uploaded_by", "uploaded_at"]
    search_fields = ["document__title", "original_filename", "change_note"]
    list_filter = ["content_type", "uploaded_at"]
    autocomplete_fields = ["document", "uploaded_by"]


@admin.register(DocumentAcknowledgement)
class DocumentAcknowledgementAdmin(admin.ModelAdmin):
    list_display = ["version", "user", "acknowledged_at"]
    search_fields = ["version__document__title", "user__username", "user__last_name"]
    list_filter = ["acknowledged_at"]
    autocomplete_fields = ["version", "user"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "type",
        "starts_at",
        "location",
        "organiser",
        "going_count",
        "capacity",
    ]
    search_fields = ["title", "location", "description"]
    list_filter = ["type", "starts_at"]
    autocomplete_fields = ["organiser"]
    readonly_fields = ["going_count"]
    date_hierarchy = "starts_at"


@admin.register(EventRSVP)
class EventRSVPAdmin(HistoryAdmin):
    list_display = ["event", "user", "status", "updated_at"]
    search_fields = ["event__title", "user__username", "user__last_name"]
    list_filter = ["status"]
    autocomplete_fields = ["event", "user"]


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "category", "status", "updated_at"]
    search_fields = ["title", "slug", "body"]
    list_filter = ["status", "category"]
    autocomplete_fields = ["category", "author"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(CalendarFeedToken)
class CalendarFeedTokenAdmin(admin.ModelAdmin):
    """Deleting a row revokes that person's calendar feed URL; the secret is never shown."""

    list_display = ["user", "created_at"]
    search_fields = ["user__username", "user__last_name", "user__email"]
    list_filter = ["created_at"]
    exclude = ["token"]
    readonly_fields = ["user", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False
