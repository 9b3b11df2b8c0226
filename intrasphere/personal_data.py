"""The floor's personal-data rules: its own models and third-party ones (intrasphere.privacy)."""

from django.utils.translation import gettext_noop as _

from intrasphere.privacy import DELETE, KEEP, anonymiser, declare, declare_text

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
    "intrasphere.NotificationPreferences",
    "user",
    export=True,
    on_anonymise=DELETE,
    reason=_("How the person wants to be told (channels, digest, language of emails)."),
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
declare_text(
    "intrasphere.Notification",
    ("message", "params", "target_label"),
    reason=_("Names of the people involved and titles of what they wrote."),
)
declare_text(
    "admin.LogEntry", ("object_repr", "change_message"), reason=_("The changed object's name.")
)
declare_text(
    "post_office.Email",
    ("to", "subject", "message", "html_message"),
    reason=_("Queued and sent mail: address and greeting."),
)


@anonymiser
def notification_params_rewrite(*, user, replacements: list[tuple[str, str]]) -> int:
    """Names in the parameters of notifications (JSON, which `rewrite_text` does not read)."""
    from intrasphere.models import Notification

    def rewrite(value):
        if isinstance(value, str):
            for old, new in replacements:
                value = value.replace(old, new)
        return value

    changed, batch = 0, []
    rows = Notification.objects.exclude(params={}).only("pk", "params")
    for row in rows.iterator(chunk_size=2000):
        params = {key: rewrite(value) for key, value in row.params.items()}
        if params != row.params:
            row.params = params
            batch.append(row)
        if len(batch) >= 500:
            changed += Notification.objects.bulk_update(batch, ["params"])
            batch = []
    if batch:
        changed += Notification.objects.bulk_update(batch, ["params"])
    return changed
