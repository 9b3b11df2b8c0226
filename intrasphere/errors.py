"""Styled error pages; each renders with the base layout (500 and 503 without a database)."""

import sys

from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from intrasphere.api.errors import is_api_request, problem_response


@login_not_required
def bad_request(request, exception=None):
    if is_api_request(request):
        return problem_response(400)
    return render(request, "400.html", status=400)


@login_not_required
def permission_denied(request, exception=None):
    if is_api_request(request):
        return problem_response(403)
    return render(request, "403.html", status=403)


@login_not_required
def page_not_found(request, exception=None):
    if is_api_request(request):
        return problem_response(404)
    return render(request, "404.html", status=404)


@login_not_required
def server_error(request):
    """500, or the styled 503 when the database is unreachable (PostgreSQL restarting…).

    Django calls this handler for an uncaught exception from any view or middleware, while that
    exception is being handled, so one place covers session loading, views and templates.
    Nothing here touches the database; CONN_HEALTH_CHECKS replaces the broken connection on the
    next request, so the portal serves again without a restart once the database is back.
    """
    # No context processors: the database may be the reason we are here.
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        if is_api_request(request):
            response = problem_response(503)
        else:
            response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "30"
        return response
    if is_api_request(request):
        return problem_response(500)
    return HttpResponseServerError(loader.get_template("500.html").render())
