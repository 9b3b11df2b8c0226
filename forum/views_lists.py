"""Forum pages across categories (latest topics, my posts) and a category's end of life
(archive, move all topics, delete once empty)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from forum import permissions, selectors, services_categories
from forum.forms import MoveForm
from forum.views import _crumbs
from intrasphere.pagination import paginate


def latest_topics(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.latest_topics(user=request.user))
    crumbs = _crumbs((_("Latest topics"), ""))
    return render(request, "forum/latest_topics.html", {"page": page, "crumbs": crumbs})


def my_posts(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.own_posts(user=request.user))
    return render(
        request, "forum/my_posts.html", {"page": page, "crumbs": _crumbs((_("My posts"), ""))}
    )


def _move_form(category, data=None) -> MoveForm:
    form = MoveForm(data, categories=selectors.category_list().exclude(pk=category.pk))
    form.fields["category"].label = _("Move all topics to")
    return form


def category_manage(request: HttpRequest, slug: str, move_form=None) -> HttpResponse:
    """The end of life of a category: archive or restore, move all topics, delete once empty."""
    permissions.ensure_manage_forum(request.user)
    category = selectors.category_get(slug=slug)
    context = {
        "category": category,
        "move_form": move_form or _move_form(category),
        "topic_total": category.topics.count(),
        "crumbs": _crumbs((category.name, category.get_absolute_url()), (_("Archive"), "")),
    }
    status = 400 if move_form is not None and move_form.errors else 200
    return render(request, "forum/category_manage.html", context, status=status)


@require_POST
def category_archive(request: HttpRequest, slug: str) -> HttpResponse:
    permissions.ensure_manage_forum(request.user)
    category = selectors.category_get(slug=slug)
    archive = request.POST.get("archive") != "0"
    try:
        services_categories.category_archive(
            actor=request.user, category=category, archive=archive, request=request
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Category archived.") if archive else _("Category restored."))
    return redirect("forum:category_manage", slug=category.slug)


@require_POST
def category_move_topics(request: HttpRequest, slug: str) -> HttpResponse:
    permissions.ensure_manage_forum(request.user)
    category = selectors.category_get(slug=slug)
    form = _move_form(category, request.POST)
    if not form.is_valid():
        return category_manage(request, slug, move_form=form)
    target = form.cleaned_data["category"]
    try:
        moved = services_categories.category_move_topics(
            actor=request.user, category=category, target=target, request=request
        )
    except ValidationError as error:
        form.add_error(None, error)
        return category_manage(request, slug, move_form=form)
    text = ngettext(
        "%(count)d topic moved to %(name)s.", "%(count)d topics moved to %(name)s.", moved
    )
    messages.success(request, text % {"count": moved, "name": target.name})
    return redirect("forum:category_manage", slug=category.slug)


@require_POST
def category_delete(request: HttpRequest, slug: str) -> HttpResponse:
    permissions.ensure_manage_forum(request.user)
    category = selectors.category_get(slug=slug)
    try:
        services_categories.category_delete(actor=request.user, category=category, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("forum:category_manage", slug=category.slug)
    messages.success(request, _("Category “%(name)s” deleted.") % {"name": category.name})
    return redirect(reverse("forum:index"))
