"""Helpdesk: what happens to each relation to a person (intrasphere.privacy)."""

from datetime import datetime
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_noop as _

from intrasphere.privacy import CLEAR, DELETE, KEEP, declare, declare_text, exporter
from intrasphere.retention import cutoff, delete_in_batches, purger

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
# The reporting channel (/concerns/): an anonymous report has no link to declare at all.
declare(
    "complaints.Concern",
    "reporter",
    export=True,
    on_anonymise=CLEAR,
    reason=_(
        "A report made by name: the reporter's own; on anonymisation the report stays "
        "without the link. Anonymous reports store no link."
    ),
    private_fields=("secret_hash",),
)
declare(
    "complaints.ConcernMessage",
    "author",
    export=False,
    on_anonymise=KEEP,
    reason=_("Handling record of a report; the handler is anonymised."),
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


@exporter
def report_timelines(*, user):
    """What the reporter of a report made by name sees of it (never internal notes)."""
    from complaints.models import ConcernMessage

    rows = (
        ConcernMessage.objects.filter(
            concern__reporter=user, kind__in=ConcernMessage.VISIBLE_TO_REPORTER
        )
        .order_by("pk")
        .values("id", "concern_id", "kind", "body", "status", "created_at")
    )
    yield "complaints.report_messages", rows.iterator(chunk_size=500)


@purger("reports closed without action")
def purge_closed_concerns(*, now: datetime) -> int:
    """Reports of /concerns/ closed without action, past `REPORTING_CLOSED_NO_ACTION_DAYS`
    after their closing, go with their timeline. Those closed after follow-up stay."""
    from complaints.models import Concern

    before = cutoff(settings.REPORTING_CLOSED_NO_ACTION_DAYS, now)
    if before is None:
        return 0
    return delete_in_batches(
        Concern.objects.filter(status=Concern.Status.CLOSED_NO_ACTION, closed_at__lt=before)
    )


@purger("closed requests")
def purge_closed_requests(*, now: datetime) -> int:
    """Helpdesk requests resolved, closed or rejected with no activity for
    `PRIVACY_CLOSED_REQUEST_DAYS` go with their replies, timeline and files (0: kept)."""
    from complaints.models import Complaint, ComplaintAttachment

    before = cutoff(settings.PRIVACY_CLOSED_REQUEST_DAYS, now)
    if before is None:
        return 0
    expired = Complaint.objects.filter(status__in=Complaint.DONE_STATUSES, updated_at__lt=before)
    deleted = 0
    while ids := list(expired.order_by().values_list("pk", flat=True)[:500]):
        files = list(
            ComplaintAttachment.objects.filter(complaint__in=ids).values_list("file", flat=True)
        )
        Complaint.objects.filter(pk__in=ids).delete()
        # The files go once the deletion is saved (a dry run rolls back: they stay).
        transaction.on_commit(partial(_delete_files, [name for name in files if name]))
        deleted += len(ids)
    return deleted


def _delete_files(names: list[str]) -> None:
    from complaints.models import ComplaintAttachment

    storage = ComplaintAttachment._meta.get_field("file").storage
    for name in names:
        storage.delete(name)


declare(
    "complaints.SavedFilter",
    "user",
    export=True,
    on_anonymise=DELETE,
    reason=_("A person's own shortcut to a list: meaningless once they have left."),
)
