"""The reporting channel's legal deadlines (Directive (EU) 2019/1937; France: loi 2022-401).

A confidential complaint is a report: its submitter must get an acknowledgement within
`REPORTING_ACKNOWLEDGE_DAYS` (7) and feedback on what was done within
`REPORTING_FEEDBACK_DAYS` (90, three months). The acknowledgement is the first thing a handler
does that the submitter sees (a public reply, a status change, an assignment); the feedback is a
later public reply from a handler, or the report's resolution, closing or rejection.
Computed from the replies and timeline the page already reads: no query of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.models import Complaint, ComplaintEvent, ComplaintReply

HANDLER_EVENTS = (ComplaintEvent.Kind.STATUS, ComplaintEvent.Kind.ASSIGN)


@dataclass(frozen=True)
class Deadline:
    label: str
    due: datetime
    done_at: datetime | None
    now: datetime

    @property
    def overdue(self) -> bool:
        return self.done_at is None and self.due < self.now

    @property
    def late(self) -> bool:
        """Met, but after the deadline."""
        return self.done_at is not None and self.done_at > self.due


def applies(complaint: Complaint) -> bool:
    return complaint.confidential


def reporting_deadlines(
    *,
    complaint: Complaint,
    replies: Iterable[ComplaintReply],
    events: Iterable[ComplaintEvent],
    now: datetime | None = None,
) -> list[Deadline] | None:
    """The acknowledgement and feedback deadlines of a report; None for other complaints."""
    if not applies(complaint):
        return None
    now = now or timezone.now()
    submitter = complaint.submitter_id
    answers = sorted(
        reply.created_at for reply in replies if not reply.internal and reply.author_id != submitter
    )
    actions = [
        event.created_at
        for event in events
        if event.kind in HANDLER_EVENTS and event.actor_id not in (None, submitter)
    ]
    acknowledged = min([*answers, *actions], default=None)
    finished = None
    if complaint.status in Complaint.DONE_STATUSES:
        finished = complaint.resolved_at or complaint.closed_at or complaint.updated_at
    later = [moment for moment in answers if acknowledged and moment > acknowledged]
    feedback = min([*later, *([finished] if finished else [])], default=None)
    start = complaint.created_at
    return [
        Deadline(
            _("Acknowledgement"),
            start + timedelta(days=settings.REPORTING_ACKNOWLEDGE_DAYS),
            acknowledged,
            now,
        ),
        Deadline(
            _("Feedback on the follow-up"),
            start + timedelta(days=settings.REPORTING_FEEDBACK_DAYS),
            feedback,
            now,
        ),
    ]
