"""The floor's pages: notifications, the bench's ceiling and floor, error pages. The pages that
compose every domain (dashboard, search) are the roof's (`intrasphere.roof.views`)."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import caches
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intrasphere import selectors, services
from intrasphere.api.errors import is_api_request, problem_response
from intrasphere.pagination import paginate

logger = logging.getLogger(__name__)


def bench_ceiling(request: HttpRequest) -> HttpResponse:
    """The benchmark's ceiling: the smallest signed-in page, through every middleware.

    It exists only where BENCH_CEILING is on (the bench's own server); elsewhere it is a 404.
    """
    if not settings.BENCH_CEILING:
        raise Http404
    return HttpResponse(b"ok", content_type="text/plain")


def bench_floor(request: HttpRequest) -> HttpResponse:
    """The benchmark's floor: an empty page in the portal's layout (header counters, menus).

    No page that renders the layout can be faster; the bench reports it beside the ceiling.
    Like the ceiling, it exists only where BENCH_CEILING is on.
    """
    if not settings.BENCH_CEILING:
        raise Http404
    return render(request, "intrasphere/bench_floor.html")


def notification_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.notification_list(user=request.user))
    return render(request, "intrasphere/notification_list.html", {"page": page})


@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    services.notification_mark_read(user=request.user, notification_id=pk)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")


@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notification_mark_read(user=request.user)
    messages.success(request, _("%(count)d notifications marked as read.") % {"count": count})
    return redirect("notifications:list")


@login_not_required
def privacy_notice(request: HttpRequest) -> HttpResponse:
    """The privacy notice (open to everyone): the administrators' text, or the default one with
    the retention periods read from the settings."""
    return render(request, "intrasphere/privacy.html", {"periods": selectors.privacy_periods()})


def ratelimit_cache_available() -> bool:
    """False when the rate-limit cache (Redis) cannot be reached.

    Its client ignores connection errors and answers None; `add` otherwise answers a bool."""
    return caches[settings.RATELIMIT_USE_CACHE].add("ratelimit-probe", 1, timeout=5) is not None


@login_not_required
def ratelimited(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """429; or, when the counters cannot be read (Redis down), a styled 503: limits fail closed."""
    if not ratelimit_cache_available():
        logger.warning("rate-limit cache unreachable: %s %s refused", request.method, request.path)
        return render(request, "503_ratelimit.html", status=503)
    return render(request, "429.html", status=429)


@login_not_required
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if is_api_request(request):
        return problem_response(403, _("CSRF check failed: send the X-CSRFToken header."))
    return render(request, "403_csrf.html", status=403)
