"""Every write of the helpdesk: submit, assign, change priority or status, reply, rate, reveal
a confidential submitter.

The status workflow is the TRANSITIONS table below; anything not in it is refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from accounts.selectors_people import mentioned_people
from complaints import permissions
from complaints.models import (
    Complaint,
    ComplaintAttachment,
    ComplaintEvent,
    ComplaintReply,
    SubmitterReveal,
)
from intrasphere.services import audit_record, notification_send
from intrasphere.uploads import validate_upload

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accounts.models import User

Status = Complaint.Status
HANDLER, SUBMITTER, EITHER = "handler", "submitter", "either"

# (from, to) → who may make the change. The submitter's reopening is also limited in time
# (settings.COMPLAINT_REOPEN_DAYS after the resolution).
TRANSITIONS: dict[tuple[str, str], str] = {
    (Status.NEW, Status.IN_PROGRESS): HANDLER,
    (Status.NEW, Status.REJECTED): HANDLER,
    (Status.IN_PROGRESS, Status.WAITING): HANDLER,
    (Status.IN_PROGRESS, Status.RESOLVED): HANDLER,
    (Status.IN_PROGRESS, Status.REJECTED): HANDLER,
    (Status.WAITING, Status.IN_PROGRESS): HANDLER,
    (Status.WAITING, Status.RESOLVED): HANDLER,
    (Status.WAITING, Status.REJECTED): HANDLER,
    (Status.RESOLVED, Status.CLOSED): EITHER,
    (Status.RESOLVED, Status.REOPENED): SUBMITTER,
    (Status.CLOSED, Status.REOPENED): SUBMITTER,
    (Status.REOPENED, Status.IN_PROGRESS): HANDLER,
    (Status.REOPENED, Status.WAITING): HANDLER,
    (Status.REOPENED, Status.RESOLVED): HANDLER,
    (Status.REOPENED, Status.REJECTED): HANDLER,
}

ATTACHMENT_MAX_FILES = 5


def allowed_transitions(*, user: User, complaint: Complaint) -> list[str]:
    """The statuses `user` may move `complaint` to now (what the status form offers)."""
    return [
        to
        for (start, to), who in TRANSITIONS.items()
        if start == complaint.status and _may_transition(user, complaint, to, who)
    ]


def _may_transition(user: User, complaint: Complaint, to: str, who: str) -> bool:
    handler = permissions.can_handle(user, complaint)
    submitter = complaint.submitter_id == user.pk
    if to == Status.REOPENED:
        return permissions.can_reopen(user, complaint)
    if who == HANDLER:
        return handler
    if who == SUBMITTER:
        return submitter
    return handler or submitter


def _participants(complaint: Complaint, *, exclude: User) -> list[User]:
    people = [complaint.submitter, complaint.assignee]
    return [p for p in people if p is not None and p.pk != exclude.pk]


def _notify(
    recipients: Iterable[User],
    *,
    kind: str,
    complaint: Complaint,
    actor: User | None,
    **params: object,
) -> None:
    """Tell `recipients` (never `actor`) about `complaint`: kinds in notification_kinds.py."""
    unique = {user.pk: user for user in recipients if user is not None}
    if unique:
        notification_send(
            recipients=unique.values(),
            kind=kind,
            params={"title": complaint.title, **params},
            target=complaint,
            url=complaint.get_absolute_url(),
            actor=actor,
        )


def _notify_mentions(reply: ComplaintReply) -> None:
    """Tell the colleagues a reply @mentions (resolved only when unique) who may read it: the
    people handling the request, and for a public reply its submitter; never the author."""
    complaint = reply.complaint
    readers = [
        person
        for person in mentioned_people(reply.body, author=reply.author)
        if permissions.can_handle(person, complaint)
        or (not reply.internal and person.pk == complaint.submitter_id)
    ]
    _notify(
        readers,
        kind="complaints.mention",
        complaint=complaint,
        actor=reply.author,
        author=reply.author.name,
    )


def _locked(complaint: Complaint) -> Complaint:
    """The row again, locked until the transaction ends (concurrent changes wait their turn).

    No select_related here: on PostgreSQL a row re-read after waiting for the lock keeps the
    joined rows of the first read, so a joined `assignee` would be stale.
    """
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


@transaction.atomic
def complaint_submit(
    *,
    submitter: User,
    title: str,
    description: str,
    category: str,
    priority: str,
    confidential: bool = False,
    files: Iterable[UploadedFile] = (),
    request: HttpRequest | None = None,
) -> Complaint:
    """File a complaint with its attachments (all validated first: nothing half-saved)."""
    files = list(files)
    if len(files) > ATTACHMENT_MAX_FILES:
        raise ValidationError(
            _("Attach at most %(count)d files.") % {"count": ATTACHMENT_MAX_FILES}
        )
    kinds = [validate_upload(upload) for upload in files]
    complaint = Complaint(
        submitter=submitter,
        title=title,
        description=description,
        category=category,
        priority=priority,
        confidential=confidential,
        due_at=Complaint.sla_due(priority),
    )
    complaint.full_clean()
    complaint.save()
    for upload, kind in zip(files, kinds, strict=True):
        ComplaintAttachment.objects.create(
            complaint=complaint,
            uploaded_by=submitter,
            file=upload,
            original_name=(upload.name or "")[:255],
            extension=kind.extension,
            content_type=kind.content_type,
            size=upload.size,
        )
    ComplaintEvent.objects.create(
        complaint=complaint, actor=submitter, kind=ComplaintEvent.Kind.CREATED, to_value=Status.NEW
    )
    audit_record(
        actor=submitter,
        action="complaints.complaint.submit",
        target=complaint,
        summary=f"{complaint.category}, {complaint.priority}"
        + (", confidential" if confidential else ""),
        request=request,
    )
    return complaint


def pause_clock(complaint: Complaint, now) -> list[str]:
    """Waiting for the submitter: the SLA clock stops (fields changed, for `update_fields`)."""
    if complaint.sla_paused_at is None:
        complaint.sla_paused_at = now
        return ["sla_paused_at"]
    return []


def resume_clock(complaint: Complaint, now) -> list[str]:
    """Back on the clock: the due date moves by the time the clock was paused."""
    if complaint.sla_paused_at is None:
        return []
    paused = max(now - complaint.sla_paused_at, timedelta())
    complaint.sla_paused += paused
    if complaint.due_at is not None:
        complaint.due_at += paused
    complaint.sla_paused_at = None
    return ["sla_paused_at", "sla_paused", "due_at"]


def _event(complaint: Complaint, actor: User, kind: str, previous: str, new: str, comment: str):
    ComplaintEvent.objects.create(
        complaint=complaint,
        actor=actor,
        kind=kind,
        from_value=previous,
        to_value=new,
        comment=comment,
    )


def apply_assign(
    *, actor: User, complaint: Complaint, assignee: User, comment: str, request
) -> None:
    """Give the (locked) complaint to `assignee`: object right, event, audit; no notification."""
    if not permissions.can_handle_complaints(assignee):
        raise ValidationError(
            _(
                "%(name)s cannot handle complaints: only holders of the “manage complaints” right "
                "or administrators can be assigned."
            )
            % {"name": assignee.name}
        )
    if complaint.status in (Status.CLOSED, Status.REJECTED):
        raise ValidationError(_("A closed or rejected complaint cannot be reassigned."))
    previous = complaint.assignee
    if previous is not None and previous.pk == assignee.pk:
        raise ValidationError(
            _("The complaint is already assigned to %(name)s.") % {"name": assignee.name}
        )
    if previous is not None:
        remove_perm(permissions.MANAGE, previous, complaint)
    assign_perm(permissions.MANAGE, assignee, complaint)
    complaint.assignee = assignee
    complaint.save(update_fields=["assignee", "updated_at"])
    _event(
        complaint,
        actor,
        ComplaintEvent.Kind.ASSIGN,
        previous.name if previous else "",
        assignee.name,
        comment,
    )
    audit_record(
        actor=actor,
        action="complaints.complaint.assign",
        target=complaint,
        summary=f"{previous.username if previous else '-'} → {assignee.username}",
        request=request,
    )


@transaction.atomic
def complaint_assign(
    *,
    actor: User,
    complaint: Complaint,
    assignee: User,
    comment: str = "",
    request: HttpRequest | None = None,
) -> Complaint:
    """Give the complaint to someone who can handle complaints; they get the object right."""
    complaint = _locked(complaint)
    permissions.ensure_can_handle(actor, complaint)
    apply_assign(
        actor=actor, complaint=complaint, assignee=assignee, comment=comment, request=request
    )
    if assignee.pk != actor.pk:
        _notify(
            [assignee],
            kind="complaints.assigned",
            complaint=complaint,
            actor=actor,
        )
    return complaint


def apply_priority(
    *, actor: User, complaint: Complaint, priority: str, comment: str, request
) -> None:
    """Change the (locked) complaint's priority; the due date follows the SLA from its creation
    (plus the time its clock was paused)."""
    if priority not in Complaint.Priority.values:
        raise ValidationError(_("Choose a valid priority."))
    if priority == complaint.priority:
        raise ValidationError(_("The complaint already has this priority."))
    previous = complaint.priority
    complaint.priority = priority
    complaint.due_at = Complaint.sla_due(priority, complaint.created_at) + complaint.sla_paused
    complaint.save(update_fields=["priority", "due_at", "updated_at"])
    _event(complaint, actor, ComplaintEvent.Kind.PRIORITY, previous, priority, comment)
    audit_record(
        actor=actor,
        action="complaints.complaint.priority",
        target=complaint,
        summary=f"{previous} → {priority}",
        request=request,
    )


@transaction.atomic
def complaint_set_priority(
    *,
    actor: User,
    complaint: Complaint,
    priority: str,
    comment: str = "",
    request: HttpRequest | None = None,
) -> Complaint:
    """Change the priority; the due date follows the SLA from the complaint's creation."""
    complaint = _locked(complaint)
    permissions.ensure_can_handle(actor, complaint)
    apply_priority(
        actor=actor, complaint=complaint, priority=priority, comment=comment, request=request
    )
    return complaint


def apply_transition(
    *, actor: User, complaint: Complaint, status: str, comment: str, request
) -> None:
    """Move the (locked) complaint along TRANSITIONS: fields, SLA clock, event, audit."""
    previous = complaint.status
    who = TRANSITIONS.get((previous, status))
    if who is None:
        raise ValidationError(
            _("A complaint cannot go from “%(from)s” to “%(to)s”.")
            % {
                "from": Status(previous).label,
                "to": Status(status).label if status in Status.values else status,
            }
        )
    if not _may_transition(actor, complaint, status, who):
        if status == Status.REOPENED and complaint.submitter_id == actor.pk:
            raise ValidationError(_("The period for reopening this complaint has ended."))
        raise ValidationError(_("You may not make this change to the complaint."))
    now = timezone.now()
    complaint.status = status
    fields = ["status", "updated_at"]
    if status == Status.WAITING:
        fields += pause_clock(complaint, now)
    else:
        fields += resume_clock(complaint, now)
    if status == Status.RESOLVED:
        complaint.resolved_at = now
        fields.append("resolved_at")
    elif status in (Status.CLOSED, Status.REJECTED):
        complaint.closed_at = now
        fields.append("closed_at")
    elif status == Status.REOPENED:
        complaint.closed_at = None
        complaint.due_at = Complaint.sla_due(complaint.priority, now)
        fields += ["closed_at", "due_at"]
    complaint.save(update_fields=list(dict.fromkeys(fields)))
    _event(complaint, actor, ComplaintEvent.Kind.STATUS, previous, status, comment)
    audit_record(
        actor=actor,
        action="complaints.complaint.status",
        target=complaint,
        summary=f"{previous} → {status}",
        request=request,
    )


@transaction.atomic
def complaint_transition(
    *,
    actor: User,
    complaint: Complaint,
    status: str,
    comment: str = "",
    request: HttpRequest | None = None,
) -> Complaint:
    """Move the complaint along the workflow; anything outside TRANSITIONS is refused."""
    complaint = _locked(complaint)
    apply_transition(
        actor=actor, complaint=complaint, status=status, comment=comment, request=request
    )
    _notify(
        _participants(complaint, exclude=actor),
        kind="complaints.resolved" if status == Status.RESOLVED else "complaints.status",
        complaint=complaint,
        actor=actor,
        status=str(status),
    )
    return complaint


def apply_reply(
    *, author: User, complaint: Complaint, body: str, internal: bool, request
) -> ComplaintReply:
    """Add a reply or note to the (locked) complaint; no notification but to the colleagues it
    @mentions who may read it (`_notify_mentions`). A submitter answering
    a complaint that waits for them puts it back in progress (and its clock running)."""
    if complaint.status == Status.CLOSED:
        raise ValidationError(_("This complaint is closed: it no longer accepts replies."))
    handler = permissions.can_handle(author, complaint)
    if not handler and complaint.submitter_id != author.pk:
        raise ValidationError(_("You may not reply to this complaint."))
    if internal and not handler:
        raise ValidationError(_("Only the people handling the complaint can add internal notes."))
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write a message."))
    reply = ComplaintReply(complaint=complaint, author=author, body=body, internal=internal)
    reply.full_clean()
    reply.save()
    _notify_mentions(reply)
    complaint.save(update_fields=["updated_at"])
    audit_record(
        actor=author,
        action="complaints.note.add" if internal else "complaints.reply.add",
        target=complaint,
        request=request,
    )
    if not internal and complaint.status == Status.WAITING and complaint.submitter_id == author.pk:
        previous = complaint.status
        complaint.status = Status.IN_PROGRESS
        fields = ["status", "updated_at", *resume_clock(complaint, timezone.now())]
        complaint.save(update_fields=fields)
        _event(
            complaint,
            author,
            ComplaintEvent.Kind.STATUS,
            previous,
            Status.IN_PROGRESS,
            _("The submitter answered."),
        )
        audit_record(
            actor=author,
            action="complaints.complaint.status",
            target=complaint,
            summary=f"{previous} → {Status.IN_PROGRESS} (submitter answered)",
            request=request,
        )
    return reply


@transaction.atomic
def complaint_reply(
    *,
    author: User,
    complaint: Complaint,
    body: str,
    internal: bool = False,
    request: HttpRequest | None = None,
) -> ComplaintReply:
    """A public reply or (handlers only) an internal note; never on a closed complaint.

    A submitter answering a complaint that waits for them puts it back in progress.
    """
    complaint = _locked(complaint)
    reply = apply_reply(
        author=author, complaint=complaint, body=body, internal=internal, request=request
    )
    if internal:
        recipients = [complaint.assignee] if complaint.assignee_id != author.pk else []
        _notify(
            recipients,
            kind="complaints.note",
            complaint=complaint,
            actor=author,
        )
        return reply
    _notify(
        _participants(complaint, exclude=author),
        kind="complaints.reply",
        complaint=complaint,
        actor=author,
    )
    return reply


@transaction.atomic
def complaint_rate(
    *,
    user: User,
    complaint: Complaint,
    rating: int,
    comment: str = "",
    request: HttpRequest | None = None,
) -> Complaint:
    """The submitter's satisfaction (1–5 and a comment), once, after the resolution."""
    complaint = _locked(complaint)
    if not permissions.can_rate(user, complaint):
        raise ValidationError(_("This complaint cannot be rated now."))
    if not 1 <= int(rating) <= 5:
        raise ValidationError(_("The rating goes from 1 to 5."))
    complaint.satisfaction_rating = int(rating)
    complaint.satisfaction_comment = (comment or "").strip()
    complaint.save(update_fields=["satisfaction_rating", "satisfaction_comment", "updated_at"])
    audit_record(
        actor=user,
        action="complaints.complaint.rate",
        target=complaint,
        summary=str(rating),
        request=request,
    )
    if complaint.assignee is not None:
        _notify(
            [complaint.assignee],
            kind="complaints.rated",
            complaint=complaint,
            actor=user,
            rating=complaint.satisfaction_rating,
        )
    return complaint


@transaction.atomic
def complaint_reveal_submitter(
    *,
    actor: User,
    complaint: Complaint,
    manager: User,
    reason: str,
    request: HttpRequest | None = None,
) -> SubmitterReveal:
    """Show a confidential complaint's submitter to one more complaint manager: only the
    assignee or an administrator may, with a reason; kept in the timeline and the audit log."""
    complaint = _locked(complaint)
    if not complaint.confidential:
        raise ValidationError(_("This complaint is not confidential."))
    if not permissions.can_reveal_submitter(actor, complaint):
        raise ValidationError(
            _("Only the assignee or an administrator can reveal who filed this complaint.")
        )
    if not permissions.can_handle_complaints(manager) or not permissions.is_complaint_manager(
        manager
    ):
        raise ValidationError(_("%(name)s is not a complaint manager.") % {"name": manager.name})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the submitter is revealed."))
    if (
        permissions.sees_every_submitter(manager, complaint)
        or complaint.submitter_reveals.filter(revealed_to=manager).exists()
    ):
        raise ValidationError(
            _("%(name)s already sees who filed this complaint.") % {"name": manager.name}
        )
    reveal = SubmitterReveal(
        complaint=complaint, revealed_to=manager, revealed_by=actor, reason=reason
    )
    reveal.full_clean()
    reveal.save()
    ComplaintEvent.objects.create(
        complaint=complaint,
        actor=actor,
        kind=ComplaintEvent.Kind.REVEAL,
        to_value=manager.name,
        comment=reason,
    )
    audit_record(
        actor=actor,
        action="complaints.complaint.reveal_submitter",
        target=complaint,
        summary=f"submitter revealed to {manager.get_username()}: {reason}",
        request=request,
    )
    _notify(
        [manager],
        kind="complaints.revealed",
        complaint=complaint,
        actor=actor,
    )
    return reveal
