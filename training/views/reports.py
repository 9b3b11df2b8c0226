"""Reports: certificates (list, PDF, public check), compliance, the participants' export."""

from __future__ import annotations

import csv
from collections.abc import Iterable

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intrasphere.csv_files import csv_cell
from intrasphere.pagination import paginate
from training import permissions, selectors
from training.models import Participant
from training.pdf import certificate_pdf_bytes

PARTICIPANT_COLUMNS = [
    gettext_lazy("Name"),
    gettext_lazy("Username"),
    gettext_lazy("Department"),
    gettext_lazy("Status"),
    gettext_lazy("Registered at"),
    gettext_lazy("Progress (%)"),
    gettext_lazy("Completed at"),
    gettext_lazy("Score (%)"),
    gettext_lazy("Attended"),
    gettext_lazy("Due date"),
    gettext_lazy("Rating"),
    gettext_lazy("Comment"),
]


def _csv_response(filename: str, header: list[str], rows: Iterable[list]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


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
    state = selectors.certificate_state(code=code)
    status = 404 if state == "unknown" else 200
    return render(request, "training/certificate_verify.html", {"state": state}, status=status)


# ---------------------------------------------------------------- compliance
def compliance(request: HttpRequest) -> HttpResponse:
    permissions.ensure_manage_all(request.user)
    trainings, table = selectors.compliance_matrix()
    rows = [(department, list(zip(trainings, cells, strict=True))) for department, cells in table]
    if request.GET.get("format") == "csv":
        labels = [str(selectors.STATE_LABELS[state]) for state in selectors.STATES]
        header = [_("Department"), _("Training"), *labels, _("Total")]
        return _csv_response("compliance.csv", header, _compliance_lines(rows))
    context = {"trainings": trainings, "rows": rows, "labels": selectors.STATE_LABELS}
    return render(request, "training/compliance.html", context)


def _compliance_lines(rows) -> Iterable[list]:
    for department, cells in rows:
        for training, cell in cells:
            figures = [value for _state, value in cell.figures()]
            yield [
                csv_cell(department) or _("(none)"),
                csv_cell(training.title),
                *figures,
                cell.total,
            ]


def compliance_detail(request: HttpRequest, pk: int) -> HttpResponse:
    permissions.ensure_manage_all(request.user)
    training = selectors.training_get(user=request.user, pk=pk)
    department = request.GET.get("department", "")[:100]
    state = request.GET.get("state", "")
    if state not in selectors.STATES:
        state = ""
    people = selectors.compliance_people(training=training, department=department, state=state)
    context = {
        "training": training,
        "department": department,
        "state": state,
        "states": selectors.STATE_LABELS,
        "page": paginate(request, people),
    }
    return render(request, "training/compliance_detail.html", context)


# ---------------------------------------------------------------- participants
def participant_export(request: HttpRequest, pk: int) -> HttpResponse:
    training = selectors.training_get(user=request.user, pk=pk)
    permissions.ensure_manage(request.user, training)
    participants = selectors.participant_list(training=training).iterator(chunk_size=500)
    filename = f"participants-{slugify(training.title) or training.pk}.csv"
    header = [str(column) for column in PARTICIPANT_COLUMNS]
    return _csv_response(filename, header, (_participant_line(p) for p in participants))


def _participant_line(p: Participant) -> list:
    return [
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
