"""View guards shared by every app: one decorator per kind of check.

Anonymous users never reach these (LoginRequiredMiddleware sends them to the login page);
an authenticated user without the right gets the styled 403 page.
"""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied


def permission_required(*perms: str) -> Callable:
    """Refuse with 403 unless the user holds every global permission named."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perms(perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def admin_required(view: Callable) -> Callable:
    """Refuse with 403 unless the user is an administrator (superuser)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
