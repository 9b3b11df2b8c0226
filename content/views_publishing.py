"""Writing an announcement: the editor page (draft, publish, schedule, preview) and the live
"reaches N people" count of its audience."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET

from accounts.models import EmployeeCategory
from content import selectors, services
from content.forms import AnnouncementForm
from content.models import Announcement
from content.permissions import MANAGE_ANNOUNCEMENTS
from intrasphere.markdown import render_markdown
from intrasphere.permissions import permission_required

SAVED = {
    "draft": gettext_lazy(
        "The draft was saved. Only you and the announcement managers can see it."
    ),
    "publish": gettext_lazy("The announcement is published."),
    "schedule": gettext_lazy("The announcement is scheduled."),
    "": gettext_lazy("The announcement was saved."),
}


def reaches_text(count: int) -> str:
    return ngettext("Reaches %(count)d person", "Reaches %(count)d people", count) % {
        "count": count
    }


def announcement_form(request: HttpRequest, announcement: Announcement | None = None):
    """GET the editor; POST with the button pressed: save a draft, publish, schedule, or show
    the preview (the form again, with the text rendered as it will be published)."""
    form = AnnouncementForm(request.POST or None, request.FILES or None, instance=announcement)
    if request.method == "POST" and not form.previewing and form.is_valid():
        try:
            saved = services.announcement_save(
                actor=request.user,
                announcement=announcement,
                request=request,
                **form.service_kwargs(),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, str(SAVED.get(form.cleaned_data.get("action", ""), "")))
            return redirect(saved)
    names, category_ids = form.audience_choices()
    count = selectors.audience_size(departments=names, category_ids=category_ids)
    title = _("Edit the announcement") if announcement else _("New announcement")
    crumbs = [(_("Announcements"), reverse("content:announcement_list")), (title, "")]
    return render(
        request,
        "content/announcement_form.html",
        {
            "form": form,
            "announcement": announcement,
            "title": title,
            "crumbs": crumbs,
            "reaches": reaches_text(count),
            "preview": render_markdown(form.data.get("content", "")) if form.previewing else None,
            "cancel_url": announcement.get_absolute_url()
            if announcement
            else reverse("content:announcement_list"),
        },
    )


def _apply_errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@require_GET
@permission_required(MANAGE_ANNOUNCEMENTS)
def announcement_audience_count(request: HttpRequest) -> HttpResponse:
    """`?departments=…&employee_categories=<id>…` → `{"count": n, "text": "Reaches n people"}`,
    by the rule the announcement will use; an unknown category or a bad value is a 400."""
    names = request.GET.getlist("departments")
    raw_ids = request.GET.getlist("employee_categories")
    if any(not value.isdigit() or len(value) > 12 for value in raw_ids) or any(
        len(name) > 200 for name in names
    ):
        return JsonResponse({"error": _("Choose departments and categories offered.")}, status=400)
    ids = {int(value) for value in raw_ids}
    if len(ids) != EmployeeCategory.objects.filter(pk__in=ids).count():
        return JsonResponse({"error": _("Choose departments and categories offered.")}, status=400)
    count = selectors.audience_size(departments=names, category_ids=ids)
    return JsonResponse({"count": count, "text": reaches_text(count)})
