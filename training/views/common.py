"""Helpers every training page shares: breadcrumbs, error messages, the right to open lessons."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from intrasphere.media import protected_file_response
from training import permissions, selectors
from training.models import Participant, Training


def show_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def crumbs(training: Training, *extra: tuple[str, str]) -> list[tuple[str, str]]:
    """Trainings › the training › `extra` (label, url) pairs; the last one is the page."""
    return [
        (_("Trainings"), reverse("training:training_list")),
        (training.title, training.get_absolute_url()),
        *extra,
    ]


def ensure_can_open(request: HttpRequest, training: Training) -> Participant | None:
    """The viewer's participation, once checked that they may open the training's lessons
    (a seat, or the right to manage it): 403 otherwise."""
    participant = selectors.participant_for(user=request.user, training=training)
    if not permissions.can_open_lessons(request.user, training, participant):
        raise PermissionDenied
    return participant


def opened_or_sent_to_register(
    request: HttpRequest, training: Training
) -> tuple[Participant | None, HttpResponse | None]:
    """`ensure_can_open` for a page a link may lead to (a course, a lesson, a quiz): someone
    without a seat is sent to the training's page, where "Register" (or the waitlist) is,
    instead of a dead end. Returns (participation, None) or (None, the redirect)."""
    participant = selectors.participant_for(user=request.user, training=training)
    if permissions.can_open_lessons(request.user, training, participant):
        return participant, None
    if participant is not None and participant.status == Participant.Status.WAITLISTED:
        messages.info(request, _("You are on the waitlist: the lessons open with your seat."))
    else:
        messages.info(request, _("Register for this training to open its lessons."))
    return None, redirect(training)


def ensure_follows(request: HttpRequest, training: Training) -> Participant:
    """The viewer's seat in the training (to complete lessons, take quizzes): 403 without."""
    participant = selectors.participant_for(user=request.user, training=training)
    if not permissions.can_follow(participant):
        raise PermissionDenied
    return participant


def file_response(item, title: str) -> HttpResponse:
    """A stored attachment or resource as a download named after its title."""
    return protected_file_response(
        item.file,
        as_attachment=True,
        filename=f"{slugify(title) or 'file'}.{item.extension}",
        content_type=item.content_type or "application/octet-stream",
    )


def render_object_form(
    request: HttpRequest,
    form,
    *,
    title: str,
    training: Training,
    back_url: str,
    multipart: bool = False,
) -> HttpResponse:
    """The generic form page of the syllabus editors (course, lesson, attachment, quiz…)."""
    return render(
        request,
        "training/object_form.html",
        {
            "form": form,
            "title": title,
            "training": training,
            "back_url": back_url,
            "multipart": multipart,
            "crumbs": crumbs(training, (title, "")),
        },
    )
