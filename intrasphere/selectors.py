"""Reads of the floor's own models (notifications). What composes the domains (dashboard,
search) is the roof's: `intrasphere.roof`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from intrasphere.models import Notification


def notification_list(*, user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


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
