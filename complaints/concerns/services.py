"""Every write of the reporting channel: submit, the reporter's messages, handlers' answers,
notes and status changes. Each is one transaction with its audit entry.

An anonymous report leaves no trace of its reporter: the row has no link to the account, the
audit entry has no actor and no address, the notification names nobody, and the views are
logged without the user's id and address (`intrasphere.middleware.request_log.identity_not_logged`).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.concerns.permissions import can_handle_concerns
from complaints.concerns.selectors import concern_handlers
from complaints.models import Concern, ConcernMessage
from intrasphere.services import audit_record, notification_send

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accounts.models import User

Status = Concern.Status
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read back by people

# Which status may follow which (handlers only). Closing is final.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.RECEIVED: (Status.IN_REVIEW, Status.FOLLOW_UP, Status.CLOSED_NO_ACTION),
    Status.IN_REVIEW: (Status.FOLLOW_UP, Status.CLOSED_NO_ACTION),
    Status.FOLLOW_UP: (Status.CLOSED,),
    Status.CLOSED_NO_ACTION: (),
    Status.CLOSED: (),
}


@dataclass(frozen=True)
class Receipt:
    """What the reporter is shown once: the code and the secret (only its hash is kept)."""

    concern: Concern
    code: str
    secret: str


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _notify_handlers(concern: Concern, kind: str, *, exclude: User | None = None) -> None:
    """Tell the report's handlers (kinds in complaints/notification_kinds.py); never who the
    reporter is."""
    handlers = [h for h in concern_handlers() if exclude is None or h.pk != exclude.pk]
    if handlers:
        notification_send(
            recipients=handlers,
            kind=kind,
            params={"code": concern.code},
            url=concern.get_absolute_url(),
        )


def concern_submit(
    *,
    reporter: User,
    subject: str,
    description: str,
    anonymous: bool,
    request: HttpRequest | None = None,
) -> Receipt:
    """Record a report; anonymous: nothing links it to `reporter` (no account, no address)."""
    secret = secrets.token_urlsafe(18)
    concern = Concern(
        secret_hash=make_password(secret),
        reporter=None if anonymous else reporter,
        anonymous=anonymous,
        subject=subject,
        description=description,
    )
    for _attempt in range(5):
        concern.code = _new_code()
        concern.full_clean(exclude=["code"])
        try:
            with transaction.atomic():
                concern.save()
                audit_record(
                    actor=None if anonymous else reporter,
                    action="complaints.concern.submit",
                    target=concern,
                    summary="anonymous report" if anonymous else "report by name",
                    request=None if anonymous else request,
                )
                _notify_handlers(concern, "complaints.concern_received")
        except IntegrityError:  # a code already taken: draw another
            concern.pk = None
            continue
        return Receipt(concern=concern, code=concern.code, secret=secret)
    raise ValidationError(_("The report could not be recorded: please try again."))


def _locked(concern: Concern) -> Concern:
    return Concern.objects.select_for_update().get(pk=concern.pk)


def _handler_acted(concern: Concern, now: datetime, *, visible: bool) -> list[str]:
    """The deadlines a handler's visible act meets: the first acknowledges, a later one gives
    feedback. Fields changed."""
    if not visible:
        return []
    if concern.acknowledged_at is None:
        concern.acknowledged_at = now
        return ["acknowledged_at"]
    if concern.feedback_at is None:
        concern.feedback_at = now
        return ["feedback_at"]
    return []


@transaction.atomic
def concern_reporter_message(*, concern: Concern, body: str) -> ConcernMessage:
    """A message of the reporter through the follow-up page: linked to no account."""
    concern = _locked(concern)
    if not concern.is_open:
        raise ValidationError(_("This report is closed: it no longer accepts messages."))
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write a message."))
    message = ConcernMessage.objects.create(
        concern=concern, kind=ConcernMessage.Kind.REPORTER, body=body
    )
    audit_record(actor=None, action="complaints.concern.reporter_message", target=concern)
    _notify_handlers(concern, "complaints.concern_message")
    return message


@transaction.atomic
def concern_answer(
    *,
    actor: User,
    concern: Concern,
    body: str,
    internal: bool = False,
    request: HttpRequest | None = None,
) -> ConcernMessage:
    """A handler's answer to the reporter (it acknowledges, then gives feedback) or an
    internal note (handlers only; it meets no deadline)."""
    if not can_handle_concerns(actor):
        raise ValidationError(_("Only the people handling reports can answer them."))
    concern = _locked(concern)
    if not concern.is_open:
        raise ValidationError(_("This report is closed: it no longer accepts messages."))
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write a message."))
    now = timezone.now()
    kind = ConcernMessage.Kind.NOTE if internal else ConcernMessage.Kind.ANSWER
    message = ConcernMessage.objects.create(
        concern=concern, kind=kind, author=actor, body=body, created_at=now
    )
    fields = _handler_acted(concern, now, visible=not internal)
    if fields:
        concern.save(update_fields=fields)
    audit_record(
        actor=actor,
        action="complaints.concern.note" if internal else "complaints.concern.answer",
        target=concern,
        request=request,
    )
    return message


def allowed_statuses(concern: Concern) -> tuple[str, ...]:
    return TRANSITIONS.get(concern.status, ())


@transaction.atomic
def concern_set_status(
    *,
    actor: User,
    concern: Concern,
    status: str,
    comment: str = "",
    request: HttpRequest | None = None,
) -> Concern:
    """Move a report along: review, follow-up, closing (with or without action). Moving it
    acknowledges it; a later move, or closing, gives feedback. The reporter sees the change
    and its comment."""
    if not can_handle_concerns(actor):
        raise ValidationError(_("Only the people handling reports can change them."))
    concern = _locked(concern)
    if status not in allowed_statuses(concern):
        raise ValidationError(
            _("A report that is “%(from)s” cannot become “%(to)s”.")
            % {
                "from": Status(concern.status).label,
                "to": Status(status).label if status in Status.values else status,
            }
        )
    now = timezone.now()
    previous = concern.status
    concern.status = status
    fields = ["status", *_handler_acted(concern, now, visible=True)]
    if status in Concern.CLOSED_STATUSES:
        concern.closed_at = now
        fields.append("closed_at")
        if concern.feedback_at is None:
            concern.feedback_at = now
            fields.append("feedback_at")
    concern.save(update_fields=sorted(set(fields)))
    ConcernMessage.objects.create(
        concern=concern,
        kind=ConcernMessage.Kind.STATUS,
        author=actor,
        body=(comment or "").strip(),
        status=status,
        created_at=now,
    )
    audit_record(
        actor=actor,
        action="complaints.concern.status",
        target=concern,
        summary=f"{previous} → {status}",
        request=request,
    )
    return concern
