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
register("complaints.mention", _("%(author)s mentioned you in “%(title)s”"), category="mentions")
register("complaints.rated", _("“%(title)s” was rated %(rating)d/5"), category=HELPDESK)
register("complaints.revealed", _("You may now see who filed “%(title)s”."), category=HELPDESK)


def _changes(changes) -> str:
    """The update panel's changes, stored as [field, value] codes, in the reader's language."""
    from django.utils.translation import gettext

    from complaints.models import Complaint

    choices = {
        "status": dict(Complaint.Status.choices),
        "priority": dict(Complaint.Priority.choices),
        "category": dict(Complaint.Category.choices),
    }
    said = {
        "reply": _("new reply"),
        "note": _("internal note"),
        "status": _("status: %(value)s"),
        "priority": _("priority: %(value)s"),
        "category": _("category: %(value)s"),
        "assignee": _("assigned to %(name)s"),
    }
    words = []
    for field, value in changes:
        label = str(choices.get(field, {}).get(value, value))
        words.append(gettext(said.get(field, "%(value)s")) % {"value": label, "name": value})
    return ", ".join(words)


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
