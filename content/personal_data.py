"""Content: what happens to each relation to a person (intrasphere.privacy)."""

from django.utils.translation import gettext_noop as _

from intrasphere.privacy import DELETE, KEEP, declare, declare_text

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
declare(
    "content.AnnouncementComment",
    "author",
    export=True,
    on_anonymise=KEEP,
    reason=_("The discussion stays readable; the author is shown anonymised."),
)
declare(
    "content.AnnouncementComment",
    "hidden_by",
    export=False,
    on_anonymise=KEEP,
    reason=_("Moderation record; the moderator is shown anonymised."),
)
declare(
    "content.AnnouncementReaction",
    "user",
    export=True,
    on_anonymise=KEEP,
    reason=_("Kept so that reaction counts stay equal to their rows."),
)
declare(
    "content.AnnouncementCommentReport",
    "reporter",
    export=True,
    on_anonymise=KEEP,
    reason=_("Moderation record; the reporter is shown anonymised."),
)
declare(
    "content.AnnouncementCommentReport",
    "handled_by",
    export=False,
    on_anonymise=KEEP,
    reason=_("Moderation record; the moderator is shown anonymised."),
)
declare_text("content.AnnouncementComment", ("content",), reason=_("Mentions of a person."))
