"""Following a training: its courses and lessons, completing them, the downloads."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from training import permissions, selectors, services
from training.models import Participant
from training.views.common import (
    crumbs,
    ensure_can_open,
    ensure_follows,
    file_response,
    opened_or_sent_to_register,
    show_errors,
)


def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.course_get(user=request.user, pk=pk)
    training = course.training
    _participant, elsewhere = opened_or_sent_to_register(request, training)
    if elsewhere:
        return elsewhere
    return render(
        request,
        "training/course_detail.html",
        {
            "course": course,
            "training": training,
            "state": selectors.course_state(user=request.user, course=course),
            "can_manage": permissions.can_manage(request.user, training),
            "crumbs": crumbs(training, (course.title, "")),
        },
    )


def lesson_detail(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = selectors.lesson_for_page(user=request.user, pk=pk)
    course, training = lesson.course, lesson.course.training
    participant, elsewhere = opened_or_sent_to_register(request, training)
    if elsewhere:
        return elsewhere
    can_manage = permissions.can_manage(request.user, training)
    if lesson.is_locked and not can_manage:
        messages.warning(request, _("Complete the prerequisite courses first."))
        return redirect(training)
    if permissions.can_follow(participant):
        services.lesson_open(participant=participant, lesson=lesson)
    previous, following = selectors.lesson_neighbours(lesson=lesson)
    return render(
        request,
        "training/lesson_detail.html",
        {
            "lesson": lesson,
            "course": course,
            "training": training,
            "quiz": selectors.lesson_quiz(lesson=lesson),
            "attachments": lesson.attachments.all(),
            "can_manage": can_manage,
            "can_follow": permissions.can_follow(participant),
            "previous": previous,
            "next": following,
            "crumbs": crumbs(
                training, (course.title, course.get_absolute_url()), (lesson.title, "")
            ),
        },
    )


@require_POST
def lesson_complete(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = selectors.lesson_get(user=request.user, pk=pk)
    participant = ensure_follows(request, lesson.course.training)
    try:
        participant = services.lesson_complete(participant=participant, lesson=lesson)
    except ValidationError as error:
        show_errors(request, error)
        return redirect(lesson)
    if participant.status == Participant.Status.COMPLETED:
        messages.success(request, _("Congratulations, you completed the training!"))
        return redirect(participant.training)
    messages.success(request, _("Lesson completed."))
    return redirect(selectors.resume_lesson(participant=participant) or lesson)


def training_resume(request: HttpRequest, pk: int) -> HttpResponse:
    training = selectors.training_get(user=request.user, pk=pk)
    participant = ensure_follows(request, training)
    lesson = selectors.resume_lesson(participant=participant)
    if lesson is None:
        messages.info(request, _("You have finished every lesson you can open."))
        return redirect(training)
    return redirect(lesson)


def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = selectors.attachment_get(user=request.user, pk=pk)
    ensure_can_open(request, attachment.lesson.course.training)
    return file_response(attachment, attachment.title)


def resource_download(request: HttpRequest, pk: int) -> HttpResponse:
    resource = selectors.resource_get(user=request.user, pk=pk)
    ensure_can_open(request, resource.training)
    if resource.url and not resource.file:
        return redirect(resource.url)
    return file_response(resource, resource.title)
