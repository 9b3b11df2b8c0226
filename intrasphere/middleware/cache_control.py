"""What browsers and proxies may keep of a signed-in person's answers."""

from django.utils.cache import patch_cache_control

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
