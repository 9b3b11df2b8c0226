"""What the dashboard shows of trainings: the viewer's registrations, obligations and completion.

The dashboard (the roof, `intrasphere.roof.dashboard`) composes these panels; nothing here
depends on another domain.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from intrasphere import caching
from training.models import Participant
from training.permissions import can_manage_all
from training.selectors.catalog import my_trainings
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


def dashboard_completion(*, user: User, seated: list[Participant]) -> dict[str, Completion | None]:
    """Training completion for the dashboard charts.

    "mine": the user's own trainings (done / in progress / not started) among `seated`, None
    without any; "mandatory": every participant of mandatory trainings, for training managers
    only (one aggregate query, shared by them). Cancelled and waitlisted rows do not count.
    """
    mine = Completion()
    for participant in seated:
        if participant.status == Status.COMPLETED:
            mine.done += 1
        elif participant.progress > 0:
            mine.in_progress += 1
        else:
            mine.not_started += 1
    result: dict[str, Completion | None] = {"mine": mine if mine.total else None, "mandatory": None}
    if can_manage_all(user):
        done, in_progress, not_started = caching.shared_value(
            "mandatory_completion", vary=(), compute=_mandatory_completion
        )
        shares = Completion(done=done, in_progress=in_progress, not_started=not_started)
        result["mandatory"] = shares if shares.total else None
    return result


def _mandatory_completion() -> tuple[int, int, int]:
    """Every participant of mandatory trainings, done / in progress / not started: the same for
    every training manager, so shared (`caching.shared_value`, a light tuple)."""
    buckets = {
        "done": Q(status=Status.COMPLETED),
        "in_progress": Q(status=Status.REGISTERED, progress__gt=0),
        "not_started": Q(status=Status.REGISTERED, progress=0),
    }
    row = Participant.objects.filter(
        status__in=Participant.SEATED, training__is_mandatory=True
    ).aggregate(**{bucket: Count("pk", filter=condition) for bucket, condition in buckets.items()})
    return row["done"], row["in_progress"], row["not_started"]


def dashboard_panels(*, user: User) -> list[str]:
    return ["training/_dashboard_progress.html"]


def dashboard_obligations(*, user: User, registered: list[Participant]) -> list[dict]:
    """Due mandatory trainings among `registered`, then certificates expiring within
    `EXPIRY_NOTICE_DAYS`."""
    today = timezone.localdate()
    items = []
    mandatory = sorted(
        (participant for participant in registered if participant.due_date is not None),
        key=lambda participant: participant.due_date,
    )[:10]
    for participant in mandatory:
        overdue = participant.due_date < today
        items.append(
            {
                "label": participant.training.title,
                "url": participant.training.get_absolute_url(),
                "due": (_("overdue since %(date)s") if overdue else _("due %(date)s"))
                % {"date": formats.date_format(participant.due_date, "SHORT_DATE_FORMAT")},
                "level": "danger" if overdue else "warning",
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
