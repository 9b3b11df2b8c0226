"""The notifications the helpdesk sends (intrasphere.notifications)."""

from django.utils.translation import gettext_noop as _

from intrasphere.notifications import register, translated


def _status_labels() -> dict:
    from complaints.models import Complaint

    return dict(Complaint.Status.choices)


STATUS = {"status": translated(_status_labels)}
HELPDESK = "helpdesk"

register("complaints.assigned", _("Complaint assigned to you: %(title)s"), category=HELPDESK)
register(
    "complaints.status",
    _("Complaint “%(title)s” is now %(status)s."),
    category=HELPDESK,
    values=STATUS,
)
register(
    "complaints.resolved",
    (_("Complaint “%(title)s” is now %(status)s."), _("Tell us how satisfied you are.")),
    category=HELPDESK,
    values=STATUS,
)
register("complaints.note", _("Internal note on “%(title)s”"), category=HELPDESK)
register("complaints.reply", _("New reply on “%(title)s”"), category=HELPDESK)
register("complaints.rated", _("“%(title)s” was rated %(rating)d/5"), category=HELPDESK)
register("complaints.revealed", _("You may now see who filed “%(title)s”."), category=HELPDESK)


def _changes(codes) -> str:
    """The update panel's changes (stored as codes) in the reader's language."""
    from django.utils.translation import gettext

    labels = {
        "reply": _("new reply"),
        "note": _("internal note"),
        "category": _("category"),
        "priority": _("priority"),
        "assignee": _("assignee"),
        "status": _("status"),
    }
    return ", ".join(gettext(labels.get(code, code)) for code in codes)


register(
    "complaints.updated",
    _("“%(title)s” was updated: %(changes)s."),
    category=HELPDESK,
    values={"changes": _changes},
)

register(
    "complaints.concern_received",
    _("A new report was received on the reporting channel (%(code)s)."),
)
register("complaints.concern_message", _("The reporter of %(code)s sent a message."))
