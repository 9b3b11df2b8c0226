"""The email digest: unread notifications a person chose to receive "in the digest", older than
a few hours, in one email — daily or weekly as they chose (default daily).

`digests_send(now=…)` is idempotent: each notification is sent in one digest at most
(`digested_at`), and a person gets at most one digest per period (`last_digest_at`, checked
under a row lock). `manage.py send_digests` and the periodic job `send-digests` run it.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import ngettext

from intrasphere import notifications
from intrasphere.mail import mail_send
from intrasphere.models import Notification, NotificationPreferences

# A little less than the period: a daily job running a few seconds earlier than yesterday's
# must not skip a day.
PERIODS = {
    NotificationPreferences.Digest.DAILY: datetime.timedelta(hours=20),
    NotificationPreferences.Digest.WEEKLY: datetime.timedelta(days=6, hours=20),
}


def min_age() -> datetime.timedelta:
    """Unread this long before it goes in a digest (NOTIFICATION_DIGEST_AFTER_HOURS)."""
    return datetime.timedelta(hours=settings.NOTIFICATION_DIGEST_AFTER_HOURS)


def _waiting(now: datetime.datetime):
    return Notification.objects.filter(
        channel=notifications.DIGEST,
        read_at__isnull=True,
        digested_at__isnull=True,
        created_at__lte=now - min_age(),
        recipient__is_active=True,
    )


def digests_send(*, now: datetime.datetime | None = None) -> int:
    """Send the digests that are due at `now`; returns how many emails were queued."""
    from intrasphere.services import notification_channel

    now = now or timezone.now()
    sent = 0
    people = _waiting(now).values_list("recipient_id", flat=True).distinct().order_by()
    for user_id in list(people):
        with transaction.atomic():
            prefs, _created = NotificationPreferences.objects.select_for_update().get_or_create(
                user_id=user_id
            )
            period = PERIODS.get(prefs.digest)
            if period is None:  # off
                continue
            if prefs.last_digest_at is not None and now - prefs.last_digest_at < period:
                continue
            items = list(_waiting(now).filter(recipient_id=user_id).select_related("recipient"))
            user = items[0].recipient if items else None
            # The person's choice today: a kind they since turned to in-app or off stays out.
            items = [
                item
                for item in items
                if notification_channel(user, prefs, item.kind) == notifications.DIGEST
            ]
            if not items or not user.email:
                continue
            _mail(user=user, prefs=prefs, items=items)
            Notification.objects.filter(pk__in=[item.pk for item in items]).update(digested_at=now)
            prefs.last_digest_at = now
            prefs.save(update_fields=["last_digest_at"])
            sent += 1
    return sent


def _mail(*, user, prefs: NotificationPreferences, items: list[Notification]) -> None:
    with translation.override(prefs.language):
        rows = [{"text": item.text, "url": item.url, "at": item.created_at} for item in items]
        subject = ngettext(
            "%(count)d unread notification on IntraSphere",
            "%(count)d unread notifications on IntraSphere",
            len(rows),
        ) % {"count": len(rows)}
        mail_send(
            to=[user.email],
            subject=subject,
            template="emails/digest",
            context={"user": user, "rows": rows, "subject": subject},
        )
