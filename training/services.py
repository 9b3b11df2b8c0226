"""Every write of the training domain: seats and waitlist, progress, quizzes, certificates."""

from __future__ import annotations

import datetime
import math
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from intrasphere import caching
from intrasphere.mail import mail_send
from intrasphere.services import audit_record, notification_send
from training import selectors
from training.models import (
    Certificate,
    Course,
    Lesson,
    LessonProgress,
    Participant,
    Quiz,
    QuizAttempt,
    Training,
)

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accounts.models import EmployeeCategory, User

MANAGE_CODENAME = "manage_trainings"
# A quiz submission arriving later than this after its deadline is graded as of the deadline,
# that is with no answers: late answers are discarded (every question counts as unanswered).
QUIZ_GRACE = datetime.timedelta(seconds=30)
Status = Participant.Status


# ---------------------------------------------------------------- catalog
def instructor_sync(*, training: Training, previous: User | None) -> None:
    """The instructor holds `manage_trainings` on their training, and only while they teach it."""
    if previous is not None and previous.pk != training.instructor_id:
        remove_perm(MANAGE_CODENAME, previous, training)
    if training.instructor is not None:
        assign_perm(MANAGE_CODENAME, training.instructor, training)


@transaction.atomic
def training_save(
    *, actor: User, training: Training, request: HttpRequest | None = None
) -> Training:
    """Create or update a training (validated by its form); keep the instructor's right in sync."""
    creating = training.pk is None
    previous = None if creating else Training.objects.get(pk=training.pk).instructor
    if not creating:
        current = Training.objects.select_for_update().get(pk=training.pk)
        if training.max_participants < current.participant_count:
            raise ValidationError(
                _("%(count)s people already hold a seat: the maximum cannot be lower.")
                % {"count": current.participant_count}
            )
        training.participant_count = current.participant_count
    training.full_clean()
    training.save()
    instructor_sync(training=training, previous=previous)
    audit_record(
        actor=actor,
        action="training.training.create" if creating else "training.training.update",
        target=training,
        request=request,
    )
    return training


@transaction.atomic
def training_delete(*, actor: User, training: Training, request: HttpRequest | None = None) -> None:
    if training.certificates.exists():
        raise ValidationError(
            _(
                "Certificates were issued for this training and must stay verifiable: "
                "deactivate or hide it instead of deleting it."
            )
        )
    audit_record(actor=actor, action="training.training.delete", target=training, request=request)
    training.delete()


def course_prerequisites_check(
    *, course: Course, training: Training, prerequisites: list[Course]
) -> None:
    """Prerequisites come from the same training and never form a cycle."""
    for other in prerequisites:
        if other.training_id != training.pk:
            raise ValidationError(
                _("“%(course)s” belongs to another training.") % {"course": other.title}
            )
        if course.pk is not None and other.pk == course.pk:
            raise ValidationError(_("A course cannot be its own prerequisite."))
    if course.pk is None:
        return
    # Walk the existing graph from the new prerequisites: reaching `course` closes a cycle.
    edges: dict[int, set[int]] = {}
    rows = Course.prerequisites.through.objects.filter(from_course__training=training)
    for from_id, to_id in rows.values_list("from_course_id", "to_course_id"):
        edges.setdefault(from_id, set()).add(to_id)
    edges[course.pk] = {other.pk for other in prerequisites}
    seen: set[int] = set()
    stack = list(edges[course.pk])
    while stack:
        current = stack.pop()
        if current == course.pk:
            raise ValidationError(
                _("These prerequisites form a cycle: a course would require itself.")
            )
        if current not in seen:
            seen.add(current)
            stack.extend(edges.get(current, ()))


# ---------------------------------------------------------------- seats and waitlist
def _notify(*, user: User, message: str, url: str, subject: str) -> None:
    notification_send(recipients=[user], kind="training", message=message, url=url)
    if user.email and not user.email_notifications:
        # notification_send already mails those who asked for copies; confirmations go to all.
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
        if participant is not None and participant.status != Status.CANCELLED:
            raise ValidationError(_("You are already registered for this training."))
        if not (training.is_active and training.is_visible):
            raise ValidationError(_("This training is not open for registration."))
        if training.has_ended:
            raise ValidationError(_("This training has already ended."))
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
            message=message,
            url=training.get_absolute_url(),
            subject=_("Training registration: %(title)s") % {"title": training.title},
        )
    return participant


def training_unregister(
    *, training: Training, user: User, request: HttpRequest | None = None
) -> Participant:
    """Give the seat back (before the start); the first person waiting takes it."""
    with transaction.atomic():
        training = Training.objects.select_for_update().get(pk=training.pk)
        participant = Participant.objects.filter(training=training, user=user).first()
        if participant is None or participant.status not in (Status.REGISTERED, Status.WAITLISTED):
            raise ValidationError(_("You are not registered for this training."))
        if training.has_started:
            raise ValidationError(_("The training has started: you can no longer unregister."))
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
        message=_("A seat opened up: you are now registered for “%(title)s”.")
        % {"title": training.title},
        url=training.get_absolute_url(),
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
        # Bulk writes send no signal: what is shared by participations is computed again.
        caching.bump({"training.Participant", "training.Training"})
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
            kind="training",
            message=_("You are enrolled in the mandatory training “%(title)s”, due %(due)s.")
            % {"title": training.title, "due": due_date.isoformat()},
            url=training.get_absolute_url(),
        )
    return needed


# ---------------------------------------------------------------- progress
def lesson_open(*, participant: Participant, lesson: Lesson) -> None:
    """Remember where the participant left off."""
    if participant.last_lesson_id != lesson.pk:
        Participant.objects.filter(pk=participant.pk).update(last_lesson=lesson)
        participant.last_lesson = lesson


def lesson_complete(*, participant: Participant, lesson: Lesson) -> Participant:
    """Mark a lesson done. A lesson with a quiz is done only when the quiz is passed."""
    if not participant.is_seated:
        raise ValidationError(_("Only registered participants can follow the lessons."))
    if not selectors.course_is_open(user=participant.user, course=lesson.course):
        raise ValidationError(_("Complete the prerequisite courses first."))
    quiz = Quiz.objects.filter(lesson=lesson).first()
    if (
        quiz is not None
        and not QuizAttempt.objects.filter(quiz=quiz, user=participant.user, passed=True).exists()
    ):
        raise ValidationError(_("Pass this lesson's quiz to complete it."))
    with transaction.atomic():
        LessonProgress.objects.get_or_create(user=participant.user, lesson=lesson)
        return _progress_refresh(participant=participant)


def _progress_refresh(*, participant: Participant) -> Participant:
    """Recompute the participant's progress; completing every lesson completes the training."""
    participant = (
        Participant.objects.select_for_update()
        .select_related("training", "user")
        .get(pk=participant.pk)
    )
    training = participant.training
    total = Lesson.objects.filter(course__training=training).count()
    done = LessonProgress.objects.filter(
        user=participant.user, lesson__course__training=training
    ).count()
    participant.progress = math.floor(100 * done / total) if total else 0
    fields = ["progress"]
    if total and done >= total and participant.status == Status.REGISTERED:
        best = (
            QuizAttempt.objects.filter(
                quiz__lesson__course__training=training, user=participant.user
            )
            .values("quiz")
            .annotate(best=Max("score"))
            .values_list("best", flat=True)
        )
        best = list(best)
        participant.status = Status.COMPLETED
        participant.completed_at = timezone.now()
        participant.score = round(sum(best) / len(best)) if best else None
        fields += ["status", "completed_at", "score"]
        participant.save(update_fields=fields)
        audit_record(
            actor=participant.user, action="training.participant.complete", target=participant
        )
        certificate_issue(training=training, user=participant.user)
        return participant
    participant.save(update_fields=fields)
    return participant


# ---------------------------------------------------------------- quizzes
def _finalize_expired(attempt: QuizAttempt) -> None:
    """An attempt left open past its deadline and grace counts as submitted with no answers."""
    _grade(attempt=attempt, answers={}, submitted_at=attempt.deadline, late=True)


def quiz_start(*, participant: Participant, quiz: Quiz) -> QuizAttempt:
    """Open an attempt (or return the one still open). The attempt limit holds under concurrency:
    the participant row is locked, and attempt numbers are unique per user and quiz."""
    if not participant.is_seated:
        raise ValidationError(_("Only registered participants can take the quiz."))
    if not selectors.course_is_open(user=participant.user, course=quiz.lesson.course):
        raise ValidationError(_("Complete the prerequisite courses first."))
    now = timezone.now()
    try:
        with transaction.atomic():
            Participant.objects.select_for_update().get(pk=participant.pk)
            attempts = list(
                QuizAttempt.objects.select_for_update().filter(quiz=quiz, user=participant.user)
            )
            for attempt in attempts:
                if attempt.submitted_at is None:
                    if attempt.deadline is None or now <= attempt.deadline + QUIZ_GRACE:
                        return attempt
                    _finalize_expired(attempt)
            if any(attempt.passed for attempt in attempts):
                raise ValidationError(_("You have already passed this quiz."))
            if len(attempts) >= quiz.max_attempts:
                raise ValidationError(
                    _("You have used all %(count)s attempts for this quiz.")
                    % {"count": quiz.max_attempts}
                )
            deadline = (
                now + datetime.timedelta(minutes=quiz.time_limit_minutes)
                if quiz.time_limit_minutes
                else None
            )
            return QuizAttempt.objects.create(
                quiz=quiz,
                user=participant.user,
                number=len(attempts) + 1,
                started_at=now,
                deadline=deadline,
            )
    except IntegrityError:
        raise ValidationError(_("Another attempt was started at the same time.")) from None


def quiz_answers_check(*, quiz: Quiz, answers: dict[int, list[int]]) -> None:
    """Refuse answers to questions outside the quiz and choices outside their question."""
    questions = {q.pk: q for q in quiz.questions.prefetch_related("choices")}
    for question_id, choice_ids in answers.items():
        question = questions.get(question_id)
        if question is None:
            raise ValidationError(_("Some answers are for questions that are not in this quiz."))
        valid = {choice.pk for choice in question.choices.all()}
        if not set(choice_ids) <= valid:
            raise ValidationError(_("Some answers are not choices of their question."))
        if question.kind != question.Kind.MULTIPLE and len(set(choice_ids)) > 1:
            raise ValidationError(
                _("Choose only one answer for “%(question)s”.") % {"question": question}
            )


def _grade(
    *,
    attempt: QuizAttempt,
    answers: dict[int, list[int]],
    submitted_at: datetime.datetime,
    late: bool,
) -> QuizAttempt:
    quiz = attempt.quiz
    points = max_points = 0
    for question in quiz.questions.prefetch_related("choices"):
        max_points += question.points
        correct = {choice.pk for choice in question.choices.all() if choice.is_correct}
        if correct and set(answers.get(question.pk, [])) == correct:
            points += question.points
    attempt.answers = {str(k): sorted(set(v)) for k, v in answers.items()}
    attempt.points = points
    attempt.max_points = max_points
    attempt.score = round(100 * points / max_points) if max_points else 0
    attempt.passed = bool(max_points) and attempt.score >= quiz.passing_score
    attempt.submitted_at = submitted_at
    attempt.late = late
    attempt.save()
    return attempt


def quiz_submit(
    *, attempt: QuizAttempt, answers: dict[int, list[int]], request: HttpRequest | None = None
) -> QuizAttempt:
    """Grade on the server. Past deadline + grace, the answers are discarded (see QUIZ_GRACE)."""
    quiz_answers_check(quiz=attempt.quiz, answers=answers)
    now = timezone.now()
    with transaction.atomic():
        attempt = QuizAttempt.objects.select_for_update().select_related("quiz").get(pk=attempt.pk)
        if attempt.submitted_at is not None:
            raise ValidationError(_("This attempt has already been submitted."))
        if attempt.deadline is not None and now > attempt.deadline + QUIZ_GRACE:
            _grade(attempt=attempt, answers={}, submitted_at=attempt.deadline, late=True)
        else:
            _grade(attempt=attempt, answers=answers, submitted_at=now, late=False)
        audit_record(
            actor=attempt.user,
            action="training.quiz.submit",
            target=attempt,
            summary=f"score={attempt.score} passed={attempt.passed} late={attempt.late}",
            request=request,
        )
        if attempt.passed:
            participant = Participant.objects.filter(
                training=attempt.quiz.lesson.course.training, user=attempt.user
            ).first()
            if participant is not None and participant.is_seated:
                LessonProgress.objects.get_or_create(user=attempt.user, lesson=attempt.quiz.lesson)
                _progress_refresh(participant=participant)
    return attempt


# ---------------------------------------------------------------- certificates
def certificate_issue(
    *,
    training: Training,
    user: User,
    actor: User | None = None,
    request: HttpRequest | None = None,
) -> Certificate:
    """Issue (or return the existing) certificate, valid for the training's validity period."""
    with transaction.atomic():
        existing = Certificate.objects.filter(training=training, user=user).first()
        if existing is not None:
            return existing
        now = timezone.now()
        certificate = Certificate.objects.create(
            training=training,
            user=user,
            issued_at=now,
            issued_by=actor,
            expires_at=(
                now + datetime.timedelta(days=training.certificate_validity_days)
                if training.certificate_validity_days
                else None
            ),
        )
        audit_record(
            actor=actor or user,
            action="training.certificate.issue",
            target=certificate,
            request=request,
        )
        notification_send(
            recipients=[user],
            kind="training",
            message=_("Your certificate for “%(title)s” is ready.") % {"title": training.title},
            url=certificate_url(),
        )
    return certificate


def certificate_url() -> str:
    return reverse("training:certificate_list")


def certificates_notify_expiring(*, within_days: int = 30) -> int:
    """Remind once the holders of certificates that expire within `within_days`."""
    now = timezone.now()
    due = Certificate.objects.filter(
        expires_at__gt=now,
        expires_at__lte=now + datetime.timedelta(days=within_days),
        expiry_notified_at__isnull=True,
    ).select_related("user", "training")
    count = 0
    for certificate in due:
        with transaction.atomic():
            notification_send(
                recipients=[certificate.user],
                kind="training",
                message=_("Your certificate for “%(title)s” expires on %(date)s.")
                % {
                    "title": certificate.training.title,
                    "date": timezone.localdate(certificate.expires_at).isoformat(),
                },
                url=certificate_url(),
            )
            Certificate.objects.filter(pk=certificate.pk).update(expiry_notified_at=now)
        count += 1
    return count


# ---------------------------------------------------------------- syllabus editing
def _progress_recompute(*, training: Training) -> None:
    """After lessons are added or removed, registered participants' percentages follow."""
    total = Lesson.objects.filter(course__training=training).count()
    done = dict(
        LessonProgress.objects.filter(lesson__course__training=training)
        .values("user_id")
        .annotate(n=Count("pk"))
        .values_list("user_id", "n")
    )
    participants = list(Participant.objects.filter(training=training, status=Status.REGISTERED))
    for participant in participants:
        participant.progress = (
            math.floor(100 * done.get(participant.user_id, 0) / total) if total else 0
        )
    Participant.objects.bulk_update(participants, ["progress"])
    caching.bump({"training.Participant"})  # a bulk write sends no signal
    for participant in participants:
        if total and participant.progress >= 100:
            _progress_refresh(participant=participant)  # every lesson left is done: complete


@transaction.atomic
def course_save(
    *,
    actor: User,
    course: Course,
    prerequisites: list[Course],
    request: HttpRequest | None = None,
) -> Course:
    course_prerequisites_check(course=course, training=course.training, prerequisites=prerequisites)
    creating = course.pk is None
    course.full_clean()
    course.save()
    course.prerequisites.set(prerequisites)
    audit_record(
        actor=actor,
        action="training.course.create" if creating else "training.course.update",
        target=course,
        request=request,
    )
    return course


@transaction.atomic
def course_delete(*, actor: User, course: Course, request: HttpRequest | None = None) -> None:
    training = course.training
    audit_record(actor=actor, action="training.course.delete", target=course, request=request)
    course.delete()
    _progress_recompute(training=training)


@transaction.atomic
def lesson_save(*, actor: User, lesson: Lesson, request: HttpRequest | None = None) -> Lesson:
    creating = lesson.pk is None
    lesson.full_clean()
    lesson.save()
    audit_record(
        actor=actor,
        action="training.lesson.create" if creating else "training.lesson.update",
        target=lesson,
        request=request,
    )
    if creating:
        _progress_recompute(training=lesson.course.training)
    return lesson


@transaction.atomic
def lesson_delete(*, actor: User, lesson: Lesson, request: HttpRequest | None = None) -> None:
    training = lesson.course.training
    audit_record(actor=actor, action="training.lesson.delete", target=lesson, request=request)
    lesson.delete()
    _progress_recompute(training=training)


@transaction.atomic
def file_item_save(*, actor: User, item, request: HttpRequest | None = None):
    """Save a lesson attachment or a training resource (its upload already validated)."""
    creating = item.pk is None
    item.full_clean()
    item.save()
    audit_record(
        actor=actor,
        action=f"training.{item._meta.model_name}.{'create' if creating else 'update'}",
        target=item,
        request=request,
    )
    return item


@transaction.atomic
def file_item_delete(*, actor: User, item, request: HttpRequest | None = None) -> None:
    audit_record(
        actor=actor, action=f"training.{item._meta.model_name}.delete", target=item, request=request
    )
    stored = item.file.name if item.file else ""
    storage = item.file.storage if item.file else None
    item.delete()
    if stored and storage is not None:
        transaction.on_commit(lambda: storage.delete(stored))


@transaction.atomic
def quiz_save(*, actor: User, quiz: Quiz, request: HttpRequest | None = None) -> Quiz:
    creating = quiz.pk is None
    quiz.full_clean()
    quiz.save()
    audit_record(
        actor=actor,
        action="training.quiz.create" if creating else "training.quiz.update",
        target=quiz,
        request=request,
    )
    return quiz


@transaction.atomic
def quiz_delete(*, actor: User, quiz: Quiz, request: HttpRequest | None = None) -> None:
    audit_record(actor=actor, action="training.quiz.delete", target=quiz, request=request)
    quiz.delete()


@transaction.atomic
def question_save(*, actor: User, form, formset, request: HttpRequest | None = None):
    """Save a question and its answers together (both already validated)."""
    creating = form.instance.pk is None
    question = form.save()
    formset.instance = question
    formset.save()
    audit_record(
        actor=actor,
        action="training.question.create" if creating else "training.question.update",
        target=question,
        request=request,
    )
    return question


@transaction.atomic
def question_delete(*, actor: User, question, request: HttpRequest | None = None) -> None:
    audit_record(actor=actor, action="training.question.delete", target=question, request=request)
    question.delete()
