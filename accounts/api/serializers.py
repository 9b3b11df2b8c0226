"""What the API shows of people and tokens (output only: input goes through the pages' forms)."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import ApiToken, User


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
        return reverse("accounts:person_avatar", kwargs={"username": person.username})


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
