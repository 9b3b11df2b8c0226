from django.contrib import admin
from guardian.admin import GuardedModelAdmin

from forum.models import (
    Category,
    CategoryGroupObjectPermission,
    CategoryUserObjectPermission,
    Like,
    Post,
    PostRevision,
    Report,
    Subscription,
    Topic,
    TopicView,
)


@admin.register(Category)
class CategoryAdmin(GuardedModelAdmin):
    list_display = [
        "name",
        "slug",
        "order",
        "active",
        "requires_topic_validation",
        "requires_post_validation",
        "topic_count",
        "post_count",
    ]
    list_filter = ["active", "requires_topic_validation", "requires_post_validation"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["topic_count", "post_count", "last_post"]


@admin.register(CategoryUserObjectPermission)
class CategoryUserObjectPermissionAdmin(admin.ModelAdmin):
    list_display = ["user", "permission", "content_object"]
    list_filter = ["permission"]
    search_fields = ["user__username", "content_object__name"]
    autocomplete_fields = ["user", "content_object"]


@admin.register(CategoryGroupObjectPermission)
class CategoryGroupObjectPermissionAdmin(admin.ModelAdmin):
    list_display = ["group", "permission", "content_object"]
    list_filter = ["permission"]
    search_fields = ["group__name", "content_object__name"]
    autocomplete_fields = ["group", "content_object"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "category",
        "author",
        "status",
        "pinned",
        "locked",
        "deleted",
        "reply_count",
        "view_count",
        "last_post_at",
    ]
    list_filter = ["status", "pinned", "locked", "deleted", "category"]
    search_fields = ["title", "author__username"]
    autocomplete_fields = ["category", "author"]
    readonly_fields = ["view_count", "reply_count", "last_post_at", "last_post_author"]
    date_hierarchy = "created_at"


class PostRevisionInline(admin.TabularInline):
    model = PostRevision
    extra = 0
    readonly_fields = ["content", "edited_by", "created_at"]
    can_delete = False


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["__str__", "author", "status", "like_count", "edited", "deleted", "created_at"]
    list_filter = ["status", "edited", "deleted", "topic__category"]
    search_fields = ["content", "author__username", "topic__title"]
    autocomplete_fields = ["topic", "author"]
    readonly_fields = ["like_count"]
    inlines = [PostRevisionInline]


@admin.register(PostRevision)
class PostRevisionAdmin(admin.ModelAdmin):
    list_display = ["post", "edited_by", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["content", "post__topic__title"]
    autocomplete_fields = ["post", "edited_by"]


@admin.register(Like)
class LikeAdmin(admin.ModelAdmin):
    list_display = ["user", "post", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["user__username", "post__topic__title"]
    autocomplete_fields = ["user", "post"]


@admin.register(TopicView)
class TopicViewAdmin(admin.ModelAdmin):
    list_display = ["user", "topic", "last_read_at"]
    list_filter = ["last_read_at"]
    search_fields = ["user__username", "topic__title"]
    autocomplete_fields = ["user", "topic", "last_seen_post"]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "topic", "category", "created_at"]
    list_filter = ["category"]
    search_fields = ["user__username", "topic__title", "category__name"]
    autocomplete_fields = ["user", "topic", "category"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["post", "reporter", "status", "created_at", "handled_by"]
    list_filter = ["status"]
    search_fields = ["reason", "reporter__username", "post__topic__title"]
    autocomplete_fields = ["post", "reporter", "handled_by"]
