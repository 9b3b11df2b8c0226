"""Whether to show the "Manage" entry: computed lazily, only when the nav reads it."""

from django.utils.functional import SimpleLazyObject

from accounts.permissions import manage_sections


def manage_nav(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"can_manage": False}
    return {"can_manage": SimpleLazyObject(lambda: any(manage_sections(user).values()))}
