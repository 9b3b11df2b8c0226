"""Which trainings a person sees, the catalog, and a person's own participations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from training.models import Participant, Training
from training.permissions import can_manage_all, managed_training_ids

if TYPE_CHECKING:
    from accounts.models import User

Status = Participant.Status


def managed_trainings(*, user: User) -> QuerySet[Training]:
    """Trainings `user` manages: all with the global right, else those of their object right."""
    if can_manage_all(user):
        return Training.objects.all()
    return Training.objects.filter(pk__in=managed_training_ids(user))


def visible_trainings(*, user: User) -> QuerySet[Training]:
    """Open trainings (active and visible), plus for everyone but global managers (who see all)
    the trainings they manage and those they are or were enrolled in, even once hidden."""
    if can_manage_all(user):
        return Training.objects.all()
    enrolled = (
        Participant.objects.filter(user_id=user.pk)
        .exclude(status=Status.CANCELLED)
        .values("training_id")
    )
    return Training.objects.filter(
        Q(is_active=True, is_visible=True)
        | Q(pk__in=managed_training_ids(user))
        | Q(pk__in=enrolled)
    )


def _viewer_status(user: User) -> Subquery:
    """The viewer's participation status in the outer training ("" for none, or cancelled)."""
    return Subquery(
        Participant.objects.filter(training=OuterRef("pk"), user_id=user.pk)
        .exclude(status=Status.CANCELLED)
        .values("status")[:1]
    )


def training_catalog(
    *,
    user: User,
    query: str = "",
    category: str = "",
    difficulty: str = "",
    mandatory: bool = False,
    upcoming: bool = False,
    free_seats: bool = False,
) -> QuerySet[Training]:
    """The trainings `user` sees, filtered, soonest first; each with `viewer_status`, the
    viewer's own participation status (None when they hold no place)."""
    trainings = visible_trainings(user=user).annotate(viewer_status=_viewer_status(user))
    for word in query.split()[:5]:
        trainings = trainings.filter(
            Q(title__icontains=word) | Q(description__icontains=word) | Q(category__icontains=word)
        )
    if category:
        trainings = trainings.filter(category=category)
    if difficulty:
        trainings = trainings.filter(difficulty=difficulty)
    if mandatory:
        trainings = trainings.filter(is_mandatory=True)
    if upcoming:
        trainings = trainings.filter(start_date__gt=timezone.now())
    if free_seats:
        trainings = trainings.filter(participant_count__lt=F("max_participants"))
    return trainings.order_by(F("start_date").asc(nulls_last=True), "title", "pk")


def categories() -> QuerySet[str]:
    """The categories of the open trainings, for the catalog's filter."""
    return (
        Training.objects.filter(is_active=True, is_visible=True)
        .exclude(category="")
        .order_by("category")
        .values_list("category", flat=True)
        .distinct()
    )


def training_get(*, user: User, pk: int) -> Training:
    """A training `user` sees (with its instructor); 404 for anyone else."""
    return get_object_or_404(visible_trainings(user=user).select_related("instructor"), pk=pk)


def participant_for(*, user: User, training: Training) -> Participant | None:
    return Participant.objects.filter(training=training, user_id=user.pk).first()


def waitlist_position(*, participant: Participant | None) -> int | None:
    """1 for the next person to get a seat; None when not waiting."""
    if participant is None or participant.status != Status.WAITLISTED:
        return None
    ahead = Participant.objects.filter(
        training_id=participant.training_id, status=Status.WAITLISTED
    ).filter(
        Q(registered_at__lt=participant.registered_at)
        | Q(registered_at=participant.registered_at, pk__lt=participant.pk)
    )
    return ahead.count() + 1


# The viewer's own trainings, by state: one definition for the chart, the tile and the list
# (`my_trainings(state=…)` filters with `MY_STATES`, `my_completion` counts with it).
DONE, IN_PROGRESS, NOT_STARTED = "done", "in_progress", "not_started"
MY_STATES = {
    DONE: Q(status=Status.COMPLETED),
    IN_PROGRESS: Q(status=Status.REGISTERED, progress__gt=0),
    NOT_STARTED: Q(status=Status.REGISTERED, progress__lte=0),
}


def my_state(participant: Participant) -> str:
    """The state `MY_STATES` gives `participant` (a seated participation)."""
    if participant.status == Status.COMPLETED:
        return DONE
    return IN_PROGRESS if participant.progress > 0 else NOT_STARTED


def my_trainings(*, user: User, state: str = "") -> QuerySet[Participant]:
    """The user's participations (cancelled ones left out); `state` (a key of `MY_STATES`)
    keeps those in that state, an unknown one is ignored."""
    participations = Participant.objects.filter(user_id=user.pk).exclude(status=Status.CANCELLED)
    if state in MY_STATES:
        participations = participations.filter(MY_STATES[state])
    return participations.select_related("training").order_by("status", "-registered_at", "-pk")
