"""Core writes shared by every domain: the audit trail, notifications, site settings."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils import timezone

from intrasphere import unread
from intrasphere.mail import mail_send
from intrasphere.models import AuditLog, Notification, SiteSettings

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser as User
    from django.http import HttpRequest


def client_ip(request: HttpRequest | None) -> str | None:
    """The client address the rate limits use too (REMOTE_ADDR unless a trusted key is set)."""
    if request is None:
        return None
    from django.conf import settings

    key = settings.RATELIMIT_IP_META_KEY or "REMOTE_ADDR"
    value = request.META.get(key, "") or ""
    return value.split(",")[0].strip() or None


def audit_record(
    *,
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    summary: str = "",
    request: HttpRequest | None = None,
) -> AuditLog:
    """Write one audit entry; call it inside the transaction of the change it describes."""
    entry = AuditLog(
        actor=actor if actor is not None and actor.pk else None,
        actor_label=actor.get_username() if actor is not None and actor.pk else "system",
        action=action,
        summary=summary[:4000],
        ip_address=client_ip(request),
    )
    if target is not None:
        entry.target_type = target._meta.label_lower
        entry.target_id = str(target.pk)
        entry.target_label = str(target)[:255]
    entry.save()
    return entry


def notification_send(
    *,
    recipients: Iterable[User],
    kind: str,
    message: str,
    url: str = "",
    email_subject: str | None = None,
) -> list[Notification]:
    """Notify users in the app; those who asked for email copies also get one after commit."""
    recipients = [user for user in recipients if user is not None and user.is_active]
    notifications = Notification.objects.bulk_create(
        [
            Notification(recipient=user, kind=kind, message=message[:300], url=url)
            for user in recipients
        ]
    )
    unread.forget(user.pk for user in recipients)  # bulk_create sends no post_save
    for user in recipients:
        if getattr(user, "email_notifications", False) and user.email:
            mail_send(
                to=[user.email],
                subject=email_subject or message[:120],
                template="emails/notification",
                context={"user": user, "message": message, "url": url},
            )
    return notifications


def notification_mark_read(*, user: User, notification_id: int | None = None) -> int:
    """Mark one (or, without an id, every) unread notification of `user` as read."""
    pending = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        pending = pending.filter(pk=notification_id)
    count = pending.update(read_at=timezone.now())
    unread.forget([user.pk])
    return count


@transaction.atomic
def site_settings_update(
    *, actor: User, changes: dict[str, Any], request: HttpRequest | None = None
) -> SiteSettings:
    site = SiteSettings.load()
    before = {name: getattr(site, name) for name in changes}
    for name, value in changes.items():
        setattr(site, name, value)
    site.full_clean()
    site.save()
    diff = ", ".join(f"{k}: {before[k]!r} → {v!r}" for k, v in changes.items() if before[k] != v)
    audit_record(actor=actor, action="settings.update", target=site, summary=diff, request=request)
    return site
