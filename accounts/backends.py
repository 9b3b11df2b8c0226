"""Rights that come with a role. Admins are superusers; moderators moderate by default."""

from django.contrib.auth.backends import BaseBackend

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "moderator": frozenset({"forum.validate_topics", "forum.validate_posts"}),
}


class RoleBackend(BaseBackend):
    """Global permissions implied by `user.role` (object-level rights come from guardian)."""

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if obj is not None or not user_obj.is_active or user_obj.is_anonymous:
            return set()
        return set(ROLE_PERMISSIONS.get(getattr(user_obj, "role", ""), ()))

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return perm in self.get_all_permissions(user_obj, obj)
