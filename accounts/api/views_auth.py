"""Session sign-in and self-registration through the API, for same-site scripts.

Both check CSRF like the pages' forms (`GET /auth/login` hands out the token and its cookie)
and count against the pages' own limits (`accounts.api.limits`): 429 with Retry-After.
"""

from __future__ import annotations

from functools import partial

from django.contrib.auth import login as auth_login
from django.middleware.csrf import get_token
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied, Throttled, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services
from accounts.api.authentication import SessionAuthentication
from accounts.api.limits import registration_limited, signin_limited
from accounts.api.serializers import MeSerializer
from accounts.forms import LoginForm, RegistrationForm
from intrasphere.api.forms import bound_form, form_serializer
from intrasphere.models import SiteSettings


class _AnonymousForm(APIView):
    """Open to anyone; CSRF is checked even without a session (a forged sign-in is an attack
    too), as Django checks it on the pages' forms."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    def initial(self, request: Request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        if request.method == "POST":
            SessionAuthentication().enforce_csrf(request)


class LoginView(_AnonymousForm):
    """`GET` the CSRF token (and its cookie) to send back as `X-CSRFToken`; `POST` username and
    password to open a session (the sign-in page's limits on failed attempts, per account and
    per address: accounts.signin_limits)."""

    @extend_schema(responses={200: {"type": "object", "properties": {"csrf_token": {}}}})
    def get(self, request: Request) -> Response:
        return Response({"csrf_token": get_token(request._request)})

    @extend_schema(
        request=form_serializer(LoginForm, "LoginInput"), responses=MeSerializer, auth=[]
    )
    def post(self, request: Request) -> Response:
        username = request.data.get("username", "") if hasattr(request.data, "get") else ""
        wait = signin_limited(request._request, str(username))
        if wait is not None:
            raise Throttled(wait=wait)
        try:
            form = bound_form(partial(LoginForm, request._request), request)  # its first argument
        except ValidationError:
            services.sign_in_failure_record(username=str(username), request=request._request)
            raise
        auth_login(request._request, form.get_user())
        services.sign_in_record(user=form.get_user(), request=request._request)
        return Response(MeSerializer(form.get_user()).data)


class RegisterView(_AnonymousForm):
    """`POST` a new employee account when registration is open (the page's form and checks;
    3 attempts an hour per address): signed in at once."""

    @extend_schema(
        request=form_serializer(RegistrationForm, "RegistrationInput"),
        responses={201: MeSerializer},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        wait = registration_limited(request._request)
        if wait is not None:
            raise Throttled(wait=wait)
        if not SiteSettings.load(fresh=True).registration_open:
            raise PermissionDenied(_("Registration is closed."))
        data = bound_form(RegistrationForm, request).cleaned_data
        user = services.user_register(
            username=data["username"],
            password=data["password1"],
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            request=request._request,
        )
        auth_login(request._request, user, backend="accounts.backends.ModelBackend")
        return Response(MeSerializer(user).data, status=status.HTTP_201_CREATED)
