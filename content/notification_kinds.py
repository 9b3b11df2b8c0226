"""The notifications content sends (intrasphere.notifications): must-reads."""

from django.utils.translation import gettext_noop as _

from intrasphere.notifications import register

register("content.must_read", _("Must read: %(title)s"), category="must_reads")
register(
    "content.must_read_reminder", _("Reminder: please read “%(title)s”"), category="must_reads"
)
register("content.announcement_comment", _("%(name)s commented on “%(title)s”"))
register("content.mention", _("%(author)s mentioned you in “%(title)s”"), category="mentions")
