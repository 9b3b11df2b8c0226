"""Content: what happens to each relation to a person (intrasphere.privacy)."""

from django.utils.translation import gettext_noop as _

from intrasphere.privacy import DELETE, KEEP, declare

PUBLICATION = _("A company publication: it stays, its author shown anonymised.")

for model, field in (
    ("content.Announcement", "author"),
    ("content.Document", "created_by"),
    ("content.DocumentVersion", "uploaded_by"),
    ("content.Event", "organiser"),
    ("content.Page", "author"),
):
    declare(model, field, export=False, on_anonymise=KEEP, reason=PUBLICATION)

for model in ("content.AnnouncementAcknowledgement", "content.DocumentAcknowledgement"):
    declare(
        model,
        "user",
        export=True,
        on_anonymise=KEEP,
        reason=_("Proof that a must-read was acknowledged: kept, anonymised, for compliance."),
    )
declare(
    "content.EventRSVP",
    "user",
    export=True,
    on_anonymise=KEEP,
    reason=_("Kept so that attendance counts stay equal to their rows."),
)
declare(
    "content.CalendarFeedToken",
    "user",
    export=False,
    on_anonymise=DELETE,
    reason=_("A credential: removed with the account's access."),
)
