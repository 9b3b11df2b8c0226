"""What the API shows of complaints (output only: input goes through the pages' forms).

A confidential complaint's submitter is shown exactly where the page shows it
(`permissions.can_see_submitter`): elsewhere `submitter` is null, `submitter_label` says
"Confidential", and the submitter's own replies and timeline entries carry no name either.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.api.serializers import PersonRefSerializer
from complaints import permissions
from complaints.models import Complaint, ComplaintAttachment, ComplaintEvent, ComplaintReply

# The priorities and statuses as the forms' fields describe them to the schema (values only).
PRIORITY_VALUES = list(Complaint.Priority.values)
STATUS_VALUES = list(Complaint.Status.values)
CATEGORY_VALUES = list(Complaint.Category.values)


def _viewer(serializer: serializers.Serializer):
    return serializer.context["request"].user


class ComplaintSerializer(serializers.ModelSerializer):
    submitter = serializers.SerializerMethodField()
    submitter_label = serializers.SerializerMethodField()
    assignee = PersonRefSerializer(allow_null=True)
    overdue = serializers.BooleanField(source="is_overdue")

    class Meta:
        model = Complaint
        fields = [
            "id",
            "title",
            "category",
            "priority",
            "status",
            "confidential",
            "submitter",
            "submitter_label",
            "assignee",
            "due_at",
            "overdue",
            "resolved_at",
            "closed_at",
            "satisfaction_rating",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(PersonRefSerializer(allow_null=True))
    def get_submitter(self, complaint: Complaint) -> dict | None:
        if not permissions.can_see_submitter(_viewer(self), complaint):
            return None
        return PersonRefSerializer(complaint.submitter).data

    def get_submitter_label(self, complaint: Complaint) -> str:
        if not permissions.can_see_submitter(_viewer(self), complaint):
            return _("Confidential")
        return complaint.submitter.name


class _HidesSubmitter(serializers.Serializer):
    """A reply or event by the submitter of a confidential complaint the viewer may not see."""

    person_field = ""

    def _hidden(self, item) -> bool:
        hidden = self.context.get("submitter_hidden", False)
        return hidden and getattr(item, f"{self.person_field}_id") == self.context["submitter_id"]

    def _person(self, item) -> dict | None:
        person = getattr(item, self.person_field)
        if person is None or self._hidden(item):
            return None
        return PersonRefSerializer(person).data


class ReplySerializer(_HidesSubmitter, serializers.ModelSerializer):
    person_field = "author"
    author = serializers.SerializerMethodField()

    class Meta:
        model = ComplaintReply
        fields = ["id", "author", "body", "internal", "created_at"]
        read_only_fields = fields

    @extend_schema_field(PersonRefSerializer(allow_null=True))
    def get_author(self, reply: ComplaintReply) -> dict | None:
        return self._person(reply)


class ComplaintEventSerializer(_HidesSubmitter, serializers.ModelSerializer):
    person_field = "actor"
    actor = serializers.SerializerMethodField()

    class Meta:
        model = ComplaintEvent
        fields = ["id", "kind", "actor", "from_value", "to_value", "comment", "created_at"]
        read_only_fields = fields

    @extend_schema_field(PersonRefSerializer(allow_null=True))
    def get_actor(self, event: ComplaintEvent) -> dict | None:
        return self._person(event)


class ComplaintAttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ComplaintAttachment
        fields = ["id", "original_name", "content_type", "size", "created_at", "download_url"]
        read_only_fields = fields

    def get_download_url(self, attachment: ComplaintAttachment) -> str:
        return reverse(
            "api:complaint-attachment-file",
            kwargs={"pk": attachment.complaint_id, "attachment_pk": attachment.pk},
        )


class ComplaintDetailSerializer(ComplaintSerializer):
    """One complaint as its page shows it, with what the viewer may do next."""

    replies = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()
    attachments = ComplaintAttachmentSerializer(many=True, read_only=True)
    allowed_statuses = serializers.SerializerMethodField()
    can_reply = serializers.SerializerMethodField()
    can_handle = serializers.SerializerMethodField()

    class Meta(ComplaintSerializer.Meta):
        fields = [
            *ComplaintSerializer.Meta.fields,
            "description",
            "satisfaction_comment",
            "attachments",
            "replies",
            "events",
            "allowed_statuses",
            "can_reply",
            "can_handle",
        ]
        read_only_fields = fields

    def _child_context(self, complaint: Complaint) -> dict:
        return {
            **self.context,
            "submitter_id": complaint.submitter_id,
            "submitter_hidden": not permissions.can_see_submitter(_viewer(self), complaint),
        }

    @extend_schema_field(ReplySerializer(many=True))
    def get_replies(self, complaint: Complaint) -> list:
        replies = self.context["replies"]
        return ReplySerializer(replies, many=True, context=self._child_context(complaint)).data

    @extend_schema_field(ComplaintEventSerializer(many=True))
    def get_events(self, complaint: Complaint) -> list:
        events = self.context["events"]
        return ComplaintEventSerializer(
            events, many=True, context=self._child_context(complaint)
        ).data

    def get_allowed_statuses(self, complaint: Complaint) -> list[str]:
        return self.context["allowed_statuses"]

    def get_can_reply(self, complaint: Complaint) -> bool:
        return permissions.can_reply(_viewer(self), complaint)

    def get_can_handle(self, complaint: Complaint) -> bool:
        return permissions.can_handle(_viewer(self), complaint)
