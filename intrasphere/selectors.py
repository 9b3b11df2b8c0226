"""Reads of the floor's own models (notifications). What composes the domains (dashboard,
search) is the roof's: `intrasphere.roof`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from intrasphere.models import Notification


def notification_list(*, user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")
