"""Values every page needs: site settings and the header's unread counters."""

from intrasphere.models import SiteSettings


def portal(request):
    context = {"site": SiteSettings.load()}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["unread_notifications"] = user.notifications.filter(read_at__isnull=True).count()
        from intrasphere.selectors import unread_message_count

        context["unread_messages"] = unread_message_count(user)
    return context
