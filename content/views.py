"""Content pages: thin views over content.selectors and content.services."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from content import calendar_feed, permissions, selectors, services, views_publishing
from content.forms import (
    AnnouncementFilterForm,
    CategoryForm,
    DocumentCreateForm,
    DocumentFilterForm,
    DocumentForm,
    DocumentVersionForm,
    EventFilterForm,
    EventForm,
    PageForm,
    RSVPForm,
)
from intrasphere.csv_files import csv_cell
from intrasphere.media import protected_file_response
from intrasphere.pagination import paginate
from intrasphere.permissions import permission_required

MANAGE_ANNOUNCEMENTS = permissions.MANAGE_ANNOUNCEMENTS
MANAGE_DOCUMENTS = permissions.MANAGE_DOCUMENTS
MANAGE_EVENTS = permissions.MANAGE_EVENTS
MANAGE_CONTENT = permissions.MANAGE_CONTENT


def _form_page(request, form, *, title: str, crumbs: list, cancel_url: str, multipart=False):
    return render(
        request,
        "content/object_form.html",
        {
            "form": form,
            "title": title,
            "crumbs": [*crumbs, (title, "")],
            "cancel_url": cancel_url,
            "multipart": multipart,
        },
    )


def _confirm_delete(request, obj, *, crumbs: list, cancel_url: str):
    return render(
        request,
        "content/object_confirm_delete.html",
        {"object": obj, "crumbs": [*crumbs, (_("Delete"), "")], "cancel_url": cancel_url},
    )


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- Announcements --------------------------------------------------------------------------
def _announcement_crumbs():
    return [(_("Announcements"), reverse("content:announcement_list"))]


def announcement_list(request: HttpRequest) -> HttpResponse:
    filters = AnnouncementFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    shown = {"type": chosen.get("type", ""), "category": chosen.get("category")}
    announcements = selectors.announcement_list(user=request.user, **shown)
    count = selectors.announcement_count(user=request.user, **shown)
    return render(
        request,
        "content/announcement_list.html",
        {
            "page": paginate(request, announcements, count=count),
            "filters": filters,
            "can_manage": permissions.can_manage_announcements(request.user),
            "now": timezone.now(),
            "must_reads": selectors.must_reads_pending(user=request.user)[:3],
        },
    )


@permission_required(MANAGE_ANNOUNCEMENTS)
def announcement_create(request: HttpRequest) -> HttpResponse:
    return views_publishing.announcement_form(request)


@permission_required(MANAGE_ANNOUNCEMENTS)
def announcement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = selectors.announcement_get(user=request.user, pk=pk)
    return views_publishing.announcement_form(request, announcement)


@permission_required(MANAGE_ANNOUNCEMENTS)
def announcement_delete(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = selectors.announcement_get(user=request.user, pk=pk)
    if request.method == "POST":
        services.announcement_delete(actor=request.user, announcement=announcement, request=request)
        messages.success(request, _("The announcement was deleted."))
        return redirect("content:announcement_list")
    return _confirm_delete(
        request,
        announcement,
        crumbs=_announcement_crumbs(),
        cancel_url=announcement.get_absolute_url(),
    )


def _announcement_file(request, pk: int, field: str) -> HttpResponse:
    announcement = selectors.announcement_get(user=request.user, pk=pk)
    stored = getattr(announcement, field)
    content_type = "image/png" if stored.name.endswith(".png") else "image/jpeg"
    response = protected_file_response(
        stored, content_type=content_type, missing=_("This announcement has no image.")
    )
    if "Cache-Control" not in response:
        response["Cache-Control"] = "private, max-age=3600"
    return response


def announcement_image(request: HttpRequest, pk: int) -> HttpResponse:
    return _announcement_file(request, pk, "image")


def announcement_thumbnail(request: HttpRequest, pk: int) -> HttpResponse:
    return _announcement_file(request, pk, "thumbnail")


@require_POST
def announcement_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = selectors.announcement_get(user=request.user, pk=pk)
    if not announcement.important:
        messages.info(request, _("This announcement does not need a confirmation."))
    elif services.announcement_acknowledge(user=request.user, announcement=announcement):
        messages.success(request, _("Thank you: your reading is recorded."))
    return redirect(announcement)


def announcement_acknowledgements(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = selectors.announcement_get(user=request.user, pk=pk)
    permissions.ensure_can_follow_acknowledgements(request.user, announcement)
    report = selectors.announcement_acknowledgement_report(announcement=announcement)
    show = "read" if request.GET.get("show") == "read" else "pending"
    people = report.acknowledged if show == "read" else [(p, None) for p in report.pending]
    return render(
        request,
        "content/announcement_acknowledgements.html",
        {
            "announcement": announcement,
            "report": report,
            "show": show,
            "page": paginate(request, people, per_page=50),
            "crumbs": [
                *_announcement_crumbs(),
                (announcement.title, announcement.get_absolute_url()),
                (_("Readers"), ""),
            ],
        },
    )


def announcement_acknowledgements_csv(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = selectors.announcement_get(user=request.user, pk=pk)
    permissions.ensure_can_follow_acknowledgements(request.user, announcement)
    report = selectors.announcement_acknowledgement_report(announcement=announcement)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="acknowledgements-{announcement.pk}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow([_("Name"), _("Username"), _("Department"), _("Read"), _("Read at")])
    for person, when in report.acknowledged:
        row = [person.name, person.username, person.department, _("yes"), when.isoformat()]
        writer.writerow([csv_cell(value) for value in row])
    for person in report.pending:
        row = [person.name, person.username, person.department, _("no"), ""]
        writer.writerow([csv_cell(value) for value in row])
    return response


@require_POST
def announcement_remind(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = selectors.announcement_get(user=request.user, pk=pk)
    permissions.ensure_can_follow_acknowledgements(request.user, announcement)
    count = services.announcement_remind(
        actor=request.user, announcement=announcement, request=request
    )
    messages.success(request, _("%(count)d people were reminded.") % {"count": count})
    return redirect("content:announcement_acknowledgements", pk=announcement.pk)


# --- Documents ------------------------------------------------------------------------------
def _document_crumbs():
    return [(_("Documents"), reverse("content:document_list"))]


def document_list(request: HttpRequest) -> HttpResponse:
    filters = DocumentFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    documents = selectors.document_list(
        user=request.user,
        query=chosen.get("q", ""),
        category=chosen.get("category"),
        language=get_language(),
    )
    count = None  # a search counts its matches; the whole library's count is shared
    if not chosen.get("q"):
        count = selectors.document_count(user=request.user, category=chosen.get("category"))
    return render(
        request,
        "content/document_list.html",
        {
            "page": paginate(request, documents, count=count),
            "filters": filters,
            "can_manage": permissions.can_manage_documents(request.user),
        },
    )


def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(user=request.user, pk=pk)
    return render(
        request,
        "content/document_detail.html",
        {
            "document": document,
            "page": paginate(request, selectors.document_versions(document=document)),
            "acknowledged": document.requires_acknowledgement
            and selectors.document_acknowledged(user=request.user, document=document),
            "can_manage": permissions.can_manage_documents(request.user),
            "crumbs": [*_document_crumbs(), (document.title, "")],
        },
    )


@permission_required(MANAGE_DOCUMENTS)
def document_create(request: HttpRequest) -> HttpResponse:
    form = DocumentCreateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in DocumentForm.Meta.fields}
        try:
            document = services.document_create(
                actor=request.user,
                data=data,
                upload=form.cleaned_data["file"],
                change_note=form.cleaned_data["change_note"],
                request=request,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The document was added."))
            return redirect(document)
    return _form_page(
        request,
        form,
        title=_("New document"),
        crumbs=_document_crumbs(),
        cancel_url=reverse("content:document_list"),
        multipart=True,
    )


@permission_required(MANAGE_DOCUMENTS)
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(user=request.user, pk=pk)
    form = DocumentForm(request.POST or None, instance=document)
    if request.method == "POST" and form.is_valid():
        services.document_update(
            actor=request.user, document=document, data=form.cleaned_data, request=request
        )
        messages.success(request, _("The document was saved."))
        return redirect(document)
    return _form_page(
        request,
        form,
        title=_("Edit the document"),
        crumbs=[*_document_crumbs(), (document.title, document.get_absolute_url())],
        cancel_url=document.get_absolute_url(),
    )


@permission_required(MANAGE_DOCUMENTS)
def document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(user=request.user, pk=pk)
    if request.method == "POST":
        services.document_delete(actor=request.user, document=document, request=request)
        messages.success(request, _("The document was deleted."))
        return redirect("content:document_list")
    return _confirm_delete(
        request, document, crumbs=_document_crumbs(), cancel_url=document.get_absolute_url()
    )


@permission_required(MANAGE_DOCUMENTS)
def document_version_create(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(user=request.user, pk=pk)
    form = DocumentVersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        version = services.document_version_add(
            actor=request.user,
            document=document,
            upload=form.cleaned_data["file"],
            change_note=form.cleaned_data["change_note"],
            request=request,
        )
        messages.success(request, _("Version %(number)s was added.") % {"number": version.number})
        return redirect(document)
    return _form_page(
        request,
        form,
        title=_("New version"),
        crumbs=[*_document_crumbs(), (document.title, document.get_absolute_url())],
        cancel_url=document.get_absolute_url(),
        multipart=True,
    )


@require_POST
@permission_required(MANAGE_DOCUMENTS)
def document_version_restore(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    document = selectors.document_get(user=request.user, pk=pk)
    version = get_object_or_404(document.versions, number=number)
    try:
        restored = services.document_version_restore(
            actor=request.user, document=document, version=version, request=request
        )
    except FileNotFoundError:
        messages.error(request, _("The file of this version is missing; nothing was changed."))
    else:
        messages.success(
            request,
            _("Version %(old)s was restored as version %(new)s.")
            % {"old": version.number, "new": restored.number},
        )
    return redirect(document)


def _send_version(version) -> HttpResponse:
    response = protected_file_response(
        version.file,
        content_type=version.content_type,
        as_attachment=True,
        filename=get_valid_filename(version.original_filename) or "document",
        missing=_("The file is missing."),
    )
    response["Cache-Control"] = "private, no-store"
    return response


def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(user=request.user, pk=pk)
    return _send_version(document.current_version)


def document_version_download(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    document = selectors.document_get(user=request.user, pk=pk)
    return _send_version(get_object_or_404(document.versions, number=number))


@require_POST
def document_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(user=request.user, pk=pk)
    try:
        services.document_acknowledge(user=request.user, document=document)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you: your reading is recorded."))
    return redirect(document)


# --- Events ---------------------------------------------------------------------------------
def _event_crumbs():
    return [(_("Events"), reverse("content:event_list"))]


def event_list(request: HttpRequest) -> HttpResponse:
    """Upcoming or past events, or (`?day=YYYY-MM-DD`) those running that day: a day that is not
    a date is reported on the page and ignored."""
    filters = EventFilterForm(request.GET or None)
    day = filters.cleaned_data.get("day") if filters.is_valid() else None
    past = day is None and request.GET.get("when") == "past"
    feed = selectors.calendar_feed_token_of(user=request.user)
    events = selectors.event_list(user=request.user, past=past, day=day)
    return render(
        request,
        "content/event_list.html",
        {
            "page": paginate(request, events),
            "filters": filters,
            "day": day,
            "past": past,
            "can_manage": permissions.can_manage_events(request.user),
            "feed_url": request.build_absolute_uri(
                reverse("content:event_feed_token", kwargs={"token": feed.token})
            )
            if feed
            else "",
        },
    )


def event_calendar(request: HttpRequest, year: int | None = None, month: int | None = None):
    today = timezone.localdate()
    if year is None or month is None:
        year, month = today.year, today.month
    if not (1 <= month <= 12 and 1900 <= year <= 9998):
        raise Http404(_("That month does not exist."))
    return render(
        request,
        "content/event_calendar.html",
        {
            "calendar": selectors.event_calendar(user=request.user, year=year, month=month),
            "crumbs": [*_event_crumbs(), (_("Calendar"), "")],
        },
    )


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, pk=pk)
    can_manage = permissions.can_manage_events(request.user)
    return render(
        request,
        "content/event_detail.html",
        {
            "event": event,
            "my_status": selectors.event_rsvp_status(user=request.user, event=event),
            "is_over": event.ends_at < timezone.now(),
            "can_manage": can_manage,
            "page": paginate(
                request, selectors.event_participants(event=event) if can_manage else []
            ),
            "crumbs": [*_event_crumbs(), (event.title, "")],
        },
    )


def _event_form(request, event=None):
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.event_save(
                actor=request.user,
                event=event,
                data={name: form.cleaned_data[name] for name in EventForm.Meta.fields},
                request=request,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The event was saved."))
            return redirect(saved)
    title = _("Edit the event") if event else _("New event")
    cancel = event.get_absolute_url() if event else reverse("content:event_list")
    return _form_page(request, form, title=title, crumbs=_event_crumbs(), cancel_url=cancel)


@permission_required(MANAGE_EVENTS)
def event_create(request: HttpRequest) -> HttpResponse:
    return _event_form(request)


@permission_required(MANAGE_EVENTS)
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _event_form(request, selectors.event_get(user=request.user, pk=pk))


@permission_required(MANAGE_EVENTS)
def event_delete(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, pk=pk)
    if request.method == "POST":
        services.event_delete(actor=request.user, event=event, request=request)
        messages.success(request, _("The event was deleted."))
        return redirect("content:event_list")
    return _confirm_delete(
        request, event, crumbs=_event_crumbs(), cancel_url=event.get_absolute_url()
    )


@require_POST
def event_rsvp(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, pk=pk)
    form = RSVPForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose going or not going."))
        return redirect(event)
    try:
        services.event_rsvp(user=request.user, event=event, status=form.cleaned_data["status"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your answer is recorded."))
    return redirect(event)


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, pk=pk)
    return _ics_response(
        calendar_feed.calendar_bytes([event], host=request.get_host()), f"event-{event.pk}.ics"
    )


def event_feed(request: HttpRequest) -> HttpResponse:
    events = selectors.events_attended(user=request.user)
    return _ics_response(
        calendar_feed.calendar_bytes(events, host=request.get_host()), "my-events.ics"
    )


@login_not_required
def event_feed_token(request: HttpRequest, token: str) -> HttpResponse:
    """The personal feed for calendar apps: the secret in the URL stands for the session."""
    events = selectors.events_attended(user=selectors.calendar_feed_owner(token=token))
    response = _ics_response(
        calendar_feed.calendar_bytes(events, host=request.get_host()), "my-events.ics"
    )
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_POST
def event_feed_regenerate(request: HttpRequest) -> HttpResponse:
    services.calendar_feed_token_regenerate(user=request.user, request=request)
    messages.success(
        request,
        _("Your calendar link is ready. Any previous link no longer works. Keep it private."),
    )
    return redirect(reverse("content:event_list") + "#calendar-feed")


@require_POST
def event_feed_revoke(request: HttpRequest) -> HttpResponse:
    if services.calendar_feed_token_revoke(user=request.user, request=request):
        messages.success(request, _("Your calendar link no longer works."))
    else:
        messages.info(request, _("You had no calendar link."))
    return redirect(reverse("content:event_list") + "#calendar-feed")


# --- Pages ----------------------------------------------------------------------------------
def _page_crumbs():
    return [(_("Pages"), reverse("content:page_list"))]


def page_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "content/page_list.html",
        {
            "page": paginate(request, selectors.page_list(user=request.user)),
            "can_manage": permissions.can_manage_content(request.user),
        },
    )


def page_detail(request: HttpRequest, slug: str) -> HttpResponse:
    content_page = selectors.page_get(user=request.user, slug=slug)
    return render(
        request,
        "content/page_detail.html",
        {
            "content_page": content_page,
            "can_manage": permissions.can_manage_content(request.user),
            "crumbs": [*_page_crumbs(), (content_page.title, "")],
        },
    )


def _page_form(request, content_page=None):
    form = PageForm(request.POST or None, instance=content_page)
    if request.method == "POST" and form.is_valid():
        saved = services.page_save(
            actor=request.user,
            page=content_page,
            data={name: form.cleaned_data[name] for name in PageForm.Meta.fields},
            request=request,
        )
        messages.success(request, _("The page was saved."))
        return redirect(saved)
    title = _("Edit the page") if content_page else _("New page")
    cancel = content_page.get_absolute_url() if content_page else reverse("content:page_list")
    return _form_page(request, form, title=title, crumbs=_page_crumbs(), cancel_url=cancel)


@permission_required(MANAGE_CONTENT)
def page_create(request: HttpRequest) -> HttpResponse:
    return _page_form(request)


@permission_required(MANAGE_CONTENT)
def page_edit(request: HttpRequest, slug: str) -> HttpResponse:
    return _page_form(request, selectors.page_get(user=request.user, slug=slug))


@permission_required(MANAGE_CONTENT)
def page_delete(request: HttpRequest, slug: str) -> HttpResponse:
    content_page = selectors.page_get(user=request.user, slug=slug)
    if request.method == "POST":
        services.page_delete(actor=request.user, page=content_page, request=request)
        messages.success(request, _("The page was deleted."))
        return redirect("content:page_list")
    return _confirm_delete(
        request, content_page, crumbs=_page_crumbs(), cancel_url=content_page.get_absolute_url()
    )


# --- Categories -----------------------------------------------------------------------------
def _category_crumbs():
    return [(_("Categories"), reverse("content:category_list"))]


@permission_required(MANAGE_CONTENT)
def category_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "content/category_list.html",
        {"page": paginate(request, selectors.category_list())},
    )


def _category_form(request, category=None):
    form = CategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        services.category_save(
            actor=request.user,
            category=category,
            name=form.cleaned_data["name"],
            slug=form.cleaned_data["slug"],
            description=form.cleaned_data["description"],
            request=request,
        )
        messages.success(request, _("The category was saved."))
        return redirect("content:category_list")
    title = _("Edit the category") if category else _("New category")
    return _form_page(
        request,
        form,
        title=title,
        crumbs=_category_crumbs(),
        cancel_url=reverse("content:category_list"),
    )


@permission_required(MANAGE_CONTENT)
def category_create(request: HttpRequest) -> HttpResponse:
    return _category_form(request)


@permission_required(MANAGE_CONTENT)
def category_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _category_form(request, get_object_or_404(selectors.category_list(), pk=pk))


@permission_required(MANAGE_CONTENT)
def category_delete(request: HttpRequest, pk: int) -> HttpResponse:
    category = get_object_or_404(selectors.category_list(), pk=pk)
    if request.method == "POST":
        services.category_delete(actor=request.user, category=category, request=request)
        messages.success(request, _("The category was deleted."))
        return redirect("content:category_list")
    return _confirm_delete(
        request, category, crumbs=_category_crumbs(), cancel_url=reverse("content:category_list")
    )
