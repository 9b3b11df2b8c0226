"""An announcement's page with its reactions and comments, and their moderation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from content import permissions, selectors, selectors_engagement, services_engagement
from content.forms import CommentForm, CommentReportForm, ReactionForm
from content.models import Announcement
from intrasphere.pagination import paginate


def _crumbs(*more) -> list:
    return [(_("Announcements"), reverse("content:announcement_list")), *more]


def _render_detail(
    request: HttpRequest, announcement: Announcement, comment_form=None, status: int = 200
) -> HttpResponse:
    user = request.user
    context = {
        "announcement": announcement,
        "acknowledged": announcement.important
        and selectors.announcement_acknowledged(user=user, announcement=announcement),
        "can_manage": permissions.can_manage_announcements(user),
        "can_follow": permissions.can_follow_acknowledgements(user, announcement),
        "crumbs": _crumbs((announcement.title, "")),
        "can_react": permissions.can_react(user, announcement),
        "can_comment": permissions.can_comment(user, announcement),
        "can_moderate": permissions.can_moderate_comments(user),
        "comment_form": comment_form or CommentForm(),
    }
    if announcement.allow_reactions:
        context["reactions"] = selectors_engagement.announcement_reactions(
            user=user, announcement=announcement
        )
    if announcement.allow_comments:
        context["comments"] = selectors_engagement.announcement_comments(
            user=user, announcement=announcement
        )
    return render(request, "content/announcement_detail.html", context, status=status)


def announcement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, selectors.announcement_get(user=request.user, pk=pk))


@require_POST
def announcement_react(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = selectors.announcement_get(user=request.user, pk=pk)
    permissions.ensure(permissions.can_react(request.user, announcement))
    form = ReactionForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Choose one of the reactions offered."), status=400)
    services_engagement.reaction_toggle(
        user=request.user, announcement=announcement, kind=form.cleaned_data["kind"]
    )
    return redirect(f"{announcement.get_absolute_url()}#reactions")


@require_POST
def announcement_comment(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = selectors.announcement_get(user=request.user, pk=pk)
    permissions.ensure(permissions.can_comment(request.user, announcement))
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment = services_engagement.comment_create(
                author=request.user, announcement=announcement, content=form.cleaned_data["content"]
            )
        except ValidationError as error:
            form.add_error("content", error.messages)
        else:
            messages.success(request, _("Your comment was added."))
            return redirect(f"{announcement.get_absolute_url()}#comment-{comment.pk}")
    return _render_detail(request, announcement, comment_form=form, status=400)


@require_POST
def comment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    comment = selectors_engagement.comment_get(user=request.user, pk=pk)
    services_engagement.comment_delete(actor=request.user, comment=comment, request=request)
    messages.success(request, _("The comment was deleted."))
    return redirect(f"{comment.announcement.get_absolute_url()}#comments")


@require_POST
def comment_hide(request: HttpRequest, pk: int) -> HttpResponse:
    comment = selectors_engagement.comment_get(user=request.user, pk=pk)
    hidden = request.POST.get("hidden", "1") != "0"
    services_engagement.comment_hide(
        actor=request.user, comment=comment, hidden=hidden, request=request
    )
    messages.success(
        request, _("The comment is hidden.") if hidden else _("The comment is shown again.")
    )
    if request.POST.get("next") == "reports":
        return redirect("content:comment_reports")
    return redirect(f"{comment.announcement.get_absolute_url()}#comment-{comment.pk}")


def comment_report(request: HttpRequest, pk: int) -> HttpResponse:
    comment = selectors_engagement.comment_get(user=request.user, pk=pk)
    permissions.ensure(permissions.can_report_comment(request.user, comment))
    form = CommentReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_engagement.comment_report(
                reporter=request.user, comment=comment, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Thank you: the moderators will look at this comment."))
            return redirect(f"{comment.announcement.get_absolute_url()}#comment-{comment.pk}")
    announcement = comment.announcement
    crumbs = _crumbs((announcement.title, announcement.get_absolute_url()), (_("Report"), ""))
    return render(
        request,
        "content/comment_report.html",
        {"form": form, "comment": comment, "crumbs": crumbs},
        status=400 if form.errors else 200,
    )


def comment_reports(request: HttpRequest) -> HttpResponse:
    permissions.ensure(permissions.can_moderate_comments(request.user))
    return render(
        request,
        "content/comment_reports.html",
        {
            "page": paginate(request, selectors_engagement.comment_reports_open()),
            "crumbs": _crumbs((_("Reported comments"), "")),
        },
    )


@require_POST
def comment_report_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    permissions.ensure(permissions.can_moderate_comments(request.user))
    report = get_object_or_404(selectors_engagement.comment_reports_open(), pk=pk)
    services_engagement.comment_report_dismiss(actor=request.user, report=report, request=request)
    messages.success(request, _("The report was dismissed."))
    return redirect("content:comment_reports")
