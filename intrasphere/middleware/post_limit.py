"""The general limit on unsafe requests (POST, PUT, PATCH, DELETE) per client."""

import logging

from django.conf import settings
from django_ratelimit.core import get_usage
from django_ratelimit.exceptions import Ratelimited

EXEMPT_PATHS = ("/healthz", "/readyz", "/metrics", "/api/")
logger = logging.getLogger(__name__)


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
