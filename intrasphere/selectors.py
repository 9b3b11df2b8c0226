"""Reads of the floor's own models (notifications). What composes the domains (dashboard,
search) is the roof's: `intrasphere.roof`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    Max,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat

from intrasphere.models import Notification


def notification_list(*, user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


@dataclass
class NotificationGroup:
    """The notifications about one thing ("3 updates on 'Printer on floor 2'"), newest first."""

    latest: Notification
    items: list[Notification]
    count: int
    unread: int

    @property
    def label(self) -> str:
        return self.latest.target_label


def _grouped(user: Any) -> QuerySet:
    """The user's notifications, each with its group: what it is about, or itself alone."""
    alone = Concat(Value("#"), Cast("pk", output_field=CharField()))
    return Notification.objects.filter(recipient=user).annotate(
        group=Case(When(target="", then=alone), default=F("target"), output_field=CharField())
    )


def notification_groups(*, user: Any) -> QuerySet:
    """One row per group (`group`, `count`, `unread`), the latest activity first: paginate it,
    then `notification_groups_for_page`."""
    return (
        _grouped(user)
        .values("group")
        .annotate(
            latest=Max("created_at"),
            last_id=Max("id"),
            count=Count("id"),
            unread=Count("id", filter=Q(read_at__isnull=True)),
        )
        .order_by("-latest", "-last_id")
    )


def notification_groups_for_page(*, user: Any, rows: list[dict]) -> list[NotificationGroup]:
    """The groups of one page, with their notifications (one query)."""
    keys = [row["group"] for row in rows]
    found: dict[str, list[Notification]] = {key: [] for key in keys}
    for notification in _grouped(user).filter(group__in=keys).order_by("-created_at", "-id"):
        found[notification.group].append(notification)
    return [
        NotificationGroup(
            latest=found[row["group"]][0],
            items=found[row["group"]],
            count=row["count"],
            unread=row["unread"],
        )
        for row in rows
        if found[row["group"]]
    ]


def privacy_periods() -> list[tuple[str, int]]:
    """The retention periods in days (0: never), as the privacy notice and docs state them."""
    from django.conf import settings
    from django.utils.translation import gettext as _

    return [
        (_("Deactivated accounts are anonymised after"), settings.PRIVACY_ANONYMISE_AFTER_DAYS),
        (_("Audit entries (with IP addresses) and sign-in records"), settings.PRIVACY_AUDIT_DAYS),
        (_("Read notifications"), settings.PRIVACY_READ_NOTIFICATION_DAYS),
        (_("Sent email"), settings.PRIVACY_SENT_MAIL_DAYS),
        (_("Forum reading marks"), settings.PRIVACY_TOPIC_VIEW_DAYS),
        (_("Django admin history"), settings.PRIVACY_ADMIN_LOG_DAYS),
        (
            _("Closed helpdesk requests, after their last activity"),
            settings.PRIVACY_CLOSED_REQUEST_DAYS,
        ),
        (
            _("Reports of the reporting channel closed without action, after their closing"),
            settings.REPORTING_CLOSED_NO_ACTION_DAYS,
        ),
    ]
