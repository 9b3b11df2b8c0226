"""Helpdesk: what happens to each relation to a person (intrasphere.privacy)."""

from django.utils.translation import gettext_noop as _

from intrasphere.privacy import DELETE, KEEP, declare, declare_text, exporter

RECORD = _("The company's record of the request; the person is shown anonymised.")

declare("complaints.Complaint", "submitter", export=True, on_anonymise=KEEP, reason=RECORD)
declare(
    "complaints.ComplaintReply",
    "author",
    export=True,
    on_anonymise=KEEP,
    reason=RECORD,
    only={"internal": False},
)
declare(
    "complaints.ComplaintAttachment",
    "uploaded_by",
    export=True,
    on_anonymise=KEEP,
    reason=RECORD,
)
for model, field in (
    ("complaints.Complaint", "assignee"),
    ("complaints.ComplaintEvent", "actor"),
    ("complaints.SubmitterReveal", "revealed_to"),
    ("complaints.SubmitterReveal", "revealed_by"),
    ("complaints.SavedReply", "updated_by"),
):
    declare(
        model,
        field,
        export=False,
        on_anonymise=KEEP,
        reason=_("Handling record of other people's requests; the handler is anonymised."),
    )
declare(
    "complaints.ComplaintUserObjectPermission",
    "user",
    export=False,
    on_anonymise=DELETE,
    reason=_("A right to handle one request: meaningless once the person has left."),
)
declare_text(
    "complaints.ComplaintEvent",
    ("from_value", "to_value", "comment"),
    reason=_("The timeline names assignees."),
)


@exporter
def public_replies(*, user):
    """The public replies others wrote on the person's own requests (never internal notes)."""
    from complaints.models import ComplaintReply

    rows = (
        ComplaintReply.objects.filter(complaint__submitter=user, internal=False)
        .exclude(author=user)
        .order_by("pk")
        .values("id", "complaint_id", "body", "created_at")
    )
    yield "complaints.replies_received", rows.iterator(chunk_size=500)


declare(
    "complaints.SavedFilter",
    "user",
    export=True,
    on_anonymise=DELETE,
    reason=_("A person's own shortcut to a list: meaningless once they have left."),
)
