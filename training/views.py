"""Training pages: thin views over training.services and training.selectors."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import selectors as accounts_selectors
from intrasphere import caching
from intrasphere.csv_files import csv_cell
from intrasphere.markdown import render_markdown
from intrasphere.pagination import paginate
from training import permissions, selectors, services
from training.forms import (
    AttachmentForm,
    CatalogFilterForm,
    ChoiceFormSet,
    CourseForm,
    EnrolGroupForm,
    FeedbackForm,
    LessonForm,
    ParticipantMarkForm,
    QuestionForm,
    QuizForm,
    ResourceForm,
    TrainingForm,
    parse_answers,
)
from training.models import (
    Certificate,
    LessonAttachment,
    Participant,
    Question,
    Quiz,
    Resource,
    Training,
)
from training.pdf import certificate_pdf_bytes


def _error(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _crumbs(training, *extra):
    return [
        (_("Trainings"), reverse("training:training_list")),
        (training.title, training.get_absolute_url()),
        *extra,
    ]


# ---------------------------------------------------------------- catalog
def _training_list_context(request: HttpRequest) -> dict:
    form = CatalogFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    return {
        "page": paginate(request, selectors.training_catalog(user=request.user, **filters)),
        "form": form,
        "categories": selectors.categories(),
        "can_create": permissions.can_manage_all(request.user),
        "can_see_compliance": permissions.can_manage_all(request.user),
    }


def _read_ahead(request: HttpRequest, body: str, page: str | None = None) -> dict[str, Any]:
    """The viewer's rights on trainings and the generations of the page's shared body (and
    object, `page`), in one cache round trip: the page needs them all, and one each cost
    ~0.1 ms."""
    keys = caching.body_generation_keys(body)
    if page is not None:
        keys += caching.value_generation_keys(page)
    return accounts_selectors.read_rights_ahead(request.user, [Training], also=keys)


def training_list(request: HttpRequest) -> HttpResponse:
    found = _read_ahead(request, "training_list")
    body = caching.shared_body(
        request,
        "training_list",
        template="training/_training_list_body.html",
        vary=selectors.training_catalog_audience(request.user),
        context=lambda: _training_list_context(request),
        found=found,
    )
    return render(request, "training/training_list.html", {"body": body})


def my_trainings(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.my_trainings(user=request.user))
    managed = selectors.managed_trainings(user=request.user).order_by("title", "pk")
    return render(
        request,
        "training/my_trainings.html",
        {"page": page, "managed": managed[:50]},
    )


def _post_buttons(request: HttpRequest, allowed: set[str]) -> caching.ViewerPartFiller:
    """The POST buttons of a shared training body ("post" parts: url name, pk), each with this
    request's CSRF token; only the kinds this viewer may use (`allowed`), the rest stay empty."""

    def fill(parts: list[tuple[str, ...]]) -> dict[tuple[str, ...], str]:
        shown = [(kind, pk) for kind, pk in parts if kind in allowed]
        if not shown:  # most viewers: no context processors to run for nothing
            return {}
        rendered = caching.render_each(
            "training/_post_button.html",
            request,
            [{"kind": kind, "pk": pk} for kind, pk in shown],
        )
        return dict(zip(shown, rendered, strict=True))

    return fill


def _done_badge() -> str:
    return get_template("training/_syllabus_viewer_part.html").render({"part": "done"})


def _syllabus_parts(progress: selectors.SyllabusProgress) -> caching.ViewerPartFiller:
    """The viewer's "Locked" and "Done" badges and course progress bars in the shared syllabus,
    from their `progress` (read with their participation: `selectors.training_for_page`)."""

    def fill(parts: list[tuple[str, ...]]) -> dict[tuple[str, ...], str]:
        template = get_template("training/_syllabus_viewer_part.html")
        done_badge = _done_badge()
        locked_badge = template.render({"part": "locked"})
        html = {}
        for part in parts:
            kind, pk = part[0], int(part[1])
            if kind == "done" and pk in progress.done_ids:
                html[part] = done_badge
            elif kind == "locked" and not all(
                progress.is_complete(int(p)) for p in part[2].split("-")
            ):
                html[part] = locked_badge
            elif kind == "progress":
                total, done = progress.total.get(pk, 0), progress.done.get(pk, 0)
                percent = int(100 * done / total) if total else 0
                html[part] = template.render(
                    {"part": "progress", "total": total, "done": done, "percent": percent}
                )
        return html

    return fill


def training_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = _read_ahead(request, "training_detail", page="training_page")
    training, state, progress = selectors.training_for_page(user=request.user, pk=pk, found=found)
    participant = state.participant
    can_manage = permissions.can_manage(request.user, training)
    can_follow = permissions.can_follow(participant)
    body = caching.shared_body(
        request,
        "training_detail",
        template="training/_training_detail_body.html",
        # The key holds no path: the training; then the links and buttons the body shows.
        vary=(training.pk, can_manage, can_follow),
        context=lambda: {
            "training": training,
            "courses": selectors.syllabus_for_body(training=training),
            "resources": training.resources.all(),
            "can_manage": can_manage,
            "can_follow": can_follow,
            "description_html": render_markdown(training.description),
        },
        found=found,
    )
    fillers = {
        "syllabus": _syllabus_parts(progress),
        "post": _post_buttons(request, {"resource_delete"} if can_manage else set()),
    }
    return render(
        request,
        "training/training_detail.html",
        {
            "training": training,
            "participant": participant,
            "body": caching.fill_viewer_parts(body, fillers),
            "waitlist_position": selectors.waitlist_position(participant=participant)
            if participant is not None
            else None,
            "can_manage": can_manage,
            "can_delete": permissions.can_delete(request.user, training),
            "can_enrol": permissions.can_manage_all(request.user),
            "can_register": participant is None
            or participant.status == Participant.Status.CANCELLED,
            "can_unregister": participant is not None
            and participant.status in (Participant.Status.REGISTERED, Participant.Status.WAITLISTED)
            and not training.has_started,
            "feedback_form": FeedbackForm(instance=participant)
            if participant is not None and participant.status == Participant.Status.COMPLETED
            else None,
            "feedback": selectors.feedback_summary(training=training) if can_manage else None,
            "crumbs": _crumbs(training)[:1] + [(training.title, "")],
        },
    )


def training_create(request: HttpRequest) -> HttpResponse:
    permissions.ensure_manage_all(request.user)
    form = TrainingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            training = services.training_save(
                actor=request.user, training=form.instance, request=request
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The training was created."))
            return redirect(training)
    return render(request, "training/training_form.html", {"form": form, "training": None})


def training_edit(request: HttpRequest, pk: int) -> HttpResponse:
    training = selectors.managed_training_get(user=request.user, pk=pk)
    permissions.ensure_manage(request.user, training)
    form = TrainingForm(
        request.POST or None,
        request.FILES or None,
        instance=training,
        can_choose_instructor=permissions.can_manage_all(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.training_save(actor=request.user, training=form.instance, request=request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The training was saved."))
            return redirect(training)
    return render(request, "training/training_form.html", {"form": form, "training": training})


@require_POST
def training_delete(request: HttpRequest, pk: int) -> HttpResponse:
    training = selectors.training_get(user=request.user, pk=pk)
    if not permissions.can_delete(request.user, training):
        raise PermissionDenied
    try:
        services.training_delete(actor=request.user, training=training, request=request)
    except ValidationError as error:
        _error(request, error)
        return redirect(training)
    messages.success(request, _("The training was deleted."))
    return redirect("training:training_list")


# ---------------------------------------------------------------- registration
@require_POST
def training_register(request: HttpRequest, pk: int) -> HttpResponse:
    training = selectors.training_get(user=request.user, pk=pk)
    try:
        participant = services.training_register(
            training=training, user=request.user, request=request
        )
    except ValidationError as error:
        _error(request, error)
    else:
        if participant.status == Participant.Status.REGISTERED:
            messages.success(request, _("You are registered."))
        else:
            messages.info(request, _("The training is full: you are on the waitlist."))
    return redirect(training)


@require_POST
def training_unregister(request: HttpRequest, pk: int) -> HttpResponse:
    training = selectors.training_get(user=request.user, pk=pk)
    try:
        services.training_unregister(training=training, user=request.user, request=request)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("Your registration was cancelled."))
    return redirect(training)


def training_resume(request: HttpRequest, pk: int) -> HttpResponse:
    training = selectors.training_get(user=request.user, pk=pk)
    participant = selectors.participant_for(user=request.user, training=training)
    if not permissions.can_follow(participant):
        raise PermissionDenied
    lesson = selectors.resume_lesson(participant=participant)
    if lesson is None:
        messages.info(request, _("You have finished every lesson you can open."))
        return redirect(training)
    return redirect(lesson)


@require_POST
def training_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    training = selectors.training_get(user=request.user, pk=pk)
    participant = selectors.participant_for(user=request.user, training=training)
    if participant is None:
        raise PermissionDenied
    form = FeedbackForm(request.POST, instance=Participant.objects.get(pk=participant.pk))
    if form.is_valid():
        try:
            services.participant_feedback(
                participant=participant,
                rating=form.cleaned_data["feedback_rating"],
                comment=form.cleaned_data["feedback_comment"],
                request=request,
            )
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(request, _("Thank you for your feedback."))
    else:
        messages.error(request, _("Choose a rating from 1 to 5."))
    return redirect(training)


def training_enrol(request: HttpRequest, pk: int) -> HttpResponse:
    training = selectors.training_get(user=request.user, pk=pk)
    permissions.ensure_manage_all(request.user)
    form = EnrolGroupForm(request.POST or None, departments=accounts_selectors.departments())
    if request.method == "POST" and form.is_valid():
        try:
            count = services.training_enrol_group(
                actor=request.user,
                training=training,
                due_date=form.cleaned_data["due_date"],
                department=form.cleaned_data["department"],
                category=form.cleaned_data["category"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(count)s people were enrolled.") % {"count": count})
            return redirect("training:participant_list", pk=training.pk)
    return render(
        request,
        "training/training_enrol.html",
        {"form": form, "training": training, "crumbs": _crumbs(training, (_("Enrol"), ""))},
    )


# ---------------------------------------------------------------- participants
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
            "crumbs": _crumbs(training, (_("Participants"), "")),
        },
    )


def participant_export(request: HttpRequest, pk: int) -> HttpResponse:
    training = selectors.training_get(user=request.user, pk=pk)
    permissions.ensure_manage(request.user, training)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="participants-{slugify(training.title) or training.pk}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Name"),
            _("Username"),
            _("Department"),
            _("Status"),
            _("Registered at"),
            _("Progress (%)"),
            _("Completed at"),
            _("Score (%)"),
            _("Attended"),
            _("Due date"),
            _("Rating"),
            _("Comment"),
        ]
    )
    for p in selectors.participant_list(training=training).iterator(chunk_size=500):
        writer.writerow(
            [
                csv_cell(p.user.name),
                p.user.username,
                csv_cell(p.user.department),
                p.get_status_display(),
                p.registered_at.isoformat(),
                p.progress,
                p.completed_at.isoformat() if p.completed_at else "",
                "" if p.score is None else p.score,
                _("yes") if p.attended else _("no"),
                p.due_date.isoformat() if p.due_date else "",
                p.feedback_rating or "",
                csv_cell(p.feedback_comment),
            ]
        )
    return response


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
            "certificate": Certificate.objects.filter(
                training=training, user=participant.user
            ).first(),
            "crumbs": _crumbs(training, (participant.user.name, "")),
        },
    )


@require_POST
def participant_mark(request: HttpRequest, pk: int) -> HttpResponse:
    participant = selectors.participant_get_for_viewer(user=request.user, pk=pk)
    permissions.ensure_manage(request.user, participant.training)
    form = ParticipantMarkForm(request.POST)
    if form.is_valid():
        try:
            services.participant_mark(
                actor=request.user,
                participant=participant,
                attended=form.cleaned_data["attended"],
                completed=form.cleaned_data["completed"],
                request=request,
            )
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(request, _("The participant was updated."))
    return redirect("training:participant_list", pk=participant.training_id)


@require_POST
def certificate_issue(request: HttpRequest, pk: int) -> HttpResponse:
    participant = selectors.participant_get_for_viewer(user=request.user, pk=pk)
    permissions.ensure_manage(request.user, participant.training)
    if not participant.is_seated:
        messages.error(request, _("Only registered participants can receive a certificate."))
    else:
        services.certificate_issue(
            training=participant.training,
            user=participant.user,
            actor=request.user,
            request=request,
        )
        messages.success(request, _("The certificate was issued."))
    return redirect("training:participant_list", pk=participant.training_id)


# ---------------------------------------------------------------- courses and lessons
_UNREAD = object()  # `_follow_or_403`: the participation is not read yet


def _follow_or_403(request: HttpRequest, training, participant=_UNREAD) -> Participant | None:
    """Managers may look at everything; others must hold a seat (their `participant` row, or
    None, when the view read it already)."""
    if participant is _UNREAD:
        participant = selectors.participant_for(user=request.user, training=training)
    if permissions.can_follow(participant) or permissions.can_manage(request.user, training):
        return participant
    raise PermissionDenied


def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.course_get(user=request.user, pk=pk)
    training = course.training
    _follow_or_403(request, training)
    state = next(
        s
        for s in selectors.course_states(user=request.user, training=training)
        if s.course == course
    )
    return render(
        request,
        "training/course_detail.html",
        {
            "course": course,
            "training": training,
            "state": state,
            "can_manage": permissions.can_manage(request.user, training),
            "description_html": render_markdown(course.description),
            "crumbs": _crumbs(training, (course.title, "")),
        },
    )


def _lesson_body_context(lesson, *, can_manage: bool) -> dict:
    previous, following = selectors.lesson_neighbours(lesson=lesson)
    return {
        "lesson": lesson,
        "course": lesson.course,
        "content_html": render_markdown(lesson.content),
        "attachments": lesson.attachments.all(),
        "quiz": selectors.lesson_quiz(lesson=lesson),
        "can_manage": can_manage,
        "previous": previous,
        "next": following,
    }


def lesson_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = _read_ahead(request, "lesson_detail", page="lesson_page")
    lesson, state, course_open, is_done = selectors.lesson_for_page(
        user=request.user, pk=pk, found=found
    )
    course, training = lesson.course, lesson.course.training
    participant = _follow_or_403(request, training, state.participant)
    is_manager = permissions.can_manage(request.user, training)
    if not is_manager and not course_open:
        messages.warning(request, _("Complete the prerequisite courses first."))
        return redirect(training)
    can_follow = permissions.can_follow(participant)
    if can_follow:
        services.lesson_open(participant=participant, lesson=lesson)
    body = caching.shared_body(
        request,
        "lesson_detail",
        template="training/_lesson_detail_body.html",
        # The lesson (the key holds no path); managers also get the edit controls. Whoever
        # reaches this line may read the lesson: the checks above ran for this request.
        vary=(lesson.pk, is_manager),
        context=lambda: _lesson_body_context(lesson, can_manage=is_manager),
        found=found,
    )
    allowed = {"lesson_delete", "attachment_delete"} if is_manager else set()
    if can_follow and not is_done:
        allowed.add("lesson_complete")
    done_badge = _done_badge() if is_done else ""
    return render(
        request,
        "training/lesson_detail.html",
        {
            "lesson": lesson,
            "course": course,
            "training": training,
            "body": caching.fill_viewer_parts(
                body,
                {
                    "lesson_done": lambda parts: dict.fromkeys(parts, done_badge),
                    "post": _post_buttons(request, allowed),
                },
            ),
            "crumbs": _crumbs(
                training, (course.title, course.get_absolute_url()), (lesson.title, "")
            ),
        },
    )


@require_POST
def lesson_complete(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = selectors.lesson_get(user=request.user, pk=pk)
    participant = selectors.participant_for(user=request.user, training=lesson.course.training)
    if not permissions.can_follow(participant):
        raise PermissionDenied
    try:
        participant = services.lesson_complete(participant=participant, lesson=lesson)
    except ValidationError as error:
        _error(request, error)
        return redirect(lesson)
    if participant.status == Participant.Status.COMPLETED:
        messages.success(request, _("Congratulations, you completed the training!"))
        return redirect(participant.training)
    messages.success(request, _("Lesson completed."))
    next_lesson = selectors.resume_lesson(participant=participant)
    return redirect(next_lesson or lesson)


def _file_response(file_field, title: str, extension: str, content_type: str) -> FileResponse:
    if not file_field:
        raise Http404
    try:
        handle = file_field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{slugify(title) or 'file'}.{extension}",
        content_type=content_type or "application/octet-stream",
    )


def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(
        LessonAttachment.objects.select_related("lesson__course__training").filter(
            lesson__course__training__in=selectors.visible_trainings(user=request.user)
        ),
        pk=pk,
    )
    _follow_or_403(request, attachment.lesson.course.training)
    return _file_response(
        attachment.file, attachment.title, attachment.extension, attachment.content_type
    )


def resource_download(request: HttpRequest, pk: int) -> HttpResponse:
    resource = get_object_or_404(
        Resource.objects.select_related("training").filter(
            training__in=selectors.visible_trainings(user=request.user)
        ),
        pk=pk,
    )
    _follow_or_403(request, resource.training)
    if resource.url and not resource.file:
        return redirect(resource.url)
    return _file_response(resource.file, resource.title, resource.extension, resource.content_type)


# ---------------------------------------------------------------- quizzes
def quiz_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = _read_ahead(request, "quiz_detail", page="quiz_page")
    quiz, state = selectors.quiz_for_page(user=request.user, pk=pk, found=found)
    training = quiz.lesson.course.training
    participant = _follow_or_403(request, training, state.participant)
    can_manage = permissions.can_manage(request.user, training)
    attempts = state.attempts
    passed = any(a.passed for a in attempts)
    body = caching.shared_body(
        request,
        "quiz_detail",
        template="training/_quiz_detail_body.html",
        # The quiz (the key holds no path); only managers' bodies list the questions with their
        # correct answers. Whoever reaches this line may open the quiz (checks above).
        vary=(quiz.pk, can_manage),
        context=lambda: {
            "quiz": quiz,
            "question_count": quiz.questions.count(),
            "can_manage": can_manage,
            "questions": quiz.questions.prefetch_related("choices") if can_manage else [],
        },
        found=found,
    )
    state = {
        "quiz": quiz,
        "attempts": attempts,
        "passed": passed,
        "can_start": permissions.can_follow(participant)
        and not passed
        and (len(attempts) < quiz.max_attempts or any(not a.is_submitted for a in attempts)),
    }
    fillers = {
        "quiz_attempt_count": lambda parts: dict.fromkeys(parts, str(len(attempts))),
        "quiz_state": lambda parts: dict.fromkeys(
            parts, caching.render_each("training/_quiz_state.html", request, [state])[0]
        ),
        "post": _post_buttons(request, {"quiz_delete", "question_delete"} if can_manage else set()),
    }
    return render(
        request,
        "training/quiz_detail.html",
        {
            "quiz": quiz,
            "training": training,
            "attempts": attempts,
            "body": caching.fill_viewer_parts(body, fillers),
            "crumbs": _crumbs(
                training, (quiz.lesson.title, quiz.lesson.get_absolute_url()), (quiz.title, "")
            ),
        },
    )


@require_POST
def quiz_start(request: HttpRequest, pk: int) -> HttpResponse:
    quiz = selectors.quiz_get(user=request.user, pk=pk)
    participant = selectors.participant_for(user=request.user, training=quiz.lesson.course.training)
    if not permissions.can_follow(participant):
        raise PermissionDenied
    try:
        attempt = services.quiz_start(participant=participant, quiz=quiz)
    except ValidationError as error:
        _error(request, error)
        return redirect("training:quiz_detail", pk=quiz.pk)
    return redirect(attempt)


def attempt_detail(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = selectors.attempt_get(user=request.user, pk=pk)
    quiz = attempt.quiz
    questions = list(quiz.questions.prefetch_related("choices"))
    selected = {int(k): set(v) for k, v in (attempt.answers or {}).items()}
    for question in questions:
        question.selected = selected.get(question.pk, set())
        question.correct_ids = {c.pk for c in question.choices.all() if c.is_correct}
        question.is_right = bool(question.correct_ids) and question.selected == question.correct_ids
    return render(
        request,
        "training/attempt_detail.html",
        {
            "attempt": attempt,
            "quiz": quiz,
            "questions": questions,
            "show_answers": attempt.is_submitted and quiz.show_answers,
            "now": timezone.now(),
            "crumbs": _crumbs(
                quiz.lesson.course.training,
                (quiz.title, reverse("training:quiz_detail", kwargs={"pk": quiz.pk})),
                (_("Attempt %(number)s") % {"number": attempt.number}, ""),
            ),
        },
    )


@require_POST
def attempt_submit(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = selectors.attempt_get(user=request.user, pk=pk)
    try:
        answers = parse_answers(request.POST)
        attempt = services.quiz_submit(attempt=attempt, answers=answers, request=request)
    except ValidationError as error:
        _error(request, error)
        return redirect(attempt)
    if attempt.late:
        messages.warning(
            request,
            _("Time was up: the attempt was graded as of its deadline, without your answers."),
        )
    elif attempt.passed:
        messages.success(request, _("You passed the quiz."))
    else:
        messages.info(request, _("You did not reach the passing score this time."))
    return redirect(attempt)


# ---------------------------------------------------------------- certificates
def certificate_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.certificate_list(user=request.user))
    return render(request, "training/certificate_list.html", {"page": page, "now": timezone.now()})


def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = selectors.certificate_get(user=request.user, pk=pk)
    verify_url = request.build_absolute_uri(
        reverse("training:certificate_verify", kwargs={"code": certificate.code})
    )
    response = HttpResponse(
        certificate_pdf_bytes(certificate, verify_url=verify_url), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    return response


@login_not_required
def certificate_verify(request: HttpRequest, code: str) -> HttpResponse:
    certificate = (
        Certificate.objects.filter(code=code.strip().upper()[:40]).only("expires_at").first()
    )
    if certificate is None:
        state, status = "unknown", 404
    elif certificate.is_expired:
        state, status = "expired", 200
    else:
        state, status = "valid", 200
    return render(request, "training/certificate_verify.html", {"state": state}, status=status)


# ---------------------------------------------------------------- compliance
def compliance(request: HttpRequest) -> HttpResponse:
    permissions.ensure_manage_all(request.user)
    trainings, table = selectors.compliance_matrix()
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="compliance.csv"'
        writer = csv.writer(response)
        writer.writerow([_("Department"), _("Training"), _("Done"), _("In progress"), _("Overdue")])
        for department, cells in table:
            for training, cell in zip(trainings, cells, strict=True):
                writer.writerow(
                    [
                        csv_cell(department) or _("(none)"),
                        csv_cell(training.title),
                        cell.done,
                        cell.in_progress,
                        cell.overdue,
                    ]
                )
        return response
    rows = [(department, list(zip(trainings, cells, strict=True))) for department, cells in table]
    return render(request, "training/compliance.html", {"trainings": trainings, "rows": rows})


def compliance_detail(request: HttpRequest, pk: int) -> HttpResponse:
    permissions.ensure_manage_all(request.user)
    training = get_object_or_404(selectors.visible_trainings(user=request.user), pk=pk)
    department = request.GET.get("department", "")[:100]
    page = paginate(request, selectors.compliance_people(training=training, department=department))
    return render(
        request,
        "training/compliance_detail.html",
        {
            "training": training,
            "department": department,
            "page": page,
            "today": timezone.localdate(),
        },
    )


# ---------------------------------------------------------------- syllabus editing (managers)
def _render_form(request, form, *, title: str, training, back_url: str, multipart: bool = False):
    return render(
        request,
        "training/object_form.html",
        {
            "form": form,
            "title": title,
            "training": training,
            "back_url": back_url,
            "multipart": multipart,
            "crumbs": _crumbs(training, (title, "")),
        },
    )


def course_create(request: HttpRequest, pk: int) -> HttpResponse:
    training = selectors.training_get(user=request.user, pk=pk)
    permissions.ensure_manage(request.user, training)
    form = CourseForm(request.POST or None, training=training)
    if request.method == "POST" and form.is_valid():
        course = services.course_save(
            actor=request.user,
            course=form.instance,
            prerequisites=list(form.cleaned_data["prerequisites"]),
            request=request,
        )
        messages.success(request, _("The course was saved."))
        return redirect(course)
    return _render_form(
        request,
        form,
        title=_("New course"),
        training=training,
        back_url=training.get_absolute_url(),
    )


def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.course_get(user=request.user, pk=pk)
    permissions.ensure_manage(request.user, course.training)
    form = CourseForm(request.POST or None, instance=course, training=course.training)
    if request.method == "POST" and form.is_valid():
        services.course_save(
            actor=request.user,
            course=form.instance,
            prerequisites=list(form.cleaned_data["prerequisites"]),
            request=request,
        )
        messages.success(request, _("The course was saved."))
        return redirect(course)
    return _render_form(
        request,
        form,
        title=_("Edit course"),
        training=course.training,
        back_url=course.get_absolute_url(),
    )


@require_POST
def course_delete(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.course_get(user=request.user, pk=pk)
    permissions.ensure_manage(request.user, course.training)
    services.course_delete(actor=request.user, course=course, request=request)
    messages.success(request, _("The course was deleted."))
    return redirect(course.training)


def lesson_create(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.course_get(user=request.user, pk=pk)
    permissions.ensure_manage(request.user, course.training)
    form = LessonForm(request.POST or None)
    form.instance.course = course
    if request.method == "POST" and form.is_valid():
        lesson = services.lesson_save(actor=request.user, lesson=form.instance, request=request)
        messages.success(request, _("The lesson was saved."))
        return redirect(lesson)
    return _render_form(
        request,
        form,
        title=_("New lesson"),
        training=course.training,
        back_url=course.get_absolute_url(),
    )


def lesson_edit(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = selectors.lesson_get(user=request.user, pk=pk)
    permissions.ensure_manage(request.user, lesson.course.training)
    form = LessonForm(request.POST or None, instance=lesson)
    if request.method == "POST" and form.is_valid():
        services.lesson_save(actor=request.user, lesson=form.instance, request=request)
        messages.success(request, _("The lesson was saved."))
        return redirect(lesson)
    return _render_form(
        request,
        form,
        title=_("Edit lesson"),
        training=lesson.course.training,
        back_url=lesson.get_absolute_url(),
    )


@require_POST
def lesson_delete(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = selectors.lesson_get(user=request.user, pk=pk)
    permissions.ensure_manage(request.user, lesson.course.training)
    services.lesson_delete(actor=request.user, lesson=lesson, request=request)
    messages.success(request, _("The lesson was deleted."))
    return redirect(lesson.course)


def attachment_create(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = selectors.lesson_get(user=request.user, pk=pk)
    permissions.ensure_manage(request.user, lesson.course.training)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    form.instance.lesson = lesson
    if request.method == "POST" and form.is_valid():
        services.file_item_save(actor=request.user, item=form.instance, request=request)
        messages.success(request, _("The attachment was added."))
        return redirect(lesson)
    return _render_form(
        request,
        form,
        title=_("New attachment"),
        training=lesson.course.training,
        back_url=lesson.get_absolute_url(),
        multipart=True,
    )


@require_POST
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(
        LessonAttachment.objects.select_related("lesson__course__training").filter(
            lesson__course__training__in=selectors.visible_trainings(user=request.user)
        ),
        pk=pk,
    )
    permissions.ensure_manage(request.user, attachment.lesson.course.training)
    services.file_item_delete(actor=request.user, item=attachment, request=request)
    messages.success(request, _("The attachment was deleted."))
    return redirect(attachment.lesson)


def resource_create(request: HttpRequest, pk: int) -> HttpResponse:
    training = selectors.training_get(user=request.user, pk=pk)
    permissions.ensure_manage(request.user, training)
    form = ResourceForm(request.POST or None, request.FILES or None)
    form.instance.training = training
    if request.method == "POST" and form.is_valid():
        services.file_item_save(actor=request.user, item=form.instance, request=request)
        messages.success(request, _("The resource was added."))
        return redirect(training)
    return _render_form(
        request,
        form,
        title=_("New resource"),
        training=training,
        back_url=training.get_absolute_url(),
        multipart=True,
    )


@require_POST
def resource_delete(request: HttpRequest, pk: int) -> HttpResponse:
    resource = get_object_or_404(
        Resource.objects.select_related("training").filter(
            training__in=selectors.visible_trainings(user=request.user)
        ),
        pk=pk,
    )
    permissions.ensure_manage(request.user, resource.training)
    services.file_item_delete(actor=request.user, item=resource, request=request)
    messages.success(request, _("The resource was deleted."))
    return redirect(resource.training)


def training_thumbnail(request: HttpRequest, pk: int) -> HttpResponse:
    training = selectors.training_get(user=request.user, pk=pk)
    if not training.thumbnail:
        raise Http404
    try:
        handle = training.thumbnail.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, content_type="image/png")


# ---------------------------------------------------------------- quiz building (managers)
def quiz_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Create or edit the quiz of a lesson."""
    lesson = selectors.lesson_get(user=request.user, pk=pk)
    permissions.ensure_manage(request.user, lesson.course.training)
    quiz = Quiz.objects.filter(lesson=lesson).first() or Quiz(lesson=lesson, title=lesson.title)
    form = QuizForm(request.POST or None, instance=quiz)
    if request.method == "POST" and form.is_valid():
        quiz = services.quiz_save(actor=request.user, quiz=form.instance, request=request)
        messages.success(request, _("The quiz was saved."))
        return redirect("training:quiz_detail", pk=quiz.pk)
    return _render_form(
        request,
        form,
        title=_("Quiz settings"),
        training=lesson.course.training,
        back_url=lesson.get_absolute_url(),
    )


@require_POST
def quiz_delete(request: HttpRequest, pk: int) -> HttpResponse:
    quiz = selectors.quiz_get(user=request.user, pk=pk)
    permissions.ensure_manage(request.user, quiz.lesson.course.training)
    services.quiz_delete(actor=request.user, quiz=quiz, request=request)
    messages.success(request, _("The quiz was deleted."))
    return redirect(quiz.lesson)


def _question_form(request: HttpRequest, quiz, question) -> HttpResponse:
    form = QuestionForm(request.POST or None, instance=question)
    formset = ChoiceFormSet(request.POST or None, instance=question, prefix="choices")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        services.question_save(actor=request.user, form=form, formset=formset, request=request)
        messages.success(request, _("The question was saved."))
        return redirect("training:quiz_detail", pk=quiz.pk)
    return render(
        request,
        "training/question_form.html",
        {
            "form": form,
            "formset": formset,
            "quiz": quiz,
            "question": question if question.pk else None,
            "crumbs": _crumbs(
                quiz.lesson.course.training,
                (quiz.title, reverse("training:quiz_detail", kwargs={"pk": quiz.pk})),
                (_("Question"), ""),
            ),
        },
    )


def question_create(request: HttpRequest, pk: int) -> HttpResponse:
    quiz = selectors.quiz_get(user=request.user, pk=pk)
    permissions.ensure_manage(request.user, quiz.lesson.course.training)
    return _question_form(request, quiz, Question(quiz=quiz, order=quiz.questions.count() + 1))


def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = selectors.question_get(user=request.user, pk=pk)
    permissions.ensure_manage(request.user, question.quiz.lesson.course.training)
    return _question_form(request, question.quiz, question)


@require_POST
def question_delete(request: HttpRequest, pk: int) -> HttpResponse:
    question = selectors.question_get(user=request.user, pk=pk)
    permissions.ensure_manage(request.user, question.quiz.lesson.course.training)
    services.question_delete(actor=request.user, question=question, request=request)
    messages.success(request, _("The question was deleted."))
    return redirect("training:quiz_detail", pk=question.quiz_id)
