"""What the dashboard shows of trainings: the viewer's registrations, obligations and completion.

The dashboard (the roof, `intrasphere.roof.dashboard`) composes these panels; nothing here
depends on another domain.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from intrasphere import caching
from training.models import Participant
from training.permissions import can_manage_all
from training.selectors.catalog import my_state, my_trainings
from training.selectors.compliance import (
    EXPIRED,
    IN_PROGRESS,
    OVERDUE,
    ComplianceCell,
    Obligation,
    compliance_totals,
    my_obligations,
)
from training.selectors.management import certificate_list

if TYPE_CHECKING:
    from accounts.models import User

Status = Participant.Status
EXPIRY_NOTICE_DAYS = 30  # the dashboard lists certificates expiring within this many days
SEATED_LIMIT = 1000


def seated_participations(*, user: User) -> list[Participant]:
    """The user's registered and completed participations with their training, newest first:
    what every training panel and chart of the dashboard reads (the roof reads it once and hands
    it to the functions below; the cap only guards against pathological data)."""
    return list(my_trainings(user=user).filter(status__in=Participant.SEATED)[:SEATED_LIMIT])


def dashboard_registered(*, seated: list[Participant]) -> list[Participant]:
    """The current registrations among `seated` (`seated_participations`)."""
    return [p for p in seated if p.status == Status.REGISTERED][:100]


def dashboard_progress(*, registered: list[Participant]) -> list[Participant]:
    return registered[:5]


def my_trainings_url(state: str) -> str:
    """ "My trainings" filtered to `state` (one of `MY_STATES`)."""
    return f"{reverse('training:my_trainings')}?{urlencode({'state': state})}"


@dataclass
class Completion:
    done: int = 0
    in_progress: int = 0
    not_started: int = 0

    @property
    def total(self) -> int:
        return self.done + self.in_progress + self.not_started


def my_completion(*, seated: list[Participant]) -> Completion:
    """The viewer's trainings by state (`my_state`) among `seated` (`seated_participations`):
    what the "My trainings" chart draws and the "Trainings in progress" tile shows."""
    mine = Completion()
    for participant in seated:
        state = my_state(participant)
        setattr(mine, state, getattr(mine, state) + 1)
    return mine


def dashboard_completion(
    *, user: User, seated: list[Participant]
) -> dict[str, Completion | ComplianceCell | None]:
    """Training completion for the dashboard charts.

    "mine": the user's own trainings (done / in progress / not started) among `seated`, None
    without any; "mandatory": the compliance matrix added up (`compliance_totals`: the same
    figures as the matrix), for training managers only, shared by them and at most
    `STATS_CACHE_TTL` old (a registration does not compute the whole matrix again).
    Cancelled and waitlisted rows do not count in "mine".
    """
    mine = my_completion(seated=seated)
    result: dict[str, Completion | ComplianceCell | None] = {
        "mine": mine if mine.total else None,
        "mandatory": None,
    }
    if can_manage_all(user):
        totals = caching.shared_value(
            "mandatory_completion", vary=(timezone.localdate(),), compute=compliance_totals
        )
        result["mandatory"] = totals if totals.total else None
    return result


def dashboard_panels(*, user: User) -> list[str]:
    return ["training/_dashboard_progress.html"]


def dashboard_obligations(*, user: User, registered: list[Participant]) -> list[dict]:
    """The viewer's mandatory trainings not yet compliant (`compliance.my_obligations`: their
    audience's, enrolled or not), other registrations with a due date, then certificates
    expiring within `EXPIRY_NOTICE_DAYS`: the dashboard's "To do" items
    (`{"kind", "label", "url", "due": date | None, "overdue": bool, "note"}`)."""
    today = timezone.localdate()
    items = []
    pending = [o for o in my_obligations(user=user) if not o.is_done]
    listed = {o.training.pk for o in pending}
    for participant in registered:
        if participant.due_date is not None and participant.training_id not in listed:
            pending.append(
                Obligation(
                    training=participant.training,
                    state=OVERDUE if participant.due_date < today else IN_PROGRESS,
                    deadline=participant.due_date,
                )
            )
    pending.sort(key=lambda o: (o.deadline is None, o.deadline or today, o.training.title))
    for obligation in pending[:10]:
        due = obligation.deadline
        if obligation.state == EXPIRED and obligation.certificate_expires is not None:
            due = timezone.localdate(obligation.certificate_expires)
        items.append(
            {
                "kind": _("Mandatory training")
                if obligation.training.is_mandatory
                else _("Training"),
                "label": obligation.training.title,
                "url": obligation.training.get_absolute_url(),
                "due": due,
                "overdue": obligation.is_late,
                "since": None,
                "note": _("certificate expired") if obligation.state == EXPIRED else "",
            }
        )
    now = timezone.now()
    expiring = certificate_list(user=user).filter(
        expires_at__gt=now, expires_at__lte=now + datetime.timedelta(days=EXPIRY_NOTICE_DAYS)
    )[:10]
    for certificate in expiring:
        items.append(
            {
                "kind": _("Certificate"),
                "label": _("Certificate: %(title)s") % {"title": certificate.training.title},
                "url": reverse("training:certificate_list"),
                "due": timezone.localdate(certificate.expires_at),
                "overdue": False,
                "since": None,
                "note": _("expires soon"),
            }
        )
    return items


def dashboard_stats(*, completion: Completion) -> list[tuple[str, int, str]]:
    """(label, value, url) tiles for the dashboard: the same figure as the "My trainings" chart
    (`my_completion`), leading to the same filtered list."""
    return [
        (
            _("Trainings in progress"),
            completion.in_progress,
            my_trainings_url(IN_PROGRESS),
        )
    ]
