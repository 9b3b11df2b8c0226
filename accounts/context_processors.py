"""Whether to show the "Manage" and "My team" entries: computed lazily, only when the nav (or
the header's cache key) reads them."""

from django.utils.functional import SimpleLazyObject

from accounts.permissions import manage_sections
from accounts.selectors import has_team


def manage_nav(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"can_manage": False, "has_team": False}
    return {
        "can_manage": SimpleLazyObject(lambda: any(manage_sections(user).values())),
        "has_team": SimpleLazyObject(lambda: has_team(user=user)),
    }
