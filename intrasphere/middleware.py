"""Cross-cutting request handling."""

from django.conf import settings
from django_ratelimit.core import is_ratelimited
from django_ratelimit.exceptions import Ratelimited

EXEMPT_PATHS = ("/healthz", "/readyz", "/metrics")


class PostRateLimitMiddleware:
    """The general limit: at most RATELIMIT_POST unsafe requests per client (user, else IP)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in ("GET", "HEAD", "OPTIONS") or request.path.startswith(EXEMPT_PATHS):
            return None
        if is_ratelimited(
            request,
            group="portal-post",
            key="user_or_ip",
            rate=settings.RATELIMIT_POST,
            increment=True,
        ):
            from intrasphere.views import ratelimited

            return ratelimited(request, Ratelimited())
        return None
