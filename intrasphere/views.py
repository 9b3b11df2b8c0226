"""The floor's pages: notifications, the bench's ceiling and floor, error pages. The pages that
compose every domain (dashboard, search) are the roof's (`intrasphere.roof.views`)."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import caches
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intrasphere import selectors, services
from intrasphere.api.errors import is_api_request, problem_response
from intrasphere.forms import NotificationPreferencesForm
from intrasphere.notifications import CATEGORIES
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
    """The notifications grouped by what they are about, the latest activity first."""
    page = paginate(request, selectors.notification_groups(user=request.user))
    groups = selectors.notification_groups_for_page(user=request.user, rows=list(page))
    return render(request, "intrasphere/notification_list.html", {"page": page, "groups": groups})


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
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)d notification marked as read.",
                "%(count)d notifications marked as read.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.info(request, _("You had no unread notifications."))
    return redirect("notifications:list")


def notification_preferences(request: HttpRequest) -> HttpResponse:
    """Per category: in the app, by email at once, in the digest or off; the digest's rhythm."""
    prefs = services.notification_preferences(request.user)
    default = services.notification_default_channel(request.user)
    channels = {category: default for category, _label in CATEGORIES} | prefs.channels
    initial = {"digest": prefs.digest, "language": prefs.language if prefs.pk else get_language()}
    form = NotificationPreferencesForm(request.POST or None, initial=initial, channels=channels)
    if request.method == "POST" and form.is_valid():
        services.notification_preferences_save(
            user=request.user,
            digest=form.cleaned_data["digest"],
            channels=form.channels(),
            language=form.cleaned_data["language"],
        )
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:preferences")
    status = 400 if form.errors else 200
    crumbs = [(_("Notifications"), reverse("notifications:list")), (_("Notification settings"), "")]
    context = {"form": form, "crumbs": crumbs}
    return render(request, "intrasphere/notification_preferences.html", context, status=status)


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
