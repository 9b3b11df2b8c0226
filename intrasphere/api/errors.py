"""One JSON error shape for every API answer that is not a success (RFC 9457 problem details).

    {"type": "validation_error", "title": "Invalid input.", "status": 400,
     "detail": "…", "errors": {"field": ["message", …]}}

`type` is a stable machine name a client can branch on; `title` and `detail` are for people
(translated); `errors` appears on 400s only, one list of messages per field
(`non_field_errors` for the whole body).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"

TYPES: dict[int, tuple[str, Any]] = {
    400: ("validation_error", lambda: _("Invalid input.")),
    401: ("not_authenticated", lambda: _("Authentication required.")),
    403: ("permission_denied", lambda: _("You do not have permission to do this.")),
    404: ("not_found", lambda: _("Not found.")),
    405: ("method_not_allowed", lambda: _("Method not allowed.")),
    406: ("not_acceptable", lambda: _("Not acceptable.")),
    409: ("conflict", lambda: _("Conflict.")),
    413: ("too_large", lambda: _("Request too large.")),
    415: ("unsupported_media_type", lambda: _("Unsupported media type.")),
    429: ("throttled", lambda: _("Too many requests.")),
    500: ("server_error", lambda: _("Server error.")),
    503: ("unavailable", lambda: _("Temporarily unavailable: try again shortly.")),
}


def problem(status_code: int, detail: str = "", errors: dict | None = None) -> dict[str, Any]:
    kind, title = TYPES.get(status_code, ("error", lambda: _("Error.")))
    body: dict[str, Any] = {
        "type": kind,
        "title": str(title()),
        "status": status_code,
        "detail": detail or str(title()),
    }
    if errors is not None:
        body["errors"] = errors
    return body


def _field_errors(data: Any) -> dict[str, list[str]]:
    """DRF's nested error lists flattened to {field: [messages]} ("items.0.name" for nesting)."""
    if isinstance(data, list):
        return {"non_field_errors": [str(item) for item in data]}
    flat: dict[str, list[str]] = {}
    for field, messages in data.items():
        if isinstance(messages, dict):
            for inner, inner_messages in _field_errors(messages).items():
                flat[f"{field}.{inner}"] = inner_messages
        elif isinstance(messages, list) and messages and isinstance(messages[0], dict):
            for index, item in enumerate(messages):
                for inner, inner_messages in _field_errors(item).items():
                    flat[f"{field}.{index}.{inner}"] = inner_messages
        else:
            items = messages if isinstance(messages, list) else [messages]
            flat[field] = [str(item) for item in items]
    return flat


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's handler (it sets WWW-Authenticate and Retry-After), answers reshaped."""
    if isinstance(exc, DjangoValidationError):  # a service refused: the same 400 as a form's
        exc = exceptions.ValidationError(
            {
                ("non_field_errors" if field == "__all__" else field): messages
                for field, messages in exc.message_dict.items()
            }
            if hasattr(exc, "error_dict")
            else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        body = problem(
            status.HTTP_400_BAD_REQUEST,
            _("Some fields are not valid."),
            _field_errors(response.data),
        )
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        body = problem(response.status_code, str(detail))
    response.data = body
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


def problem_response(status_code: int, detail: str = "") -> JsonResponse:
    """For answers made outside DRF (Django's 404/500 handlers, CSRF failures) under /api/."""
    return JsonResponse(
        problem(status_code, detail), status=status_code, content_type=PROBLEM_CONTENT_TYPE
    )


def is_api_request(request) -> bool:
    return request.path_info.startswith("/api/")
