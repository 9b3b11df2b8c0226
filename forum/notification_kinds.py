"""The notifications the forum sends (intrasphere.notifications)."""

from django.utils.translation import gettext_noop as _

from intrasphere.notifications import register

register("forum.mention", _("%(author)s mentioned you in “%(topic)s”"), category="mentions")
register("forum.topic", _("New topic in %(category)s: “%(topic)s”"), category="forum")
register("forum.reply", _("%(author)s replied to “%(topic)s”"), category="forum")
register("forum.topic_approved", _("Your topic “%(topic)s” was approved."), category="forum")
register(
    "forum.topic_rejected", _("Your topic “%(topic)s” was rejected: %(reason)s"), category="forum"
)
register("forum.post_approved", _("Your reply in “%(topic)s” was approved."), category="forum")
register(
    "forum.post_rejected",
    _("Your reply in “%(topic)s” was rejected: %(reason)s"),
    category="forum",
)
