"""User management through the API: the /manage/users/ pages' rules (who may change whom)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import permissions, selectors, services
from accounts.api.serializers import ManagedUserSerializer
from accounts.forms import ManagedUserForm, UserCreateForm, UserFilterForm
from accounts.models import User
from intrasphere.api.forms import bound_form, form_serializer
from intrasphere.api.permissions import holds, signed_in_and

MANAGE_USERS = signed_in_and(holds("accounts.manage_users"))


@extend_schema(
    parameters=[
        OpenApiParameter("q", description="words of the name, username, email or employee ID"),
        OpenApiParameter("role", enum=[role for role, _label in User.Role.choices]),
        OpenApiParameter("department"),
        OpenApiParameter("active", enum=["yes", "no"]),
    ]
)
class UserList(generics.ListAPIView):
    """`GET` every account, active or not (user managers); `POST` a new one: the profile
    fields, password1, password2 and (administrators only) role."""

    permission_classes = MANAGE_USERS
    serializer_class = ManagedUserSerializer

    def get_queryset(self):
        form = UserFilterForm(
            self.request.query_params or None, departments=selectors.all_departments()
        )
        if form.is_bound and not form.is_valid():
            raise ValidationError({field: list(errors) for field, errors in form.errors.items()})
        filters = form.cleaned_data if form.is_bound else {}
        return selectors.managed_users(
            query=filters.get("q", ""),
            role=filters.get("role", ""),
            department=filters.get("department", ""),
            active=filters.get("active", ""),
        ).order_by("last_name", "first_name", "username", "pk")

    @extend_schema(
        request=form_serializer(UserCreateForm, "UserCreateInput", can_change_role=True),
        responses={201: ManagedUserSerializer},
    )
    def post(self, request: Request) -> Response:
        form = bound_form(
            UserCreateForm, request, can_change_role=permissions.can_change_role(request.user)
        )
        person = services.user_create(
            actor=request.user,
            password=form.cleaned_data["password1"],
            role=form.cleaned_data.get("role", User.Role.EMPLOYEE),
            request=request._request,
            **form.profile_changes(),
        )
        return Response(ManagedUserSerializer(person).data, status=status.HTTP_201_CREATED)


class UserDetail(APIView):
    """`GET` one account (user managers); `PUT`/`PATCH` its profile fields (and role, for
    administrators). Only an administrator changes an administrator (403 otherwise)."""

    permission_classes = MANAGE_USERS

    @extend_schema(responses=ManagedUserSerializer)
    def get(self, request: Request, pk: int) -> Response:
        person = get_object_or_404(selectors.managed_users(), pk=pk)
        return Response(ManagedUserSerializer(person).data)

    def _update(self, request: Request, pk: int, *, partial: bool) -> Response:
        person = get_object_or_404(User, pk=pk)
        permissions.ensure_can_edit_user(request.user, person)
        form = bound_form(
            ManagedUserForm,
            request,
            partial=partial,
            instance=person,
            can_change_role=permissions.can_change_role(request.user),
        )
        person = services.user_update(
            actor=request.user,
            user=User.objects.get(pk=pk),
            changes=form.profile_changes(),
            role=form.cleaned_data.get("role"),
            request=request._request,
        )
        return Response(ManagedUserSerializer(person).data)

    @extend_schema(
        request=form_serializer(ManagedUserForm, "ManagedUserInput", can_change_role=True),
        responses=ManagedUserSerializer,
    )
    def put(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=False)

    @extend_schema(
        request=form_serializer(ManagedUserForm, "ManagedUserInput", can_change_role=True),
        responses=ManagedUserSerializer,
    )
    def patch(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=True)


class _Toggle(APIView):
    permission_classes = MANAGE_USERS
    service = None

    @extend_schema(request=None, responses=ManagedUserSerializer)
    def put(self, request: Request, pk: int) -> Response:
        person = get_object_or_404(User, pk=pk)
        permissions.ensure_can_edit_user(request.user, person)
        person = type(self).service(actor=request.user, user=person, request=request._request)
        return Response(ManagedUserSerializer(person).data)


class UserActivate(_Toggle):
    """`PUT`: activate a deactivated account."""

    service = services.user_activate


class UserDeactivate(_Toggle):
    """`PUT`: deactivate an account and end its sessions (its tokens stop at once)."""

    service = services.user_deactivate
