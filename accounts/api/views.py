"""The signed-in person through the API: who am I, my details, my password, sign-out."""

from __future__ import annotations

from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors, services
from accounts.api.serializers import MeSerializer
from accounts.forms import ProfileForm
from intrasphere.api.forms import bound_form, form_serializer


class MeView(APIView):
    """`GET` the signed-in person; `PATCH` the details they may change (as on their profile)."""

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(selectors.profile_get(user=request.user)).data)

    @extend_schema(request=form_serializer(ProfileForm, "ProfileInput"), responses=MeSerializer)
    def patch(self, request: Request) -> Response:
        form = bound_form(
            ProfileForm, request, partial=True, instance=selectors.profile_get(user=request.user)
        )
        user = services.profile_update(
            user=request.user,
            changes={name: form.cleaned_data[name] for name in ProfileForm.Meta.fields},
            avatar_png=form.avatar_png,
            remove_avatar=form.cleaned_data.get("remove_avatar", False),
            request=request._request,
        )
        return Response(MeSerializer(user).data)


class PasswordView(APIView):
    """`PUT` a new password: old_password, new_password1, new_password2 (the page's checks)."""

    @extend_schema(
        request=form_serializer(PasswordChangeForm, "PasswordInput", user=None),
        responses={204: None},
    )
    def put(self, request: Request) -> Response:
        form = bound_form(PasswordChangeForm, request, user=request.user)
        services.user_password_change(
            user=request.user,
            password=form.cleaned_data["new_password1"],
            request=request._request,
        )
        if request.auth is None:  # a session: keep it, end the others
            update_session_auth_hash(request._request, request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoutView(APIView):
    """`POST`: end this session (a token stays valid until revoked)."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)
