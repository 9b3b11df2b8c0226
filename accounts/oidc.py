"""Company sign-in with OpenID Connect (mozilla-django-oidc): the provider and the backend.

- **Discovery, lazily**: the provider's endpoints come from its discovery document
  (`OIDC_DISCOVERY_URL`), fetched on first use with `OIDC_TIMEOUT`, checked, and kept in the
  process for `OIDC_DISCOVERY_TTL` seconds. Nothing is fetched at start-up, so a provider that
  is down never stops the portal from starting; `ProviderUnavailable` carries a message for the
  sign-in page.
- **The backend** (`OIDCBackend`, in `AUTHENTICATION_BACKENDS`) answers only the callback's
  `authenticate(request, nonce=…, code_verifier=…)`: the library exchanges the code (with the
  PKCE verifier), checks the ID token's signature against the provider's keys and its nonce;
  this class also checks its issuer, audience and expiry, and that the user-info answer is about
  the same subject. It holds no rights (the other backends do) and never fetches anything when
  it is merely instantiated (Django instantiates every backend for each permission check).
- **Who comes in**: the person whose username is the `OIDC_USERNAME_CLAIM` claim (capitals
  ignored), else the one whose address is the provider's *verified* email; a new account only
  with `OIDC_CREATE_USERS`; a deactivated account never. The claims update the person at each
  sign-in (`accounts.services_identity`).
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.core.exceptions import SuspiciousOperation
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

logger = logging.getLogger("intrasphere.oidc")

REQUIRED_KEYS = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
# The library's setting names → the discovery document's keys.
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
# Why the callback refused someone: the key of the message on the error page.
REFUSAL_ATTRIBUTE = "oidc_refusal"

_lock = threading.Lock()
_documents: dict[str, tuple[float, dict[str, Any]]] = {}


class ProviderUnavailable(Exception):
    """The provider's discovery document could not be read or is not usable."""


def enabled() -> bool:
    return bool(settings.OIDC_DISCOVERY_URL and settings.OIDC_RP_CLIENT_ID)


def provider_name() -> str:
    return settings.OIDC_PROVIDER_NAME


def forget_discovery() -> None:
    """Drop the cached documents (tests; a provider that moved)."""
    with _lock:
        _documents.clear()


def discovery() -> dict[str, Any]:
    """The provider's discovery document: fetched on first use, then cached."""
    url = settings.OIDC_DISCOVERY_URL
    now = time.monotonic()
    with _lock:
        cached = _documents.get(url)
    if cached and cached[0] > now:
        return cached[1]
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        logger.warning("OpenID Connect provider unreachable (%s): %s", url, error)
        raise ProviderUnavailable(
            _("The company sign-in service cannot be reached right now. Try again in a moment.")
        ) from error
    missing = [key for key in REQUIRED_KEYS if not document.get(key)]
    if not isinstance(document, dict) or missing:
        logger.error("OpenID Connect discovery document at %s lacks %s", url, missing)
        raise ProviderUnavailable(
            _("The company sign-in service is not configured correctly. Tell your IT team.")
        )
    with _lock:
        _documents[url] = (now + settings.OIDC_DISCOVERY_TTL, document)
    return document


def get_settings(attr: str, *args: Any) -> Any:
    """The library's settings, the provider's endpoints read from the discovery document."""
    if attr in DISCOVERED:
        return discovery().get(DISCOVERED[attr])
    return import_from_settings(attr, *args)


def refuse(request, reason: str) -> None:
    """Tell the callback view why nobody was signed in (its error page says it)."""
    setattr(request, REFUSAL_ATTRIBUTE, reason)


class OIDCBackend(OIDCAuthenticationBackend):
    """The library's backend with lazy endpoints, stricter token checks and our matching."""

    get_settings = staticmethod(get_settings)

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # no fetch, no configuration check
        self.UserModel = get_user_model()
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self) -> str:  # noqa: N802 - the library's attribute names
        return discovery()["token_endpoint"]

    @property
    def OIDC_OP_USER_ENDPOINT(self) -> str:  # noqa: N802
        return discovery().get("userinfo_endpoint", "")

    @property
    def OIDC_OP_JWKS_ENDPOINT(self) -> str:  # noqa: N802
        return discovery()["jwks_uri"]

    # --- Only the callback's call; no rights --------------------------------------------------
    def authenticate(self, request, **kwargs: Any):
        if request is None or not enabled() or "nonce" not in kwargs:
            return None
        return super().authenticate(request, **kwargs)

    get_user = DjangoModelBackend.get_user  # refuses deactivated accounts on every request

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        return set()

    def get_user_permissions(self, user_obj, obj=None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj, obj=None) -> set[str]:
        return set()

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return False

    def has_module_perms(self, user_obj, app_label) -> bool:
        return False

    def with_perm(self, perm, is_active=True, include_superusers=True, obj=None):
        return self.UserModel.objects.none()

    # --- Token checks ------------------------------------------------------------------------
    def _verify_jws(self, payload: bytes, key: Any) -> dict[str, Any]:
        """Signature, algorithm, issuer, audience and expiry (the library checks the first two)."""
        try:
            alg = jwt.get_unverified_header(payload).get("alg")
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation(f"ID token unreadable: {error}") from error
        if alg != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation(f"ID token signed with {alg!r}, not {self.OIDC_RP_SIGN_ALGO}")
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[alg],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=discovery()["issuer"],
                leeway=60,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation(f"ID token refused: {error}") from error

    def get_userinfo(self, access_token: str, id_token: str, payload: dict) -> dict[str, Any]:
        if not self.OIDC_OP_USER_ENDPOINT:
            return payload
        claims = super().get_userinfo(access_token, id_token, payload)
        if claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("user-info answer about another subject")
        # The ID token's claims fill in what the user-info answer leaves out.
        return {**payload, **claims}

    # --- Matching and updating ----------------------------------------------------------------
    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(str(claims.get(settings.OIDC_USERNAME_CLAIM) or "").strip())

    def filter_users_by_claims(self, claims: dict[str, Any]):
        from accounts import services_identity

        return services_identity.users_matching(claims)

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict):
        from accounts import services_identity

        try:
            user = super().get_or_create_user(access_token, id_token, payload)
        except SuspiciousOperation:
            refuse(self.request, "claims")
            raise
        if user is None:
            refuse(self.request, getattr(self.request, REFUSAL_ATTRIBUTE, None) or "unknown")
        elif not user.is_active:
            refuse(self.request, "deactivated")
            services_identity.refusal_record(user=user, request=self.request)
            return None
        return user

    def update_user(self, user, claims: dict[str, Any]):
        from accounts import services_identity

        if not user.is_active:
            return user  # refused by get_or_create_user: nothing a provider says changes it
        return services_identity.user_update_from_claims(
            user=user, claims=claims, request=self.request
        )

    def create_user(self, claims: dict[str, Any]):
        from accounts import services_identity

        user = services_identity.user_create_from_claims(claims=claims, request=self.request)
        if user is None:
            refuse(self.request, "claims")
        return user
