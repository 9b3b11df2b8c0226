"""The header's "Manage" and "My team" entries. "Manage" is one function of the viewer's rights
(`intrasphere.manage_links.can_manage`), under a name no page's context uses, so a page's own
`can_manage` flag never decides it. Both are lazy: computed when the header's cache key reads
them."""

from django.utils.functional import SimpleLazyObject

from accounts.selectors import has_team
from intrasphere.manage_links import can_manage


def manage_nav(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_manage": False, "has_team": False}
    return {
        "nav_manage": SimpleLazyObject(lambda: can_manage(user)),
        "has_team": SimpleLazyObject(lambda: has_team(user=user)),
    }
