"""The floor's personal-data rules: its own models and third-party ones (intrasphere.privacy)."""

from django.utils.translation import gettext_noop as _

from intrasphere.privacy import DELETE, KEEP, declare, declare_text

declare(
    "intrasphere.AuditLog",
    "actor",
    export=True,
    on_anonymise=KEEP,
    reason=_(
        "Record of sensitive actions, kept for its retention period; the actor's name is "
        "replaced by the anonymised identity."
    ),
)
declare(
    "intrasphere.Notification",
    "recipient",
    export=True,
    on_anonymise=DELETE,
    reason=_("Only useful to the person notified."),
)
declare(
    "admin.LogEntry",
    "user",
    export=False,
    on_anonymise=KEEP,
    reason=_("Django admin history of an administrator's changes; the name is rewritten."),
)
declare(
    "guardian.UserObjectPermission",
    "user",
    export=True,
    on_anonymise=DELETE,
    reason=_("A right on one object: meaningless once the person has left."),
)
declare_text(
    "intrasphere.AuditLog",
    ("actor_label", "target_label", "summary"),
    reason=_("Who did what: names, usernames and old values in summaries."),
)
declare_text("intrasphere.Notification", ("message",), reason=_("Names of the people involved."))
declare_text(
    "admin.LogEntry", ("object_repr", "change_message"), reason=_("The changed object's name.")
)
declare_text(
    "post_office.Email",
    ("to", "subject", "message", "html_message"),
    reason=_("Queued and sent mail: address and greeting."),
)
