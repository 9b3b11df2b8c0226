"""What the dashboard shows of trainings: the viewer's registrations, obligations and completion.

The dashboard (the roof, `intrasphere.roof.dashboard`) composes these panels; nothing here
depends on another domain.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from intrasphere import caching
from training.models import Participant
from training.permissions import can_manage_all
from training.selectors.catalog import my_trainings
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


def dashboard_stats(*, registered: list[Participant]) -> list[tuple[str, int, str]]:
    """(label, value, url name) tiles for the dashboard."""
    return [(_("Trainings in progress"), len(registered), "training:my_trainings")]


def dashboard_progress(*, registered: list[Participant]) -> list[Participant]:
    return registered[:5]


@dataclass
class Completion:
    done: int = 0
    in_progress: int = 0
    not_started: int = 0

    @property
    def total(self) -> int:
        return self.done + self.in_progress + self.not_started


def dashboard_completion(
    *, user: User, seated: list[Participant]
) -> dict[str, Completion | ComplianceCell | None]:
    """Training completion for the dashboard charts.

    "mine": the user's own trainings (done / in progress / not started) among `seated`, None
    without any; "mandatory": the compliance matrix added up (`compliance_totals`: the same
    figures as the matrix), for training managers only, shared by them for the day.
    Cancelled and waitlisted rows do not count in "mine".
    """
    mine = Completion()
    for participant in seated:
        if participant.status == Status.COMPLETED:
            mine.done += 1
        elif participant.progress > 0:
            mine.in_progress += 1
        else:
            mine.not_started += 1
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


def _obligation_due(obligation: Obligation) -> str:
    if obligation.state == EXPIRED:
        return _("certificate expired")
    if obligation.deadline is None:
        return _("mandatory")
    if obligation.state == OVERDUE:
        return _("overdue since %(date)s") % {
            "date": formats.date_format(obligation.deadline, "SHORT_DATE_FORMAT")
        }
    return _("due %(date)s") % {
        "date": formats.date_format(obligation.deadline, "SHORT_DATE_FORMAT")
    }


def dashboard_panels(*, user: User) -> list[str]:
    return ["training/_dashboard_progress.html"]


def dashboard_obligations(*, user: User, registered: list[Participant]) -> list[dict]:
    """The viewer's mandatory trainings not yet compliant (`compliance.my_obligations`: their
    audience's, enrolled or not), other registrations with a due date, then certificates
    expiring within `EXPIRY_NOTICE_DAYS`."""
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
        items.append(
            {
                "label": obligation.training.title,
                "url": obligation.training.get_absolute_url(),
                "due": _obligation_due(obligation),
                "level": "danger" if obligation.is_late else "warning",
            }
        )
    now = timezone.now()
    expiring = certificate_list(user=user).filter(
        expires_at__gt=now, expires_at__lte=now + datetime.timedelta(days=EXPIRY_NOTICE_DAYS)
    )[:10]
    for certificate in expiring:
        items.append(
            {
                "label": _("Certificate: %(title)s") % {"title": certificate.training.title},
                "url": reverse("training:certificate_list"),
                "due": _("expires %(date)s")
                % {
                    "date": formats.date_format(
                        timezone.localdate(certificate.expires_at), "SHORT_DATE_FORMAT"
                    )
                },
                "level": "warning",
            }
        )
    return items
