"""The request id and one log line per request (`intrasphere.request`)."""

import logging
import re
import time
import uuid
from functools import wraps

from django.utils.functional import empty

from intrasphere.logging import request_id_var, request_line_var
from intrasphere.middleware.probes import HEALTH_PATHS
from intrasphere.services import client_ip

REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")
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
