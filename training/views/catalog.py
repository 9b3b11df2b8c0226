"""The catalog, a training's page, registration and feedback."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intrasphere.media import protected_file_response
from intrasphere.pagination import paginate
from training import permissions, selectors, services
from training.forms import CatalogFilterForm, FeedbackForm
from training.models import Participant
from training.views.common import crumbs, show_errors


def training_list(request: HttpRequest) -> HttpResponse:
    form = CatalogFilterForm(request.GET or None)
    trainings = selectors.training_catalog(user=request.user, **form.filters())
    return render(
        request,
        "training/training_list.html",
        {
            "page": paginate(request, trainings),
            "form": form,
            "categories": selectors.categories(),
            "can_manage_all": permissions.can_manage_all(request.user),
        },
    )


def training_detail(request: HttpRequest, pk: int) -> HttpResponse:
    training = selectors.training_get(user=request.user, pk=pk)
    participant = selectors.participant_for(user=request.user, training=training)
    can_manage = permissions.can_manage(request.user, training)
    courses = selectors.course_states(user=request.user, training=training)
    return render(
        request,
        "training/training_detail.html",
        {
            "training": training,
            "participant": participant,
            "courses": courses,
            "next_step": selectors.next_step(participant=participant, states=courses),
            "resources": training.resources.all(),
            "waitlist_position": selectors.waitlist_position(participant=participant),
            "can_manage": can_manage,
            "can_manage_all": permissions.can_manage_all(request.user),
            "can_follow": permissions.can_follow(participant),
            "can_register": permissions.can_register(participant, training),
            "can_unregister": permissions.can_unregister(participant, training),
            "feedback_form": FeedbackForm(instance=participant)
            if permissions.can_give_feedback(participant)
            else None,
            "feedback": selectors.feedback_summary(training=training) if can_manage else None,
            "crumbs": crumbs(training)[:1] + [(training.title, "")],
        },
    )


@require_POST
def training_register(request: HttpRequest, pk: int) -> HttpResponse:
    training = selectors.training_get(user=request.user, pk=pk)
    try:
        participant = services.training_register(
            training=training, user=request.user, request=request
        )
    except ValidationError as error:
        show_errors(request, error)
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
        show_errors(request, error)
    else:
        messages.success(request, _("Your registration was cancelled."))
    return redirect(training)


@require_POST
def training_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    training = selectors.training_get(user=request.user, pk=pk)
    participant = selectors.participant_for(user=request.user, training=training)
    if participant is None:
        raise PermissionDenied
    form = FeedbackForm(request.POST, instance=participant)
    if not form.is_valid():
        messages.error(request, _("Choose a rating from 1 to 5."))
        return redirect(training)
    try:
        services.participant_feedback(
            participant=participant,
            rating=form.cleaned_data["feedback_rating"],
            comment=form.cleaned_data["feedback_comment"],
            request=request,
        )
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("Thank you for your feedback."))
    return redirect(training)


def my_trainings(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    state = state if state in selectors.MY_STATES else ""
    page = paginate(request, selectors.my_trainings(user=request.user, state=state))
    managed = selectors.managed_trainings(user=request.user).order_by("title", "pk")
    context = {"page": page, "managed": managed[:50], "state": state}
    return render(request, "training/my_trainings.html", context)


def training_thumbnail(request: HttpRequest, pk: int) -> HttpResponse:
    training = selectors.training_get(user=request.user, pk=pk)
    return protected_file_response(training.thumbnail, content_type="image/png")
