"""File bytes for API callers (a token or a session): the page's own download view, called
once the API has authenticated the caller.

The page view reads with its app's selector, checks with its predicates and answers through
`intrasphere.media.protected_file_response` (a signed redirect, X-Accel-Redirect or the
stream): what the caller may not see is a 404 there, and the API's error shape here. No rule is
written twice: the route only swaps the session for the API's authentication.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.views import APIView

FILE_RESPONSES = {
    (200, "application/octet-stream"): OpenApiResponse(
        OpenApiTypes.BINARY, description="the file (or a redirect to a short-lived signed URL)"
    ),
    (302, "application/octet-stream"): OpenApiResponse(
        description="a redirect to the file in object storage, or to a resource's address"
    ),
}


class PageFileView(APIView):
    """`GET` the file's bytes, with the rights of the page's download: 404 for what you may
    not see."""

    # The page's download view, `page_view(request, **kwargs)`, given to `as_view`.

    page_view: Callable[..., HttpResponse] | None = None

    def perform_content_negotiation(self, request: Request, force: bool = False):
        # The answer is the file, whatever type the client says it accepts; errors are JSON.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(responses=FILE_RESPONSES)
    def get(self, request: Request, **kwargs) -> HttpResponse:
        django_request: HttpRequest = request._request  # its user is the API's caller
        return self.page_view(django_request, **kwargs)
