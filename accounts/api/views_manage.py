"""The /manage/ capabilities through the API: employee categories, system settings, rights."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import permissions, selectors, services
from accounts.api.serializers import (
    EmployeeCategorySerializer,
    GrantSerializer,
    RightHeldSerializer,
    SiteSettingsSerializer,
)
from accounts.forms import EmployeeCategoryForm, GrantForm, SiteSettingsForm
from accounts.models import EmployeeCategory, PermissionGrant, User
from intrasphere.api.forms import bound_form, form_serializer
from intrasphere.api.permissions import IsAdministrator, holds, signed_in_and
from intrasphere.models import SiteSettings
from intrasphere.services import site_settings_update

MANAGE_CATEGORIES = holds("accounts.manage_employee_categories")


class EmployeeCategoryList(generics.ListAPIView):
    """`GET` the employee categories; `POST` a new one (name, description)."""

    permission_classes = signed_in_and(MANAGE_CATEGORIES)
    serializer_class = EmployeeCategorySerializer

    def get_queryset(self):
        return selectors.employee_categories().order_by("name", "pk")

    @extend_schema(
        request=form_serializer(EmployeeCategoryForm, "EmployeeCategoryInput"),
        responses={201: EmployeeCategorySerializer},
    )
    def post(self, request: Request) -> Response:
        form = bound_form(EmployeeCategoryForm, request)
        category = services.employee_category_create(
            actor=request.user, request=request._request, **form.cleaned_data
        )
        return Response(EmployeeCategorySerializer(category).data, status=status.HTTP_201_CREATED)


class EmployeeCategoryDetail(APIView):
    """`GET`, `PUT`/`PATCH` (name, description) or `DELETE` one employee category."""

    permission_classes = signed_in_and(MANAGE_CATEGORIES)

    @extend_schema(responses=EmployeeCategorySerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(EmployeeCategorySerializer(get_object_or_404(EmployeeCategory, pk=pk)).data)

    def _update(self, request: Request, pk: int, *, partial: bool) -> Response:
        category = get_object_or_404(EmployeeCategory, pk=pk)
        form = bound_form(EmployeeCategoryForm, request, partial=partial, instance=category)
        category = services.employee_category_update(
            actor=request.user,
            category=EmployeeCategory.objects.get(pk=pk),
            request=request._request,
            **form.cleaned_data,
        )
        return Response(EmployeeCategorySerializer(category).data)

    @extend_schema(
        request=form_serializer(EmployeeCategoryForm, "EmployeeCategoryInput"),
        responses=EmployeeCategorySerializer,
    )
    def put(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=False)

    @extend_schema(
        request=form_serializer(EmployeeCategoryForm, "EmployeeCategoryInput"),
        responses=EmployeeCategorySerializer,
    )
    def patch(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=True)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        category = get_object_or_404(EmployeeCategory, pk=pk)
        services.employee_category_delete(
            actor=request.user, category=category, request=request._request
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class SystemSettings(APIView):
    """`GET` or `PUT`/`PATCH` the portal's settings (administrators)."""

    permission_classes = signed_in_and(IsAdministrator)

    @extend_schema(responses=SiteSettingsSerializer)
    def get(self, request: Request) -> Response:
        return Response(SiteSettingsSerializer(SiteSettings.load(fresh=True)).data)

    def _update(self, request: Request, *, partial: bool) -> Response:
        site = SiteSettings.objects.get_or_create(pk=1)[0]
        form = bound_form(SiteSettingsForm, request, partial=partial, instance=site)
        site = site_settings_update(
            actor=request.user, changes=form.cleaned_data, request=request._request
        )
        return Response(SiteSettingsSerializer(site).data)

    @extend_schema(
        request=form_serializer(SiteSettingsForm, "SiteSettingsInput"),
        responses=SiteSettingsSerializer,
    )
    def put(self, request: Request) -> Response:
        return self._update(request, partial=False)

    @extend_schema(
        request=form_serializer(SiteSettingsForm, "SiteSettingsInput"),
        responses=SiteSettingsSerializer,
    )
    def patch(self, request: Request) -> Response:
        return self._update(request, partial=True)


def _grant_form_kwargs() -> dict:
    return {
        "rights": [right for right, _permission in permissions.available_rights()],
        "scope_choices": selectors.scope_choices(),
    }


@extend_schema(
    parameters=[
        OpenApiParameter("user", description="part of a username or name"),
        OpenApiParameter("right", description='e.g. "content.manage_events"'),
        OpenApiParameter("status", enum=["active", "expired", "revoked", "all"]),
    ]
)
class PermissionGrantList(generics.ListAPIView):
    """`GET` the delegations (default: in force); `POST` a delegated right: user (username),
    right ("app.codename"), scope ("app.Model:pk"), expires_at."""

    permission_classes = signed_in_and(IsAdministrator)
    serializer_class = GrantSerializer

    def get_queryset(self):
        params = self.request.query_params
        return selectors.grant_list(
            user_query=params.get("user", "")[:150],
            perm=params.get("right", "")[:200],
            status=params.get("status") or "active",
        )

    @extend_schema(
        request=form_serializer(GrantForm, "GrantInput", rights=[], scope_choices=[]),
        responses={201: GrantSerializer},
    )
    def post(self, request: Request) -> Response:
        form = bound_form(GrantForm, request, **_grant_form_kwargs())
        grant = services.permission_grant(
            actor=request.user,
            user=form.cleaned_data["user"],
            codename=form.cleaned_data["right"],
            expires_at=form.cleaned_data["expires_at"],
            scope=form.cleaned_data["scope_object"],
            request=request._request,
        )
        return Response(GrantSerializer(grant).data, status=status.HTTP_201_CREATED)


class PermissionsOfUser(APIView):
    """The prototype's `/permissions/:id`: `GET` the rights user *id* holds and why;
    `DELETE` revokes the grant *id* (administrators)."""

    permission_classes = signed_in_and(IsAdministrator)

    @extend_schema(operation_id="permissions_of_user", responses=RightHeldSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        person = get_object_or_404(User, pk=pk)
        return Response(RightHeldSerializer(selectors.user_rights(user=person), many=True).data)

    @extend_schema(operation_id="permissions_revoke", responses=GrantSerializer)
    def delete(self, request: Request, pk: int) -> Response:
        grant = get_object_or_404(PermissionGrant, pk=pk)
        services.permission_revoke(actor=request.user, grant=grant, request=request._request)
        grant.refresh_from_db()
        return Response(GrantSerializer(grant).data)


class PermissionCheck(APIView):
    """`GET ?perm=app.codename[&user=username]`: does this person hold the right? Anyone may
    ask about themselves; only administrators about someone else."""

    @extend_schema(
        parameters=[
            OpenApiParameter("perm", required=True, description="e.g. content.manage_events"),
            OpenApiParameter("user", description="a username (administrators only)"),
        ],
        responses={200: {"type": "object"}},
    )
    def get(self, request: Request) -> Response:
        perm = request.query_params.get("perm", "").strip()[:200]
        if permissions.right_for(perm) is None:
            raise ValidationError({"perm": [_("Not a right that can be delegated.")]})
        username = request.query_params.get("user", "").strip()[:150]
        person = request.user
        if username and username != request.user.get_username():
            if not request.user.is_superuser:
                raise NotFound
            person = get_object_or_404(User, username=username)
        return Response(
            {"user": person.get_username(), "perm": perm, "granted": person.has_perm(perm)}
        )
