"""What a token may do, whatever its owner's rights: read-only tokens only read."""

from rest_framework.permissions import SAFE_METHODS, BasePermission


class TokenScope(BasePermission):
    message = "This token is read-only."

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return not getattr(request.auth, "read_only", False)
