"""Retention: personal data kept no longer than its period (settings `PRIVACY_*_DAYS`).

Each kind is one purger, `function(*, now) -> int` (rows removed or anonymised), registered
with `@purger("kind")`: the floor's own here, each app's in its `personal_data.py`.
`manage.py purge_expired_data` runs them all (daily; docs/privacy.md); `--dry-run` rolls back.
Deletes go in batches of primary keys (bounded memory at any size); a second run is a no-op.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models

from intrasphere import privacy

BATCH = 1000

purgers: dict[str, Callable[..., int]] = {}


def purger(kind: str) -> Callable[[Callable[..., int]], Callable[..., int]]:
    def register(function: Callable[..., int]) -> Callable[..., int]:
        purgers[kind] = function
        return function

    return register


def cutoff(days: int, now: datetime) -> datetime | None:
    """The moment before which rows are expired; None when the period is 0 (never)."""
    return now - timedelta(days=days) if days and days > 0 else None


def delete_in_batches(queryset: models.QuerySet, *, batch: int = BATCH) -> int:
    """Delete the rows of `queryset` a batch of primary keys at a time; rows deleted."""
    model = queryset.model
    deleted = 0
    while ids := list(queryset.order_by().values_list("pk", flat=True)[:batch]):
        model._base_manager.filter(pk__in=ids).delete()
        deleted += len(ids)
    return deleted


def purge_all(*, now: datetime) -> dict[str, int]:
    """Run every purger; counts per kind."""
    privacy.discover()
    return {kind: function(now=now) for kind, function in sorted(purgers.items())}


# --- The floor's kinds ----------------------------------------------------------------------


@purger("audit entries")
def purge_audit(*, now: datetime) -> int:
    from intrasphere.models import AuditLog

    before = cutoff(settings.PRIVACY_AUDIT_DAYS, now)
    if before is None:
        return 0
    return delete_in_batches(AuditLog.objects.filter(created_at__lt=before))


@purger("read notifications")
def purge_notifications(*, now: datetime) -> int:
    from intrasphere.models import Notification

    before = cutoff(settings.PRIVACY_READ_NOTIFICATION_DAYS, now)
    if before is None:
        return 0
    return delete_in_batches(Notification.objects.filter(read_at__lt=before))


@purger("sent mail")
def purge_sent_mail(*, now: datetime) -> int:
    from post_office.models import STATUS, Email

    before = cutoff(settings.PRIVACY_SENT_MAIL_DAYS, now)
    if before is None:
        return 0
    return delete_in_batches(Email.objects.filter(status=STATUS.sent, last_updated__lt=before))


@purger("admin history")
def purge_admin_log(*, now: datetime) -> int:
    from django.contrib.admin.models import LogEntry

    before = cutoff(settings.PRIVACY_ADMIN_LOG_DAYS, now)
    if before is None:
        return 0
    return delete_in_batches(LogEntry.objects.filter(action_time__lt=before))


@purger("expired sessions")
def purge_sessions(*, now: datetime) -> int:
    from django.contrib.sessions.models import Session

    return delete_in_batches(Session.objects.filter(expire_date__lt=now))
