"""Core writes shared by every domain: the audit trail, notifications, site settings."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils import timezone, translation

from intrasphere import notifications, unread
from intrasphere.mail import mail_send
from intrasphere.models import AuditLog, Notification, NotificationPreferences, SiteSettings

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


def target_key(obj: models.Model | None) -> str:
    """How a notification names what it is about: "app_label.model:pk" ("" for nothing)."""
    if obj is None or obj.pk is None:
        return ""
    return f"{obj._meta.label_lower}:{obj.pk}"


def notification_preferences(user: User) -> NotificationPreferences:
    """The person's preferences (unsaved defaults when they never chose)."""
    try:
        return user.notification_preferences
    except NotificationPreferences.DoesNotExist:
        return NotificationPreferences(user=user)


def notification_channel(user: User, prefs: NotificationPreferences, kind: str) -> str:
    """The channel of `kind` for this person: their choice for its category, else email copies
    for those who asked for them (`email_notifications`), else the digest."""
    category = notifications.category_of(kind)
    chosen = prefs.channels.get(category) if category != notifications.OTHER else None
    if chosen in dict(notifications.CHANNELS):
        return chosen
    return notification_default_channel(user)


def notification_default_channel(user: User) -> str:
    """Email copies for those who asked for them (profile), otherwise the digest."""
    if getattr(user, "email_notifications", False):
        return notifications.EMAIL
    return notifications.DIGEST


def notification_send(
    *,
    recipients: Iterable[User],
    kind: str,
    params: dict[str, Any] | None = None,
    target: models.Model | None = None,
    url: str = "",
    actor: User | None = None,
    message: str = "",
    email_subject: str | None = None,
) -> list[Notification]:
    """Tell `recipients` about an event of `kind` (registered in a `notification_kinds` module)
    with `params`; never the `actor` who caused it. Each person's preference for the kind's
    category decides: off (nothing), in the app, plus an email now, or plus the digest.

    `message` is only for a kind no module registers (shown as written)."""
    params = dict(params or {})
    key, label = target_key(target), (str(target)[:200] if target is not None else "")
    people = {
        user.pk: user
        for user in recipients
        if user is not None and user.is_active and (actor is None or user.pk != actor.pk)
    }
    prefs = {p.user_id: p for p in NotificationPreferences.objects.filter(user_id__in=people)}
    rows, emails = [], []
    for user in people.values():
        mine = prefs.get(user.pk) or NotificationPreferences(user=user)
        channel = notification_channel(user, mine, kind)
        if channel == notifications.OFF:
            continue
        rows.append(
            Notification(
                recipient=user,
                kind=kind,
                params=params,
                message=message[:300],
                url=url,
                target=key,
                target_label=label,
                channel=channel,
            )
        )
        if channel == notifications.EMAIL and user.email:
            emails.append((user, mine.language))
    created = Notification.objects.bulk_create(rows)
    unread.forget(row.recipient_id for row in rows)  # bulk_create sends no post_save
    for user, language in emails:
        with translation.override(language):
            text = notifications.render(kind, params, fallback=message)
            mail_send(
                to=[user.email],
                subject=email_subject or text[:120],
                template="emails/notification",
                context={"user": user, "message": text, "url": url},
            )
    return created


def notification_mark_read(*, user: User, notification_id: int | None = None) -> int:
    """Mark one notification — and the others of its group, about the same thing — (or, without
    an id, every unread notification) of `user` as read."""
    pending = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        one = Notification.objects.filter(recipient=user, pk=notification_id).first()
        if one is None:
            return 0
        pending = pending.filter(target=one.target) if one.target else pending.filter(pk=one.pk)
    count = pending.update(read_at=timezone.now())
    unread.forget([user.pk])
    return count


def notification_mark_read_about(*, user: User, target: models.Model) -> int:
    """The person acted on `target` (acknowledged it, opened it): what told them about it is
    read. Called by the services and views of each action (docs/features.md)."""
    if user is None or not user.is_authenticated:
        return 0
    if not unread.unread_counts(user).get("notifications"):  # the header's count: no query
        return 0
    count = Notification.objects.filter(
        recipient=user, target=target_key(target), read_at__isnull=True
    ).update(read_at=timezone.now())
    if count:
        unread.forget([user.pk])
    return count


@transaction.atomic
def notification_preferences_save(
    *, user: User, digest: str, channels: dict[str, str], language: str
) -> NotificationPreferences:
    prefs, _created = NotificationPreferences.objects.get_or_create(user=user)
    prefs.digest = digest
    prefs.channels = {
        category: channels[category]
        for category, _label in notifications.CATEGORIES
        if channels.get(category) in dict(notifications.CHANNELS)
    }
    prefs.language = language
    prefs.save()
    return prefs


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
