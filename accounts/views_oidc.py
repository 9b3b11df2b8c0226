"""Company sign-in (OpenID Connect): start, the provider's answer, and signing out.

The library's views do the protocol (state, nonce and PKCE verifier kept in the session, the
code exchanged on the callback); these subclasses read the provider's endpoints lazily
(`accounts.oidc.discovery`), and turn every failure into a page that says what happened: the
provider unreachable (the sign-in page with a message), an answer that was changed, expired or
already used, an unknown or deactivated person (`accounts/sign_in_error.html`). Never a 500.
"""

from __future__ import annotations

import logging
import time
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from mozilla_django_oidc import views as oidc_views

from accounts import oidc, second_factor, services

logger = logging.getLogger("intrasphere.oidc")


class _AuthenticationRequestView(oidc_views.OIDCAuthenticationRequestView):
    get_settings = staticmethod(oidc.get_settings)


class _CallbackView(oidc_views.OIDCAuthenticationCallbackView):
    get_settings = staticmethod(oidc.get_settings)

    def get(self, request: HttpRequest) -> HttpResponse:
        if request.GET.get("error"):
            logger.info("provider answered an error: %s", request.GET.get("error"))
            oidc.refuse(request, "provider")
        elif self._state_expired(request):
            oidc.refuse(request, "invalid")
            return self.login_failure()
        try:
            return super().get(request)
        except SuspiciousOperation as error:
            logger.warning("company sign-in answer refused: %s", error)
            oidc.refuse(request, getattr(request, oidc.REFUSAL_ATTRIBUTE, None) or "invalid")
        except oidc.ProviderUnavailable:
            oidc.refuse(request, "unreachable")
        except requests.RequestException as error:  # the code refused (used, expired), or down
            logger.warning("company sign-in: the provider refused the exchange: %s", error)
            oidc.refuse(request, "invalid")
        return self.login_failure()

    @staticmethod
    def _state_expired(request: HttpRequest) -> bool:
        states = request.session.get("oidc_states") or {}
        entry = states.get(request.GET.get("state", ""))
        return bool(entry) and time.time() - entry["added_on"] > settings.OIDC_STATE_MAX_AGE

    def login_failure(self) -> HttpResponse:
        reason = getattr(self.request, oidc.REFUSAL_ATTRIBUTE, None) or "invalid"
        status = 403 if reason in ("unknown", "deactivated", "claims") else 400
        if reason == "unreachable":
            status = 503
        context = {"reason": reason, "provider": oidc.provider_name()}
        return render(self.request, "accounts/sign_in_error.html", context, status=status)

    def login_success(self) -> HttpResponse:
        response = super().login_success()
        self.request.session["signed_in_with"] = "oidc"
        services.sign_in_record(user=self.user, request=self.request)
        return response


@login_not_required
@require_GET
def oidc_start(request: HttpRequest) -> HttpResponse:
    """The button: off to the provider, or back to the sign-in page saying it is unreachable."""
    if not oidc.enabled():
        raise Http404
    try:
        oidc.discovery()
    except oidc.ProviderUnavailable as error:
        return _login_page_with(request, str(error))
    return _AuthenticationRequestView.as_view()(request)


def _login_page_with(request: HttpRequest, message: str) -> HttpResponse:
    from accounts.views import LoginView

    view = LoginView.as_view(extra_context={"sso_error": message})
    response = view(request)
    response.status_code = 503
    return response


@login_not_required
@require_GET
def oidc_callback(request: HttpRequest) -> HttpResponse:
    if not oidc.enabled():
        raise Http404
    return _CallbackView.as_view()(request)


@second_factor.exempt
@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    """End the portal's session, then the provider's when it offers an end-session endpoint."""
    id_token = request.session.get("oidc_id_token")
    via_provider = request.session.get("signed_in_with") == "oidc"
    response = auth_views.LogoutView.as_view()(request)
    if not (via_provider and oidc.enabled()):
        return response
    try:
        endpoint = oidc.discovery().get("end_session_endpoint")
    except oidc.ProviderUnavailable:
        return response  # signed out of the portal; the provider's session stays
    if not endpoint:
        return response
    params = {
        "client_id": settings.OIDC_RP_CLIENT_ID,
        "post_logout_redirect_uri": request.build_absolute_uri(reverse(settings.LOGIN_URL)),
    }
    if id_token:
        params["id_token_hint"] = id_token
    return HttpResponseRedirect(f"{endpoint}?{urlencode(params)}")
