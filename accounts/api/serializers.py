"""What the API shows of people and tokens (output only: input goes through the pages' forms)."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import ApiToken, EmployeeCategory, Message, PermissionGrant, User
from intrasphere.models import SiteSettings


class PersonSerializer(serializers.ModelSerializer):
    """A colleague as the directory shows them."""

    name = serializers.CharField(read_only=True)
    avatar_url = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "name",
            "display_name",
            "first_name",
            "last_name",
            "email",
            "department",
            "position",
            "phone",
            "avatar_url",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_avatar_url(self, person: User) -> str | None:
        if not person.avatar:
            return None
        return reverse("api:person-avatar", kwargs={"username": person.username})


class MeSerializer(PersonSerializer):
    """The signed-in person, with what only they (and user managers) see."""

    employee_category = serializers.StringRelatedField()

    class Meta(PersonSerializer.Meta):
        fields = [
            *PersonSerializer.Meta.fields,
            "employee_id",
            "role",
            "employee_category",
            "email_notifications",
            "date_joined",
            "last_login",
        ]
        read_only_fields = fields


class ApiTokenSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField()

    class Meta:
        model = ApiToken
        fields = [
            "id",
            "name",
            "prefix",
            "read_only",
            "created_at",
            "expires_at",
            "last_used_at",
            "status",
        ]
        read_only_fields = fields

    def get_status(self, token: ApiToken) -> str:
        return token.status()


class PersonRefSerializer(serializers.ModelSerializer):
    """A person as the author or recipient of something: the username is always beside the name."""

    name = serializers.CharField(read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "name"]
        read_only_fields = fields


class MessageSerializer(serializers.ModelSerializer):
    sender = PersonRefSerializer()
    recipient = PersonRefSerializer()

    class Meta:
        model = Message
        fields = ["id", "sender", "recipient", "subject", "body", "parent", "created_at", "read_at"]
        read_only_fields = fields


class EmployeeCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = EmployeeCategory
        fields = ["id", "name", "description", "created_at"]
        read_only_fields = fields


class SiteSettingsSerializer(serializers.ModelSerializer):
    class Meta:
        model = SiteSettings
        fields = [
            "site_name",
            "registration_open",
            "contact_email",
            "welcome_message",
            "privacy_notice",
            "updated_at",
        ]
        read_only_fields = fields


class GrantSerializer(serializers.ModelSerializer):
    user = PersonRefSerializer()
    granted_by = PersonRefSerializer(allow_null=True)
    right = serializers.CharField(source="perm")
    status = serializers.SerializerMethodField()

    class Meta:
        model = PermissionGrant
        fields = [
            "id",
            "user",
            "right",
            "scope_label",
            "granted_by",
            "granted_at",
            "expires_at",
            "revoked_at",
            "status",
        ]
        read_only_fields = fields

    def get_status(self, grant: PermissionGrant) -> str:
        return grant.status()


class RightHeldSerializer(serializers.Serializer):
    """One right a person holds and why (role, grant, direct, object, admin)."""

    right = serializers.CharField(source="right.perm")
    label = serializers.CharField(source="right.label")
    source = serializers.CharField()
    grant = serializers.IntegerField(source="grant.pk", allow_null=True, default=None)
    scope = serializers.CharField(allow_null=True, default=None)
    expires_at = serializers.DateTimeField(allow_null=True, default=None)


class ManagedUserSerializer(MeSerializer):
    """An account as user managers see it."""

    employee_category_id = serializers.IntegerField(allow_null=True, read_only=True)

    class Meta(MeSerializer.Meta):
        fields = [*MeSerializer.Meta.fields, "employee_category_id", "is_active"]
        read_only_fields = fields
