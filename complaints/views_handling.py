"""The helpdesk handled in one place: the update panel, the submitter's edit, saved replies."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaints import permissions, selectors, services, services_handling
from complaints.forms import EditForm, SavedReplyForm, UpdateForm
from complaints.models import Complaint
from complaints.views import _crumbs, _detail

WAITING = Complaint.Status.WAITING


def _update_form(request: HttpRequest, complaint: Complaint, data=None) -> UpdateForm:
    return UpdateForm(
        data,
        complaint=complaint,
        allowed=services.allowed_transitions(user=request.user, complaint=complaint),
        handlers=selectors.assignee_choices(complaint=complaint),
        saved_replies=selectors.saved_replies(),
    )


@require_POST
def update(request: HttpRequest, pk: int) -> HttpResponse:
    """One form, one button: reply or note, status, assignee, priority, category at once.
    "Insert" fills the reply with a saved reply (server-side, no script needed)."""
    complaint = selectors.complaint_get_visible(user=request.user, pk=pk)
    permissions.ensure_can_handle(request.user, complaint)
    form = _update_form(request, complaint, request.POST)
    action = request.POST.get("action", "update")
    if not form.is_valid():
        return _detail(request, complaint, update_form=form)
    data = form.cleaned_data
    if action == "insert":
        return _detail(request, complaint, update_form=_with_saved_reply(request, complaint, data))
    status = WAITING if action == "reply_wait" else data["status"]
    if action == "reply_wait" and not data.get("body", "").strip():
        form.add_error("body", _("Write the reply the submitter should answer."))
        return _detail(request, complaint, update_form=form)
    try:
        changes = services_handling.complaint_update(
            actor=request.user,
            complaint=complaint,
            body=data.get("body", ""),
            internal=data.get("internal", False),
            status=status,
            assignee=data["assignee"],
            priority=data["priority"],
            category=data["category"],
            request=request,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _detail(request, complaint, update_form=form)
    messages.success(request, _("Request updated: %(changes)s.") % {"changes": ", ".join(changes)})
    return redirect(complaint)


def _with_saved_reply(request: HttpRequest, complaint: Complaint, data: dict) -> UpdateForm:
    saved = data.get("saved_reply")
    body = data.get("body", "")
    if saved is not None:
        body = f"{body.rstrip()}\n\n{saved.body}".strip() if body.strip() else saved.body
    initial = {**data, "body": body, "saved_reply": None}
    initial["assignee"] = data["assignee"].pk if data["assignee"] else None
    form = _update_form(request, complaint)
    form.initial = initial
    return form


def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The submitter corrects title, description and category while the request is new."""
    complaint = selectors.complaint_get_visible(user=request.user, pk=pk)
    if not permissions.can_edit(request.user, complaint):
        raise PermissionDenied
    # A copy for the form: a refused form must not alter the complaint the service reads.
    form = EditForm(request.POST or None, instance=copy.copy(complaint))
    if request.method == "POST" and form.is_valid():
        try:
            services_handling.complaint_edit(
                actor=request.user, complaint=complaint, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your request was saved."))
            return redirect(complaint)
    crumbs = _crumbs((str(complaint), complaint.get_absolute_url()), (_("Edit"), ""))
    context = {"form": form, "complaint": complaint, "crumbs": crumbs}
    return render(
        request, "complaints/complaint_edit.html", context, status=400 if form.errors else 200
    )


def saved_replies(request: HttpRequest) -> HttpResponse:
    """The shared saved replies: complaint managers add and change them here (and in the admin)."""
    if not permissions.can_manage_saved_replies(request.user):
        raise PermissionDenied
    form = SavedReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services_handling.saved_reply_save(actor=request.user, **form.cleaned_data)
        messages.success(request, _("The saved reply was added."))
        return redirect("complaints:saved_replies")
    context = {
        "form": form,
        "saved_replies": selectors.saved_replies(),
        "crumbs": _crumbs((_("Saved replies"), "")),
    }
    return render(
        request, "complaints/saved_replies.html", context, status=400 if form.errors else 200
    )


def saved_reply_edit(request: HttpRequest, reply_pk: int) -> HttpResponse:
    if not permissions.can_manage_saved_replies(request.user):
        raise PermissionDenied
    saved = get_object_or_404(selectors.saved_replies(), pk=reply_pk)
    form = SavedReplyForm(request.POST or None, instance=saved)
    if request.method == "POST" and form.is_valid():
        services_handling.saved_reply_save(
            actor=request.user, saved_reply=saved, **form.cleaned_data
        )
        messages.success(request, _("The saved reply was changed."))
        return redirect("complaints:saved_replies")
    crumbs = _crumbs((_("Saved replies"), reverse("complaints:saved_replies")), (saved.title, ""))
    context = {"form": form, "saved_reply": saved, "crumbs": crumbs}
    return render(
        request, "complaints/saved_reply_form.html", context, status=400 if form.errors else 200
    )


@require_POST
def saved_reply_delete(request: HttpRequest, reply_pk: int) -> HttpResponse:
    if not permissions.can_manage_saved_replies(request.user):
        raise PermissionDenied
    saved = get_object_or_404(selectors.saved_replies(), pk=reply_pk)
    services_handling.saved_reply_delete(actor=request.user, saved_reply=saved)
    messages.success(request, _("The saved reply was deleted."))
    return redirect("complaints:saved_replies")


@require_POST
def saved_filter_create(request: HttpRequest) -> HttpResponse:
    """Keep the handling list's current filters under a name."""
    permissions.ensure_can_open_handling(request.user)
    try:
        saved = services_handling.saved_filter_save(
            user=request.user,
            name=request.POST.get("name", "")[:200],
            query=request.POST.get("query", ""),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("complaints:handling_list")
    messages.success(request, _("Filter “%(name)s” saved.") % {"name": saved.name})
    return redirect(reverse("complaints:handling_list") + "?" + saved.query)


@require_POST
def saved_filter_delete(request: HttpRequest, filter_pk: int) -> HttpResponse:
    saved = get_object_or_404(selectors.saved_filters(user=request.user), pk=filter_pk)
    services_handling.saved_filter_delete(user=request.user, saved_filter=saved)
    messages.success(request, _("The saved filter was deleted."))
    return redirect("complaints:handling_list")
