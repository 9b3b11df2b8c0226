"""Values every page needs: site settings and the header's unread counters."""

from intrasphere.models import SiteSettings


def portal(request):
    context = {"site": SiteSettings.load()}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from intrasphere.unread import unread_counts

        counts = unread_counts(user)
        context["unread_notifications"] = counts["notifications"]
        context["unread_messages"] = counts["messages"]
    return context
