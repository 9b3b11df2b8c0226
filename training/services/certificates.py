"""Certificates: issued on completion (or by a manager), reminders before they expire."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from intrasphere.services import audit_record, notification_send
from training.models import Certificate, Participant, Training, new_verification_code

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accounts.models import User


def certificate_issue(
    *,
    training: Training,
    user: User,
    actor: User | None = None,
    request: HttpRequest | None = None,
) -> Certificate:
    """Issue the person's certificate, valid for the training's validity period: the existing
    one while it is valid; when it has expired (the person completed the training again), a
    new one in its place — a new code, issued now, valid for a new period (the expired code no
    longer verifies). One certificate per person and training."""
    with transaction.atomic():
        existing = (
            Certificate.objects.select_for_update().filter(training=training, user=user).first()
        )
        if existing is not None and not existing.is_expired:
            return existing
        now = timezone.now()
        expires_at = (
            now + datetime.timedelta(days=training.certificate_validity_days)
            if training.certificate_validity_days
            else None
        )
        if existing is None:
            certificate = Certificate.objects.create(
                training=training, user=user, issued_at=now, issued_by=actor, expires_at=expires_at
            )
            action, summary = "training.certificate.issue", ""
        else:
            certificate, expired_code = existing, existing.code
            certificate.code = new_verification_code()
            certificate.issued_at, certificate.issued_by = now, actor
            certificate.expires_at, certificate.expiry_notified_at = expires_at, None
            certificate.save()
            action = "training.certificate.renew"
            summary = f"expired certificate {expired_code} replaced"
        audit_record(
            actor=actor or user, action=action, target=certificate, summary=summary, request=request
        )
        notification_send(
            recipients=[user],
            kind="training.certificate_ready",
            params={"title": training.title},
            target=certificate,
            url=certificate_url(),
            actor=actor,
        )
    return certificate


def participant_certificate_issue(
    *, actor: User, participant: Participant, request: HttpRequest | None = None
) -> Certificate:
    """A manager issues the certificate of a seated participant (registered or completed)."""
    if not participant.is_seated:
        raise ValidationError(_("Only registered participants can receive a certificate."))
    return certificate_issue(
        training=participant.training, user=participant.user, actor=actor, request=request
    )


def certificate_url() -> str:
    return reverse("training:certificate_list")


def certificates_notify_expiring(*, within_days: int = 30) -> int:
    """Remind once the holders of certificates that expire within `within_days`.

    Each certificate is claimed (a conditional update of `expiry_notified_at`) in the
    transaction that queues its reminder: two overlapping runs, on one machine or two, never
    remind twice — the second one's update finds the row already claimed and skips it.
    """
    now = timezone.now()
    due = Certificate.objects.filter(
        expires_at__gt=now,
        expires_at__lte=now + datetime.timedelta(days=within_days),
        expiry_notified_at__isnull=True,
    ).select_related("user", "training")
    count = 0
    for certificate in due:
        with transaction.atomic():
            claimed = Certificate.objects.filter(
                pk=certificate.pk, expiry_notified_at__isnull=True
            ).update(expiry_notified_at=now)
            if not claimed:  # another run got there first
                continue
            notification_send(
                recipients=[certificate.user],
                kind="training.certificate_expiring",
                params={
                    "title": certificate.training.title,
                    "date": timezone.localdate(certificate.expires_at).isoformat(),
                },
                target=certificate,
                url=certificate_url(),
            )
        count += 1
    return count
