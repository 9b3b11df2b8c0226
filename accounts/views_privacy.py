"""A person's own data (/accounts/my-data/): the page and the zip download (GDPR Art. 15/20)."""

from __future__ import annotations

import tempfile

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from accounts.services_privacy import person_export


def _export_rate(group: str, request: HttpRequest) -> str:
    return settings.RATELIMIT_EXPORT


def zip_response(*, actor, user, reason: str, request: HttpRequest) -> HttpResponse | None:
    """The person's zip as a download, built in a temporary file (bounded memory); None when an
    export of this person is already being built."""
    lock = f"privacy-export:{user.pk}"
    if not cache.add(lock, 1, 600):
        return None
    try:
        # Closed by the FileResponse once sent; on disk past 8 MB.
        target = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
        person_export(actor=actor, user=user, target=target, reason=reason, request=request)
        target.seek(0)
    finally:
        cache.delete(lock)
    name = f"personal-data-{user.pk}-{timezone.now():%Y%m%d}.zip"
    return FileResponse(target, as_attachment=True, filename=name, content_type="application/zip")


@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate=_export_rate, method="POST", block=True, group="privacy-export")
def my_data(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        response = zip_response(actor=request.user, user=request.user, reason="", request=request)
        if response is not None:
            return response
        messages.error(request, _("Your export is already being built: try again in a minute."))
        return redirect("accounts:my_data")
    return render(request, "accounts/my_data.html")
