"""Seats and the waitlist, group enrolment, attendance and feedback."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from intrasphere.mail import mail_send
from intrasphere.services import audit_record, notification_send
from training import permissions
from training.models import Participant, Training
from training.services.learning import participations_written_in_bulk

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accounts.models import EmployeeCategory, User

Status = Participant.Status


def _notify(
    *,
    user: User,
    kind: str,
    training: Training,
    message: str,
    subject: str,
    actor: User | None = None,
) -> None:
    """The in-app notice (never to the person who acted: their page said it) and a
    confirmation email, which goes to everyone with an address."""
    url = training.get_absolute_url()
    sent = notification_send(
        recipients=[user],
        kind=kind,
        params={"title": training.title},
        target=training,
        url=url,
        actor=actor,
    )
    if user.email and not any(row.channel == "email" for row in sent):  # not mailed twice
        mail_send(
            to=[user.email],
            subject=subject,
            template="emails/notification",
            context={"user": user, "message": message, "url": url},
        )


def training_register(
    *, training: Training, user: User, request: HttpRequest | None = None
) -> Participant:
    """Take a seat, or a place on the waitlist when the training is full.

    The training row is locked for the whole check-then-write, so concurrent registrations
    queue up on it and the seat limit holds.
    """
    with transaction.atomic():
        training = Training.objects.select_for_update().get(pk=training.pk)
        participant = Participant.objects.filter(training=training, user=user).first()
        refusal = permissions.registration_refusal(participant, training)
        if refusal is not None:
            raise ValidationError(refusal)
        seated = training.participant_count < training.max_participants
        status = Status.REGISTERED if seated else Status.WAITLISTED
        if participant is None:
            participant = Participant(training=training, user=user)
        participant.status = status
        participant.registered_at = timezone.now()
        participant.save()
        if seated:
            Training.objects.filter(pk=training.pk).update(
                participant_count=F("participant_count") + 1
            )
        audit_record(
            actor=user,
            action="training.participant.register" if seated else "training.participant.waitlist",
            target=participant,
            request=request,
        )
        if seated:
            message = _("You are registered for “%(title)s”.") % {"title": training.title}
        else:
            message = _("“%(title)s” is full: you are on the waitlist.") % {"title": training.title}
        _notify(
            user=user,
            kind="training.registered" if seated else "training.waitlisted",
            training=training,
            message=message,
            subject=_("Training registration: %(title)s") % {"title": training.title},
            actor=user,
        )
    return participant


def training_unregister(
    *, training: Training, user: User, request: HttpRequest | None = None
) -> Participant:
    """Give the seat back (before the start); the first person waiting takes it."""
    with transaction.atomic():
        training = Training.objects.select_for_update().get(pk=training.pk)
        participant = Participant.objects.filter(training=training, user=user).first()
        refusal = permissions.unregistration_refusal(participant, training)
        if refusal is not None:
            raise ValidationError(refusal)
        was_seated = participant.status == Status.REGISTERED
        participant.status = Status.CANCELLED
        participant.save(update_fields=["status"])
        audit_record(
            actor=user, action="training.participant.cancel", target=participant, request=request
        )
        if was_seated:
            Training.objects.filter(pk=training.pk).update(
                participant_count=F("participant_count") - 1
            )
            _promote_first_waiting(training=training, request=request)
    return participant


def _promote_first_waiting(*, training: Training, request: HttpRequest | None) -> None:
    """Inside the caller's lock on the training: one freed seat goes to the longest waiting."""
    waiting = (
        Participant.objects.select_for_update()
        .filter(training=training, status=Status.WAITLISTED)
        .select_related("user")
        .order_by("registered_at", "pk")
        .first()
    )
    if waiting is None:
        return
    waiting.status = Status.REGISTERED
    waiting.save(update_fields=["status"])
    Training.objects.filter(pk=training.pk).update(participant_count=F("participant_count") + 1)
    audit_record(actor=None, action="training.participant.promote", target=waiting, request=request)
    _notify(
        user=waiting.user,
        kind="training.promoted",
        training=training,
        message=_("A seat opened up: you are now registered for “%(title)s”.")
        % {"title": training.title},
        subject=_("You have a seat: %(title)s") % {"title": training.title},
    )


@transaction.atomic
def participant_mark(
    *,
    actor: User,
    participant: Participant,
    attended: bool,
    completed: bool,
    request: HttpRequest | None = None,
) -> Participant:
    """The instructor records attendance and, for seated people, completion."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if completed and not participant.is_seated:
        raise ValidationError(_("Only registered participants can be marked as completed."))
    participant.attended = attended
    if completed and participant.status != Status.COMPLETED:
        participant.status = Status.COMPLETED
        participant.completed_at = timezone.now()
    elif not completed and participant.status == Status.COMPLETED:
        participant.status = Status.REGISTERED
        participant.completed_at = None
    participant.save(update_fields=["attended", "status", "completed_at"])
    audit_record(
        actor=actor,
        action="training.participant.mark",
        target=participant,
        summary=f"attended={attended} completed={completed}",
        request=request,
    )
    return participant


@transaction.atomic
def participant_feedback(
    *, participant: Participant, rating: int, comment: str, request: HttpRequest | None = None
) -> Participant:
    if participant.status != Status.COMPLETED:
        raise ValidationError(_("You can rate a training once you have completed it."))
    if not 1 <= rating <= 5:
        raise ValidationError(_("The rating goes from 1 to 5."))
    participant.feedback_rating = rating
    participant.feedback_comment = comment.strip()
    participant.save(update_fields=["feedback_rating", "feedback_comment"])
    audit_record(
        actor=participant.user,
        action="training.participant.feedback",
        target=participant,
        request=request,
    )
    return participant


def training_enrol_group(
    *,
    actor: User,
    training: Training,
    due_date: datetime.date,
    department: str = "",
    category: EmployeeCategory | None = None,
    request: HttpRequest | None = None,
) -> int:
    """Enrol every active member of a department or employee category at once (all or nothing)."""
    if not department and category is None:
        raise ValidationError(_("Choose a department or an employee category."))
    people = get_user_model().objects.filter(is_active=True)
    if department:
        people = people.filter(department=department)
    if category is not None:
        people = people.filter(employee_category=category)
    with transaction.atomic():
        training = Training.objects.select_for_update().get(pk=training.pk)
        existing = {
            p.user_id: p
            for p in Participant.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(training=training)
        }
        people = list(people)
        to_seat = [
            person
            for person in people
            if person.pk not in existing or existing[person.pk].status == Status.CANCELLED
        ]
        promote = [
            existing[person.pk]
            for person in people
            if person.pk in existing and existing[person.pk].status == Status.WAITLISTED
        ]
        needed = len(to_seat) + len(promote)
        if needed > training.free_seats:
            raise ValidationError(
                _(
                    "This enrolment needs %(needed)s seats but only %(free)s are free: "
                    "raise the maximum number of participants first."
                )
                % {"needed": needed, "free": training.free_seats}
            )
        now = timezone.now()
        new_rows = []
        for person in to_seat:
            row = existing.get(person.pk)
            if row is None:
                new_rows.append(
                    Participant(
                        training=training,
                        user=person,
                        status=Status.REGISTERED,
                        registered_at=now,
                        due_date=due_date,
                    )
                )
            else:
                promote.append(row)
        Participant.objects.bulk_create(new_rows)
        for row in promote:
            row.status = Status.REGISTERED
            row.due_date = due_date
        Participant.objects.bulk_update(promote, ["status", "due_date"])
        # People already seated keep their seat and get the due date too.
        seated_ids = [
            p.pk for uid, p in existing.items() if p.is_seated and uid in {x.pk for x in people}
        ]
        Participant.objects.filter(pk__in=seated_ids, due_date__isnull=True).update(
            due_date=due_date
        )
        Training.objects.filter(pk=training.pk).update(
            participant_count=F("participant_count") + needed
        )
        participations_written_in_bulk()
        audit_record(
            actor=actor,
            action="training.participant.enrol_group",
            target=training,
            summary=f"{needed} enrolled (department={department!r}, category={category}) "
            f"due {due_date}",
            request=request,
        )
        notification_send(
            recipients=[*to_seat, *(row.user for row in promote if row.user not in to_seat)],
            kind="training.enrolled",
            params={"title": training.title, "due": due_date.isoformat()},
            target=training,
            url=training.get_absolute_url(),
            actor=actor,
        )
    return needed
