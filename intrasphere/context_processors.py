"""Values every page needs: site settings and the header's unread counters."""

from intrasphere.models import SiteSettings
from intrasphere.unread import unread_counts


def portal(request):
    context = {"site": SiteSettings.load()}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        counts = unread_counts(user)
        context["unread_notifications"] = counts.get("notifications", 0)
        context["unread_messages"] = counts.get("messages", 0)
    return context
