"""Who may call an endpoint: the pages' guards (`intrasphere.permissions`), for DRF views.

`TokenScope` applies everywhere (settings): read-only tokens only read. The others are given
per view; the finer rules (this object, this scope) stay in each app's `permissions.py`.
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission


class TokenScope(BasePermission):
    message = "This token is read-only."

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return not getattr(request.auth, "read_only", False)


class IsAdministrator(BasePermission):
    """As `admin_required` on the pages."""

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_superuser)


class HoldsPermissions(BasePermission):
    """Every global permission of `perms` (a subclass per view, made by `holds`)."""

    perms: tuple[str, ...] = ()

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.has_perms(self.perms))


def holds(*perms: str) -> type[BasePermission]:
    """As `permission_required(*perms)` on the pages: every global permission named.

    It runs when the views are imported, before mutmut switches a mutant on: the check itself
    is `HoldsPermissions.has_permission`, called at each request (docs/testing.md)."""
    name = f"Holds({', '.join(perms)})"  # pragma: no mutate
    return type(name, (HoldsPermissions,), {"perms": perms})  # pragma: no mutate


def signed_in_and(*extra: type[BasePermission]) -> list[type[BasePermission]]:
    """The default checks (signed in, token scope) followed by a view's own."""
    from rest_framework.permissions import IsAuthenticated

    return [IsAuthenticated, TokenScope, *extra]
