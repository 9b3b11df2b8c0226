"""What the API shows of the forum (output only: input goes through the pages' forms)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.api.serializers import PersonRefSerializer
from forum.models import Category, Post, PostRevision, Report, Topic


class ForumCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = [
            "id",
            "name",
            "slug",
            "description",
            "colour",
            "icon",
            "active",
            "order",
            "requires_topic_validation",
            "requires_post_validation",
            "topic_count",
            "post_count",
            "created_at",
        ]
        read_only_fields = fields


class TopicSerializer(serializers.ModelSerializer):
    author = PersonRefSerializer()

    class Meta:
        model = Topic
        fields = [
            "id",
            "category",
            "title",
            "slug",
            "author",
            "status",
            "rejection_reason",
            "pinned",
            "locked",
            "view_count",
            "reply_count",
            "created_at",
            "last_post_at",
        ]
        read_only_fields = fields


class PostSerializer(serializers.ModelSerializer):
    author = PersonRefSerializer()
    liked = serializers.SerializerMethodField()

    class Meta:
        model = Post
        fields = [
            "id",
            "topic",
            "author",
            "content",
            "status",
            "rejection_reason",
            "like_count",
            "liked",
            "edited",
            "edited_at",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_liked(self, post: Post) -> bool | None:
        """Whether I like it (in lists; null where not computed)."""
        liked = getattr(post, "liked", None)
        return None if liked is None else bool(liked)


class LikeSerializer(serializers.Serializer):
    liked = serializers.BooleanField()
    like_count = serializers.IntegerField()


class ReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = Report
        fields = ["id", "post", "reason", "status", "created_at"]
        read_only_fields = fields


class FollowSerializer(serializers.Serializer):
    following = serializers.BooleanField()


class RevisionSerializer(serializers.ModelSerializer):
    edited_by = PersonRefSerializer(allow_null=True)

    class Meta:
        model = PostRevision
        fields = ["id", "post", "content", "edited_by", "created_at"]
        read_only_fields = fields


class QueueCountsSerializer(serializers.Serializer):
    topics = serializers.IntegerField(help_text="topics waiting for validation")
    posts = serializers.IntegerField(help_text="replies waiting for validation")
    reports = serializers.IntegerField(help_text="open reports")


class QueuedReportSerializer(serializers.ModelSerializer):
    """An open report in the moderation queue, with the post it is about."""

    post = PostSerializer()
    topic = serializers.IntegerField(source="post.topic_id", read_only=True)
    reporter = PersonRefSerializer()

    class Meta:
        model = Report
        fields = ["id", "post", "topic", "reporter", "reason", "status", "created_at"]
        read_only_fields = fields


class HandledReportSerializer(serializers.ModelSerializer):
    handled_by = PersonRefSerializer(allow_null=True)

    class Meta:
        model = Report
        fields = ["id", "post", "reason", "status", "handled_by", "handled_at"]
        read_only_fields = fields
