"""Running a training: creating and editing it and its syllabus, enrolment, participants."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import selectors as accounts_selectors
from intrasphere.pagination import paginate
from training import permissions, selectors, services
from training.forms import (
    AttachmentForm,
    CourseForm,
    EnrolGroupForm,
    LessonForm,
    ParticipantMarkForm,
    ResourceForm,
    TrainingForm,
)
from training.models import Course, Lesson, Participant, Training
from training.views.common import crumbs, render_object_form, show_errors


# ---------------------------------------------------------------- trainings
def _training_form(request: HttpRequest, training: Training | None, *, done: str) -> HttpResponse:
    form = TrainingForm(
        request.POST or None,
        request.FILES or None,
        instance=training,
        can_choose_instructor=permissions.can_manage_all(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.training_save(
                actor=request.user,
                training=form.instance,
                audience_categories=list(form.cleaned_data["audience_categories"]),
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done)
            return redirect(saved)
    return render(request, "training/training_form.html", {"form": form, "training": training})


def training_create(request: HttpRequest) -> HttpResponse:
    permissions.ensure_manage_all(request.user)
    return _training_form(request, None, done=_("The training was created."))


def training_edit(request: HttpRequest, pk: int) -> HttpResponse:
    training = selectors.training_get(user=request.user, pk=pk)
    permissions.ensure_manage(request.user, training)
    return _training_form(request, training, done=_("The training was saved."))


@require_POST
def training_delete(request: HttpRequest, pk: int) -> HttpResponse:
    training = selectors.training_get(user=request.user, pk=pk)
    if not permissions.can_delete(request.user, training):
        raise PermissionDenied
    try:
        services.training_delete(actor=request.user, training=training, request=request)
    except ValidationError as error:
        show_errors(request, error)
        return redirect(training)
    messages.success(request, _("The training was deleted."))
    return redirect("training:training_list")


# ---------------------------------------------------------------- enrolment and participants
def training_enrol(request: HttpRequest, pk: int) -> HttpResponse:
    training = selectors.training_get(user=request.user, pk=pk)
    permissions.ensure_manage_all(request.user)
    form = EnrolGroupForm(request.POST or None, departments=accounts_selectors.departments())
    if request.method == "POST" and form.is_valid():
        try:
            count = services.training_enrol_group(
                actor=request.user, training=training, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(count)s people were enrolled.") % {"count": count})
            return redirect("training:participant_list", pk=training.pk)
    return render(
        request,
        "training/training_enrol.html",
        {"form": form, "training": training, "crumbs": crumbs(training, (_("Enrol"), ""))},
    )


def participant_list(request: HttpRequest, pk: int) -> HttpResponse:
    training = selectors.training_get(user=request.user, pk=pk)
    permissions.ensure_manage(request.user, training)
    status = request.GET.get("status", "")
    if status not in Participant.Status.values:
        status = ""
    page = paginate(request, selectors.participant_list(training=training, status=status))
    return render(
        request,
        "training/participant_list.html",
        {
            "training": training,
            "page": page,
            "status": status,
            "statuses": Participant.Status.choices,
            "feedback": selectors.feedback_summary(training=training),
            "crumbs": crumbs(training, (_("Participants"), "")),
        },
    )


def participant_progress(request: HttpRequest, pk: int) -> HttpResponse:
    participant = selectors.participant_get_for_viewer(user=request.user, pk=pk)
    training = participant.training
    return render(
        request,
        "training/participant_progress.html",
        {
            "participant": participant,
            "training": training,
            "states": selectors.course_states(user=participant.user, training=training),
            "certificate": selectors.certificate_of(participant=participant),
            "crumbs": crumbs(training, (participant.user.name, "")),
        },
    )


@require_POST
def participant_mark(request: HttpRequest, pk: int) -> HttpResponse:
    participant = selectors.participant_get_for_viewer(user=request.user, pk=pk)
    permissions.ensure_manage(request.user, participant.training)
    form = ParticipantMarkForm(request.POST)
    form.is_valid()  # two check boxes: absent means unchecked, nothing can be invalid
    try:
        services.participant_mark(
            actor=request.user, participant=participant, request=request, **form.cleaned_data
        )
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("The participant was updated."))
    return redirect("training:participant_list", pk=participant.training_id)


@require_POST
def certificate_issue(request: HttpRequest, pk: int) -> HttpResponse:
    participant = selectors.participant_get_for_viewer(user=request.user, pk=pk)
    permissions.ensure_manage(request.user, participant.training)
    try:
        services.participant_certificate_issue(
            actor=request.user, participant=participant, request=request
        )
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("The certificate was issued."))
    return redirect("training:participant_list", pk=participant.training_id)


# ---------------------------------------------------------------- syllabus editing
def _course_form(request: HttpRequest, course, *, title: str, back_url: str) -> HttpResponse:
    form = CourseForm(request.POST or None, instance=course, training=course.training)
    if request.method == "POST" and form.is_valid():
        course = services.course_save(
            actor=request.user,
            course=form.instance,
            prerequisites=list(form.cleaned_data["prerequisites"]),
            request=request,
        )
        messages.success(request, _("The course was saved."))
        return redirect(course)
    return render_object_form(
        request, form, title=title, training=course.training, back_url=back_url
    )


def course_create(request: HttpRequest, pk: int) -> HttpResponse:
    training = selectors.training_get(user=request.user, pk=pk)
    permissions.ensure_manage(request.user, training)
    course = Course(training=training)
    return _course_form(
        request, course, title=_("New course"), back_url=training.get_absolute_url()
    )


def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.course_get(user=request.user, pk=pk)
    permissions.ensure_manage(request.user, course.training)
    return _course_form(request, course, title=_("Edit course"), back_url=course.get_absolute_url())


@require_POST
def course_delete(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.course_get(user=request.user, pk=pk)
    permissions.ensure_manage(request.user, course.training)
    services.course_delete(actor=request.user, course=course, request=request)
    messages.success(request, _("The course was deleted."))
    return redirect(course.training)


def _lesson_form(request: HttpRequest, lesson, *, title: str, back_url: str) -> HttpResponse:
    form = LessonForm(request.POST or None, instance=lesson)
    if request.method == "POST" and form.is_valid():
        lesson = services.lesson_save(actor=request.user, lesson=form.instance, request=request)
        messages.success(request, _("The lesson was saved."))
        return redirect(lesson)
    return render_object_form(
        request, form, title=title, training=lesson.course.training, back_url=back_url
    )


def lesson_create(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.course_get(user=request.user, pk=pk)
    permissions.ensure_manage(request.user, course.training)
    lesson = Lesson(course=course)
    return _lesson_form(request, lesson, title=_("New lesson"), back_url=course.get_absolute_url())


def lesson_edit(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = selectors.lesson_get(user=request.user, pk=pk)
    permissions.ensure_manage(request.user, lesson.course.training)
    return _lesson_form(request, lesson, title=_("Edit lesson"), back_url=lesson.get_absolute_url())


@require_POST
def lesson_delete(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = selectors.lesson_get(user=request.user, pk=pk)
    permissions.ensure_manage(request.user, lesson.course.training)
    services.lesson_delete(actor=request.user, lesson=lesson, request=request)
    messages.success(request, _("The lesson was deleted."))
    return redirect(lesson.course)


def _file_form(
    request: HttpRequest, form, *, title: str, done: str, training: Training, back
) -> HttpResponse:
    """An attachment's or a resource's upload form; `back`: where both the page and the
    success lead (the lesson or the training)."""
    if request.method == "POST" and form.is_valid():
        services.file_item_save(actor=request.user, item=form.instance, request=request)
        messages.success(request, done)
        return redirect(back)
    return render_object_form(
        request,
        form,
        title=title,
        training=training,
        back_url=back.get_absolute_url(),
        multipart=True,
    )


def attachment_create(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = selectors.lesson_get(user=request.user, pk=pk)
    permissions.ensure_manage(request.user, lesson.course.training)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    form.instance.lesson = lesson
    return _file_form(
        request,
        form,
        title=_("New attachment"),
        done=_("The attachment was added."),
        training=lesson.course.training,
        back=lesson,
    )


@require_POST
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = selectors.attachment_get(user=request.user, pk=pk)
    permissions.ensure_manage(request.user, attachment.lesson.course.training)
    services.file_item_delete(actor=request.user, item=attachment, request=request)
    messages.success(request, _("The attachment was deleted."))
    return redirect(attachment.lesson)


def resource_create(request: HttpRequest, pk: int) -> HttpResponse:
    training = selectors.training_get(user=request.user, pk=pk)
    permissions.ensure_manage(request.user, training)
    form = ResourceForm(request.POST or None, request.FILES or None)
    form.instance.training = training
    return _file_form(
        request,
        form,
        title=_("New resource"),
        done=_("The resource was added."),
        training=training,
        back=training,
    )


def resource_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a resource's title, description, link or file (a new file replaces the old)."""
    resource = selectors.resource_get(user=request.user, pk=pk)
    permissions.ensure_manage(request.user, resource.training)
    form = ResourceForm(request.POST or None, request.FILES or None, instance=resource)
    return _file_form(
        request,
        form,
        title=_("Edit the resource"),
        done=_("The resource was saved."),
        training=resource.training,
        back=resource.training,
    )


@require_POST
def resource_delete(request: HttpRequest, pk: int) -> HttpResponse:
    resource = selectors.resource_get(user=request.user, pk=pk)
    permissions.ensure_manage(request.user, resource.training)
    services.file_item_delete(actor=request.user, item=resource, request=request)
    messages.success(request, _("The resource was deleted."))
    return redirect(resource.training)
