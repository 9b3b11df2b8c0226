"""The reporting channel's pages: thin views over complaints/concerns/ selectors and services.

The reporter's pages (the form, the receipt, the follow-up page) are logged without the user's
id and address (`identity_not_logged`) and put nothing in the session: the receipt is shown in
the answer to the form, once.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from complaints.concerns import limits, selectors, services
from complaints.concerns.forms import AnswerForm, ConcernForm, ConcernStatusForm, FollowForm
from complaints.concerns.permissions import can_handle_concerns, ensure_can_handle_concerns
from complaints.models import Concern
from intrasphere.middleware.request_log import identity_not_logged
from intrasphere.pagination import paginate


def _days() -> dict[str, int]:
    return {
        "ack_days": settings.REPORTING_ACKNOWLEDGE_DAYS,
        "feedback_days": settings.REPORTING_FEEDBACK_DAYS,
    }


def _crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Reporting channel"), reverse("concerns:index")), *extra]


@identity_not_logged
def index(request: HttpRequest) -> HttpResponse:
    context = {"can_handle": can_handle_concerns(request.user), **_days()}
    return render(request, "complaints/concerns/index.html", context)


@identity_not_logged
@never_cache
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    form = ConcernForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            receipt = services.concern_submit(
                reporter=request.user,
                subject=data["subject"],
                description=data["description"],
                anonymous=form.anonymous,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return render(request, "complaints/concerns/receipt.html", {"receipt": receipt})
    context = {"form": form, "crumbs": _crumbs((_("Report a concern"), ""))}
    return render(request, "complaints/concerns/form.html", context)


def _follow_checked(request: HttpRequest, form: FollowForm) -> Concern | None:
    """The report of the code and secret given, or None with the form's error (and
    `form.limited` when the address used up its wrong codes)."""
    wait = limits.follow_limited(request)
    form.limited = bool(wait)
    if wait:
        minutes = max(1, (wait + 59) // 60)
        form.add_error(
            None, _("Too many wrong codes: try again in %(n)d minute(s).") % {"n": minutes}
        )
        return None
    data = form.cleaned_data
    concern = selectors.concern_for_receipt(code=data["code"], secret=data["secret"])
    if concern is None:
        limits.follow_failed(request)
        form.add_error(None, _("No report matches this receipt code and secret. Check both."))
        return None
    if data["message"].strip():
        try:
            services.concern_reporter_message(concern=concern, body=data["message"])
        except ValidationError as error:
            form.add_error("message", error)
    return concern


@login_not_required
@identity_not_logged
@never_cache
@require_http_methods(["GET", "POST"])
def follow(request: HttpRequest) -> HttpResponse:
    form = FollowForm(request.POST or None)
    concern = (
        _follow_checked(request, form) if request.method == "POST" and form.is_valid() else None
    )
    context = {"form": form, "concern": concern, "crumbs": _crumbs((_("Follow a report"), ""))}
    if concern is not None:
        context["timeline"] = selectors.concern_timeline(concern=concern, for_reporter=True)
        if not form.errors:  # sent: a fresh message field, the code and secret kept
            context["form"] = FollowForm(initial={**form.cleaned_data, "message": ""})
    status = 429 if getattr(form, "limited", False) else 200
    return render(request, "complaints/concerns/follow.html", context, status=status)


def handling_list(request: HttpRequest) -> HttpResponse:
    ensure_can_handle_concerns(request.user)
    state = request.GET.get("state") or "open"
    if state not in selectors.STATES:
        raise Http404(_("Unknown list."))
    page = paginate(request, selectors.concerns_for_handlers(state=state))
    context = {
        "page": page,
        "state": state,
        "crumbs": _crumbs((_("Reports to handle"), "")),
        **_days(),
    }
    return render(request, "complaints/concerns/handling_list.html", context)


def _concern(request: HttpRequest, pk: int) -> Concern:
    ensure_can_handle_concerns(request.user)
    try:
        return selectors.concern_get(pk=pk)
    except Concern.DoesNotExist:
        raise Http404(_("No such report.")) from None


def _detail(request: HttpRequest, concern: Concern, **forms) -> HttpResponse:
    allowed = services.allowed_statuses(concern)
    context = {
        "concern": concern,
        "timeline": selectors.concern_timeline(concern=concern, for_reporter=False),
        "answer_form": forms.get("answer_form") or AnswerForm(),
        "status_form": forms.get("status_form") or ConcernStatusForm(allowed=allowed),
        "allowed": allowed,
        "crumbs": _crumbs(
            (_("Reports to handle"), reverse("concerns:handling_list")), (concern.code, "")
        ),
    }
    return render(request, "complaints/concerns/detail.html", context, status=400 if forms else 200)


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _concern(request, pk))


@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    concern = _concern(request, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.concern_answer(
                actor=request.user, concern=concern, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Sent."))
            return redirect(concern)
    return _detail(request, concern, answer_form=form)


@require_POST
def status(request: HttpRequest, pk: int) -> HttpResponse:
    concern = _concern(request, pk)
    form = ConcernStatusForm(request.POST, allowed=services.allowed_statuses(concern))
    if form.is_valid():
        try:
            services.concern_set_status(
                actor=request.user, concern=concern, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The report's status was changed."))
            return redirect(concern)
    return _detail(request, concern, status_form=form)
