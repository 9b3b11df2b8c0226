"""The notifications accounts sends (intrasphere.notifications): messages and rights."""

from django.utils.translation import gettext_noop as _

from intrasphere.notifications import register, translated


def _right_labels() -> dict:
    from accounts.permissions import DELEGABLE_RIGHTS

    return {right.perm: right.label for right in DELEGABLE_RIGHTS}


RIGHT = {"right": translated(_right_labels)}

register("accounts.message", _("New message from %(name)s: %(subject)s"), category="messages")
register("accounts.right_granted", _("You were given the right “%(right)s”."), values=RIGHT)
register(
    "accounts.right_granted_on",
    _("You were given the right “%(right)s” on %(object)s."),
    values=RIGHT,
)
register("accounts.right_revoked", _("Your right “%(right)s” was withdrawn."), values=RIGHT)
register(
    "accounts.right_revoked_on",
    _("Your right “%(right)s” on %(object)s was withdrawn."),
    values=RIGHT,
)
register("accounts.team_reminder", _("%(manager)s reminds you of: %(items)s"))
register(
    "accounts.team_reminder_more", _("%(manager)s reminds you of: %(items)s and %(count)s more")
)
