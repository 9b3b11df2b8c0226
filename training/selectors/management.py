"""What managers and instructors read: participants, feedback, certificates (compliance:
`training.selectors.compliance`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Avg, Count, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from training.models import Certificate, Participant, Training
from training.permissions import can_manage

if TYPE_CHECKING:
    from accounts.models import User

Status = Participant.Status


# ---------------------------------------------------------------- participants
def participant_list(*, training: Training, status: str = "") -> QuerySet[Participant]:
    participants = training.participants.select_related("user").order_by(
        "status", "registered_at", "pk"
    )
    if status:
        participants = participants.filter(status=status)
    return participants


def participant_get_for_viewer(*, user: User, pk: int) -> Participant:
    """The participant's own row, or any row of a training the user manages; else 404."""
    participant = get_object_or_404(
        Participant.objects.select_related("training", "user", "last_lesson"), pk=pk
    )
    if participant.user_id == user.pk or can_manage(user, participant.training):
        return participant
    raise Http404


def feedback_summary(*, training: Training) -> dict:
    return training.participants.filter(feedback_rating__isnull=False).aggregate(
        average=Avg("feedback_rating"), count=Count("pk")
    )


# ---------------------------------------------------------------- certificates
def certificate_list(*, user: User) -> QuerySet[Certificate]:
    return (
        Certificate.objects.filter(user_id=user.pk)
        .select_related("training")
        .order_by("-issued_at", "-pk")
    )


def certificate_get(*, user: User, pk: int) -> Certificate:
    """Its owner and the managers of its training; 404 for everyone else."""
    certificate = get_object_or_404(Certificate.objects.select_related("training", "user"), pk=pk)
    if certificate.user_id == user.pk or can_manage(user, certificate.training):
        return certificate
    raise Http404


def certificate_of(*, participant: Participant) -> Certificate | None:
    return Certificate.objects.filter(
        training_id=participant.training_id, user_id=participant.user_id
    ).first()


def certificate_state(*, code: str) -> str:
    """ "valid", "expired" or "unknown": all the public verification page tells."""
    certificate = (
        Certificate.objects.filter(code=code.strip().upper()[:40]).only("expires_at").first()
    )
    if certificate is None:
        return "unknown"
    return "expired" if certificate.is_expired else "valid"
