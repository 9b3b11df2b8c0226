"""Cross-cutting request handling."""

import logging
import re
import time
import uuid
from functools import wraps

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.http import QueryDict
from django.utils.cache import patch_cache_control
from django.utils.functional import empty
from django_ratelimit.core import get_usage
from django_ratelimit.exceptions import Ratelimited

from intrasphere.logging import request_id_var, request_line_var
from intrasphere.services import client_ip

EXEMPT_PATHS = ("/healthz", "/readyz", "/metrics", "/api/")
logger = logging.getLogger(__name__)


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Every page needs a signed-in person, except those marked `login_not_required`.

    The REST API is left to its own authentication: it answers 401 in JSON, never a redirect
    to the sign-in page.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class PostRateLimitMiddleware:
    """The general limit: at most RATELIMIT_POST unsafe requests per client (user, else IP).

    The REST API applies its own limits, per token (intrasphere.api.throttles)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in ("GET", "HEAD", "OPTIONS") or request.path.startswith(EXEMPT_PATHS):
            return None
        if getattr(view_func, "signin_limits", False):
            return None  # sign-in has its own limits, on failures (an office shares an address)
        usage = get_usage(
            request,
            group="portal-post",
            key="user_or_ip",
            rate=settings.RATELIMIT_POST,
            increment=True,
        )
        if usage is None or not usage["should_limit"]:
            return None
        if usage["count"] == 0:
            # The counters cannot be read (Redis down): this general limit fails open, so the
            # portal keeps working; the sign-in limits fail closed (intrasphere.views.ratelimited).
            logger.warning("rate-limit cache unreachable: general POST limit not applied")
            return None
        from intrasphere.views import ratelimited

        return ratelimited(request, Ratelimited())


REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")
HEALTH_PATHS = ("/healthz", "/readyz")
request_logger = logging.getLogger("intrasphere.request")


def identity_not_logged(view):
    """The request line of this view is logged without the user's id and address (a page where
    someone may report anonymously: the reporting channel). Other logs are the view's care."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        request.identity_not_logged = True
        return view(request, *args, **kwargs)

    return wrapped


def _user_id(request) -> int | None:
    """The signed-in user's id, without loading the user if nothing else needed it."""
    user = getattr(request, "user", None)
    wrapped = getattr(user, "_wrapped", user)
    if user is None or wrapped is empty:
        return None
    return getattr(wrapped, "pk", None)


class RequestIdMiddleware:
    """Accept a well-formed X-Request-ID (else make one), return it, log one line per request.

    First in MIDDLEWARE, so redirects, rate-limit answers and errors are logged too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if REQUEST_ID_PATTERN.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        line_token = request_line_var.set(f"{request.method} {request.path}")
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            status = response.status_code
            hidden = getattr(request, "identity_not_logged", False)
            level = logging.INFO
            if request.path in HEALTH_PATHS and status == 200:
                level = logging.DEBUG  # probes every few seconds would drown the rest
            request_logger.log(
                level,
                "%s %s %s",
                request.method,
                request.path,
                status,
                extra={
                    "user_id": None if hidden else _user_id(request),
                    "method": request.method,
                    "path": request.path,
                    "status": status,
                    "duration_ms": duration_ms,
                    "client_ip": None if hidden else client_ip(request),
                },
            )
            return response
        finally:
            request_id_var.reset(token)
            request_line_var.reset(line_token)


class HealthCheckMiddleware:
    """Answer /healthz and /readyz before host checks, HTTPS redirects, sessions and limits.

    Load balancers probe by IP over plain HTTP; those probes must not get a 400 or a 301.
    The views stay in the URLconf (intrasphere.health) for reverse() and the matrix.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path in HEALTH_PATHS:
            from intrasphere import health

            view = health.healthz if request.path == "/healthz" else health.readyz
            return view(request)
        return self.get_response(request)


class NullCharacterMiddleware:
    """Drop NUL characters from query-string parameters.

    Search boxes, filters and pagination read request.GET; PostgreSQL refuses NUL in text
    (a DataError, so a 500) and no legitimate link contains one. Forms reject NUL in POST data
    themselves (Django's ProhibitNullCharactersValidator).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "%00" in request.META.get("QUERY_STRING", "") or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)


EXPORT_CONTENT_TYPES = ("text/csv", "application/pdf", "text/calendar")


def is_download(response) -> bool:
    """A file to keep (attachment), or an export (CSV, PDF, calendar) however it is served."""
    disposition = response.get("Content-Disposition", "")
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return disposition.lower().startswith("attachment") or content_type in EXPORT_CONTENT_TYPES


class PrivateCacheMiddleware:
    """Every response to a signed-in request is `Cache-Control: private` (a shared proxy may not
    keep it); downloads and exports are `private, no-store` (not even the browser keeps them).
    Static files never get here: WhiteNoise answers them earlier, with their long public cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return response
        if is_download(response):
            patch_cache_control(response, private=True, no_store=True)
            if "max-age" in response.get("Cache-Control", ""):
                response["Cache-Control"] = "private, no-store"
        else:
            patch_cache_control(response, private=True)
        return response
