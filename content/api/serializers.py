"""What the API shows of content (output only: input goes through the pages' forms)."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.api.serializers import PersonRefSerializer
from content.models import (
    Announcement,
    AnnouncementComment,
    Category,
    Document,
    DocumentVersion,
    Event,
    Page,
    Reaction,
)
from intrasphere.markdown import render_markdown


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "name", "slug", "description", "created_at"]
        read_only_fields = fields


class CategoryRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "name", "slug"]
        read_only_fields = fields


class AnnouncementSerializer(serializers.ModelSerializer):
    author = PersonRefSerializer(allow_null=True)
    category = CategoryRefSerializer(allow_null=True)
    image_url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Announcement
        fields = [
            "id",
            "title",
            "content",
            "type",
            "category",
            "icon",
            "important",
            "author",
            "publish_at",
            "unpublish_at",
            "draft",
            "allow_comments",
            "allow_reactions",
            "image_url",
            "thumbnail_url",
            "url",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_image_url(self, announcement: Announcement) -> str | None:
        if not announcement.image:
            return None
        return reverse("api:announcement-image", kwargs={"pk": announcement.pk})

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_thumbnail_url(self, announcement: Announcement) -> str | None:
        if not announcement.thumbnail:
            return None
        return reverse("content:announcement_thumbnail", kwargs={"pk": announcement.pk})


class AnnouncementDetailSerializer(AnnouncementSerializer):
    """One announcement: its audience and whether the caller confirmed reading it."""

    departments = serializers.ListField(
        source="department_list", child=serializers.CharField(), read_only=True
    )
    employee_categories = serializers.SerializerMethodField()
    acknowledged = serializers.SerializerMethodField()

    class Meta(AnnouncementSerializer.Meta):
        fields = [
            *AnnouncementSerializer.Meta.fields,
            "departments",
            "employee_categories",
            "acknowledged",
        ]
        read_only_fields = fields

    def get_employee_categories(self, announcement: Announcement) -> list[int]:
        found = getattr(announcement, "audience_category_ids", None)
        if found is None:
            found = announcement.audience_categories.values_list("pk", flat=True)
        return sorted(found)

    def get_acknowledged(self, announcement: Announcement) -> bool:
        return bool(self.context.get("acknowledged", False))


class AcknowledgementSerializer(serializers.Serializer):
    """One member of a must-read's audience: read (when) or not yet."""

    person = PersonRefSerializer()
    department = serializers.CharField(source="person.department")
    acknowledged_at = serializers.DateTimeField(allow_null=True)


class DocumentVersionSerializer(serializers.ModelSerializer):
    uploaded_by = PersonRefSerializer(allow_null=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = DocumentVersion
        fields = [
            "number",
            "original_filename",
            "size",
            "content_type",
            "change_note",
            "uploaded_by",
            "uploaded_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, version: DocumentVersion) -> str:
        return reverse(
            "api:document-version-file",
            kwargs={"pk": version.document_id, "number": version.number},
        )


class CurrentVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = DocumentVersion
        fields = ["number", "original_filename", "size", "content_type", "uploaded_at"]
        read_only_fields = fields


class DocumentSerializer(serializers.ModelSerializer):
    """A document's metadata; `download_url` is the portal's protected download (the bytes are
    never in the JSON)."""

    category = CategoryRefSerializer(allow_null=True)
    current_version = CurrentVersionSerializer(allow_null=True)
    download_url = serializers.SerializerMethodField()
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Document
        fields = [
            "id",
            "title",
            "description",
            "category",
            "requires_acknowledgement",
            "current_version",
            "download_url",
            "url",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_download_url(self, document: Document) -> str:
        return reverse("api:document-file", kwargs={"pk": document.pk})


class DocumentDetailSerializer(DocumentSerializer):
    acknowledged = serializers.SerializerMethodField()

    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "acknowledged"]
        read_only_fields = fields

    def get_acknowledged(self, document: Document) -> bool:
        return bool(self.context.get("acknowledged", False))


class EventSerializer(serializers.ModelSerializer):
    organiser = PersonRefSerializer(allow_null=True)
    is_full = serializers.BooleanField(read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Event
        fields = [
            "id",
            "title",
            "description",
            "type",
            "location",
            "starts_at",
            "ends_at",
            "capacity",
            "going_count",
            "is_full",
            "organiser",
            "url",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class EventDetailSerializer(EventSerializer):
    my_status = serializers.SerializerMethodField(help_text='"going", "not_going" or ""')

    class Meta(EventSerializer.Meta):
        fields = [*EventSerializer.Meta.fields, "my_status"]
        read_only_fields = fields

    def get_my_status(self, event: Event) -> str:
        return self.context.get("my_status", "")


class PageSerializer(serializers.ModelSerializer):
    category = CategoryRefSerializer(allow_null=True)
    author = PersonRefSerializer(allow_null=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Page
        fields = [
            "id",
            "title",
            "slug",
            "category",
            "status",
            "body",
            "author",
            "url",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class CommentSerializer(serializers.ModelSerializer):
    """A comment under an announcement: its Markdown and the sanitised HTML pages show."""

    author = PersonRefSerializer()
    html = serializers.SerializerMethodField()

    class Meta:
        model = AnnouncementComment
        fields = ["id", "author", "content", "html", "hidden", "created_at"]
        read_only_fields = fields

    def get_html(self, comment: AnnouncementComment) -> str:
        return str(render_markdown(comment.content))


class ReactionCountSerializer(serializers.Serializer):
    """One reaction of the fixed set: how many gave it and whether the caller did."""

    kind = serializers.ChoiceField(choices=Reaction.choices)
    label = serializers.CharField()
    count = serializers.IntegerField()
    mine = serializers.BooleanField()
