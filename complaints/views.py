"""Helpdesk pages: thin views over complaints/selectors.py and complaints/services.py."""

from __future__ import annotations

import csv
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaints import permissions, selectors, services
from complaints.deadlines import reporting_deadlines
from complaints.forms import (
    AssignForm,
    ComplaintForm,
    HandlingFilterForm,
    PriorityForm,
    RatingForm,
    ReplyForm,
    ReportPeriodForm,
    RevealForm,
    StatusForm,
    UpdateForm,
)
from complaints.models import Complaint
from intrasphere.charts import bar_chart_svg, column_chart_svg
from intrasphere.csv_files import csv_cell
from intrasphere.media import protected_file_response
from intrasphere.pagination import paginate
from intrasphere.permissions import permission_required
from intrasphere.search import help_pages
from intrasphere.services import notification_mark_read_about


def _crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Helpdesk"), reverse("complaints:my_list")), *extra]


def my_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.complaints_of_submitter(user=request.user))
    context = {
        "page": page,
        "is_manager": permissions.is_complaint_manager(request.user),
        "can_open_handling": permissions.can_open_handling(request.user),
    }
    return render(request, "complaints/complaint_list.html", context)


def submit(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    if request.method == "POST":
        form = ComplaintForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                complaint = services.complaint_submit(
                    submitter=request.user,
                    title=data["title"],
                    description=data["description"],
                    category=data["category"],
                    priority=data["priority"],
                    confidential=data["confidential"],
                    files=data["attachments"],
                    request=request,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your request was filed. We will get back to you."))
                return redirect(complaint)
        query = query or form.data.get("title", "")
    else:
        form = ComplaintForm(initial={"title": query})
    similar = selectors.similar_resolved(user=request.user, query=query, language=get_language())
    return render(
        request,
        "complaints/complaint_form.html",
        {
            "form": form,
            "similar_query": query,
            "similar": similar,
            "help_pages": help_pages(query=query, language=get_language()),
            "crumbs": _crumbs((_("File a request"), "")),
        },
    )


def _detail(request: HttpRequest, complaint: Complaint, **forms) -> HttpResponse:
    user = request.user
    can_handle = permissions.can_handle(user, complaint)
    allowed = services.allowed_transitions(user=user, complaint=complaint)
    replies = list(selectors.complaint_replies(complaint=complaint, include_internal=can_handle))
    events = list(selectors.complaint_timeline(complaint=complaint))
    context = {
        "complaint": complaint,
        "crumbs": _crumbs((str(complaint), "")),
        "can_handle": can_handle,
        "can_reply": permissions.can_reply(user, complaint),
        "can_rate": permissions.can_rate(user, complaint),
        "can_assign": can_handle
        and complaint.status not in (Complaint.Status.CLOSED, Complaint.Status.REJECTED),
        "thread": selectors.complaint_thread(replies=replies, events=events),
        "deadlines": reporting_deadlines(complaint=complaint, replies=replies, events=events),
        "submitter_label": selectors.submitter_label(user, complaint),
        "submitter_hidden": not permissions.can_see_submitter(user, complaint),
        "attachments": complaint.attachments.all(),
        "status_form": StatusForm(allowed=allowed) if allowed and not can_handle else None,
        "can_edit": permissions.can_edit(user, complaint),
        "reply_form": forms.get("reply_form") or ReplyForm(allow_internal=can_handle),
        "rating_form": forms.get("rating_form") or RatingForm(),
    }
    if can_handle:
        context["update_form"] = forms.get("update_form") or UpdateForm(
            complaint=complaint,
            allowed=allowed,
            handlers=selectors.assignee_choices(complaint=complaint),
            saved_replies=selectors.saved_replies(),
        )
    if permissions.can_reveal_submitter(user, complaint):
        context["reveal_form"] = forms.get("reveal_form") or RevealForm(
            candidates=selectors.reveal_candidates(complaint=complaint)
        )
    status = 400 if any(form.errors for form in forms.values()) else 200
    return render(request, "complaints/complaint_detail.html", context, status=status)


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = selectors.complaint_get_visible(user=request.user, pk=pk)
    notification_mark_read_about(user=request.user, target=complaint)  # opened: told
    return _detail(request, complaint)


def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    complaint = selectors.complaint_get_visible(user=request.user, pk=pk)
    attachment = get_object_or_404(complaint.attachments, pk=attachment_pk)
    return protected_file_response(
        attachment.file,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
        missing=_("The file is missing."),
    )


def _refuse(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = selectors.complaint_get_visible(user=request.user, pk=pk)
    form = ReplyForm(request.POST, allow_internal=permissions.can_handle(request.user, complaint))
    if not form.is_valid():
        return _detail(request, complaint, reply_form=form)
    try:
        services.complaint_reply(
            author=request.user,
            complaint=complaint,
            body=form.cleaned_data["body"],
            internal=form.cleaned_data.get("internal", False),
            request=request,
        )
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("Your message was added."))
    return redirect(complaint)


@require_POST
def transition(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = selectors.complaint_get_visible(user=request.user, pk=pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status."))
        return redirect(complaint)
    try:
        services.complaint_transition(
            actor=request.user,
            complaint=complaint,
            status=form.cleaned_data["status"],
            comment=form.cleaned_data["comment"],
            request=request,
        )
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("The status was changed."))
    return redirect(complaint)


@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = selectors.complaint_get_visible(user=request.user, pk=pk)
    permissions.ensure_can_handle(request.user, complaint)
    form = AssignForm(request.POST, handlers=selectors.complaint_handlers())
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(complaint)
    try:
        services.complaint_assign(
            actor=request.user,
            complaint=complaint,
            assignee=form.cleaned_data["assignee"],
            comment=form.cleaned_data["comment"],
            request=request,
        )
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("The complaint was assigned."))
    return redirect(complaint)


@require_POST
def priority(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = selectors.complaint_get_visible(user=request.user, pk=pk)
    permissions.ensure_can_handle(request.user, complaint)
    form = PriorityForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid priority."))
        return redirect(complaint)
    try:
        services.complaint_set_priority(
            actor=request.user,
            complaint=complaint,
            priority=form.cleaned_data["priority"],
            comment=form.cleaned_data["comment"],
            request=request,
        )
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("The priority was changed."))
    return redirect(complaint)


@require_POST
def rate(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = selectors.complaint_get_visible(user=request.user, pk=pk)
    form = RatingForm(request.POST)
    if not form.is_valid():
        return _detail(request, complaint, rating_form=form)
    try:
        services.complaint_rate(
            user=request.user,
            complaint=complaint,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
            request=request,
        )
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("Thank you for your feedback."))
    return redirect(complaint)


@require_POST
def reveal_submitter(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = selectors.complaint_get_visible(user=request.user, pk=pk)
    if not permissions.can_reveal_submitter(request.user, complaint):
        raise PermissionDenied
    form = RevealForm(request.POST, candidates=selectors.reveal_candidates(complaint=complaint))
    if not form.is_valid():
        return _detail(request, complaint, reveal_form=form)
    try:
        services.complaint_reveal_submitter(
            actor=request.user,
            complaint=complaint,
            manager=form.cleaned_data["manager"],
            reason=form.cleaned_data["reason"],
            request=request,
        )
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("The submitter was revealed to the manager you chose."))
    return redirect(complaint)


def handling_list(request: HttpRequest) -> HttpResponse:
    permissions.ensure_can_open_handling(request.user)
    form = HandlingFilterForm(
        request.GET or None, handlers=list(selectors.complaint_handlers()), user=request.user
    )
    handled = selectors.complaints_handled_by(user=request.user)
    count = selectors.complaint_count(user=request.user, **form.filters())
    page = paginate(request, selectors.complaint_filter(handled, **form.filters()), count=count)
    return render(
        request,
        "complaints/handling_list.html",
        {
            "form": form,
            "page": page,
            "complaints": selectors.with_submitter_labels(page.object_list, user=request.user),
            "overdue_count": selectors.complaint_count(user=request.user, overdue=True),
            "is_manager": permissions.is_complaint_manager(request.user),
            "saved_filters": selectors.saved_filters(user=request.user),
            "current_query": request.GET.urlencode(),
            "crumbs": _crumbs((_("Handling"), "")),
        },
    )


@permission_required(permissions.MANAGE)
def reports(request: HttpRequest) -> HttpResponse:
    form = ReportPeriodForm(request.GET or None)
    start, end = form.period()
    report = selectors.complaint_report(start=start, end=end)
    links = _report_links(report)
    return render(
        request,
        "complaints/complaint_reports.html",
        {
            "form": form if form.errors else ReportPeriodForm.showing(start, end),
            "report": report,
            "charts": _report_charts(report, links),
            "average_resolution": _duration(report.average_resolution),
            "links": links,
            "crumbs": _crumbs((_("Reports"), "")),
        },
        status=400 if form.errors else 200,
    )


def _report_charts(report, links: dict) -> list[tuple[str, str]]:
    """The reports' charts: statuses in their badges' colours, every bar leading to the list it
    counts (same period), the months as columns."""
    tones = [selectors.STATUS_TONES[value] for value in Complaint.Status.values]
    charts = []
    for (_title, rows), chart_title, chart_tones, heading in zip(
        links["breakdowns"],
        (_("Complaints by status"), _("Complaints by category"), _("Complaints by priority")),
        (tones, None, None),
        (_("Status"), _("Category"), _("Priority")),
        strict=True,
    ):
        labels, values, urls = zip(*rows, strict=True)
        chart = bar_chart_svg(
            labels, values, title=chart_title, urls=urls, tones=chart_tones, heading=heading
        )
        charts.append((chart_title, chart))
    months = selectors.report_months(start=report.start, end=report.end)
    ticks = [
        (
            formats.date_format(first, "M"),
            f"’{first.year % 100:02d}" if i == 0 or first.month == 1 else "",
        )
        for i, (first, _last) in enumerate(months)
    ]
    filed_urls = [links["period"](created_from=first, created_to=last) for first, last in months]
    resolved_urls = [
        links["period"](status="", resolved_from=first, resolved_to=last)
        for first, last in _month_bounds(months)
    ]
    for title, rows, urls in (
        (_("Complaints filed per month"), report.by_month, filed_urls),
        (_("Complaints resolved per month"), report.resolved_by_month, resolved_urls),
    ):
        labels, values = zip(*rows, strict=True) if rows else ((), ())
        chart = column_chart_svg(labels, values, title=title, ticks=ticks, urls=urls)
        charts.append((title, chart))
    return charts


def _month_bounds(months: list) -> list:
    """Whole months (a complaint filed in the period may be resolved after its end)."""
    return [
        (
            first.replace(day=1),
            (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1),
        )
        for first, _last in months
    ]


def _report_links(report) -> dict:
    """Every figure of the reports opens the handling list it counts (same period)."""
    base = reverse("complaints:handling_list")

    def url(**filters) -> str:
        period = {"created_from": report.start, "created_to": report.end, "assignee": ""}
        return f"{base}?{urlencode({**period, **filters})}"

    breakdowns = [
        (_("By status"), "status", report.by_status, Complaint.Status.values),
        (_("By category"), "category", report.by_category, Complaint.Category.values),
        (_("By priority"), "priority", report.by_priority, Complaint.Priority.values),
    ]
    return {
        "period": url,
        "total": url(),
        "overdue": url(status="open", overdue="on"),
        "breakdowns": [
            (
                title,
                [
                    (label, n, url(**{key: value}))
                    for (label, n), value in zip(rows, values, strict=True)
                ],
            )
            for title, key, rows, values in breakdowns
        ],
    }


def _duration(value: timedelta | None) -> str:
    if value is None:
        return ""
    hours = int(value.total_seconds() // 3600)
    return _("%(days)d d %(hours)d h") % {"days": hours // 24, "hours": hours % 24}


@permission_required(permissions.MANAGE)
def reports_csv(request: HttpRequest) -> HttpResponse:
    form = ReportPeriodForm(request.GET or None)
    start, end = form.period()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="complaints-{start}-{end}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "id", "title", "category", "priority", "status", "confidential", "submitter",
            "assignee", "created_at", "due_at", "resolved_at", "closed_at", "overdue",
            "rating",
        ]
    )  # fmt: skip
    rows = selectors.complaint_export_rows(start=start, end=end, user=request.user)
    for c in rows.iterator(chunk_size=500):
        writer.writerow(
            csv_cell(value)
            for value in (
                c.pk, c.title, c.category, c.priority, c.status, c.confidential,
                selectors.submitter_label(request.user, c),
                c.assignee.username if c.assignee else "",
                c.created_at.isoformat(),
                c.due_at.isoformat() if c.due_at else "",
                c.resolved_at.isoformat() if c.resolved_at else "",
                c.closed_at.isoformat() if c.closed_at else "",
                c.is_overdue, c.satisfaction_rating,
            )
        )  # fmt: skip
    return response
