"""What managers and instructors write: trainings, their syllabus, files and quizzes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from intrasphere.services import audit_record
from training.models import Course, Lesson, Quiz, Training
from training.services.learning import progress_recompute

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accounts.models import User

MANAGE_CODENAME = "manage_trainings"


def instructor_sync(*, training: Training, previous: User | None) -> None:
    """The instructor holds `manage_trainings` on their training, and only while they teach it."""
    if previous is not None and previous.pk != training.instructor_id:
        remove_perm(MANAGE_CODENAME, previous, training)
    if training.instructor is not None:
        assign_perm(MANAGE_CODENAME, training.instructor, training)


@transaction.atomic
def training_save(
    *,
    actor: User,
    training: Training,
    audience_categories: list | None = None,
    request: HttpRequest | None = None,
) -> Training:
    """Create or update a training (validated by its form); keep the instructor's right in sync.

    A mandatory training's audience is everyone unless departments or `audience_categories`
    (None: unchanged) restrict it; the day it becomes mandatory starts its people's
    "N days after" deadlines (`selectors.compliance`)."""
    creating = training.pk is None
    stored = None if creating else Training.objects.get(pk=training.pk)
    previous = None if creating else stored.instructor
    if training.is_mandatory and (stored is None or not stored.is_mandatory):
        training.mandatory_since = timezone.localdate()
    if audience_categories is None:
        audience_categories = [] if creating else list(stored.audience_categories.all())
    training.audience_restricted = bool(training.department_list or audience_categories)
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
    training.audience_categories.set(audience_categories)
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
    progress_recompute(training=training)


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
        progress_recompute(training=lesson.course.training)
    return lesson


@transaction.atomic
def lesson_delete(*, actor: User, lesson: Lesson, request: HttpRequest | None = None) -> None:
    training = lesson.course.training
    audit_record(actor=actor, action="training.lesson.delete", target=lesson, request=request)
    lesson.delete()
    progress_recompute(training=training)


@transaction.atomic
def file_item_save(*, actor: User, item, request: HttpRequest | None = None):
    """Save a lesson attachment or a training resource (its upload already validated); a file
    replaced or cleared is removed from the storage once the change is committed."""
    creating = item.pk is None
    before = "" if creating else type(item).objects.filter(pk=item.pk).values_list("file").get()[0]
    item.full_clean()
    item.save()
    if before and before != (item.file.name if item.file else ""):
        storage = type(item)._meta.get_field("file").storage
        transaction.on_commit(lambda: storage.delete(before))
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
