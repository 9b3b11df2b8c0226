"""Forum pages: thin views over forum.selectors, forum.services and forum.permissions."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forum import permissions, selectors, services
from forum.forms import (
    CategoryForm,
    ModeratorForm,
    MoveForm,
    PostForm,
    ReportForm,
    ReportHandleForm,
    ReviewForm,
    TopicEditForm,
    TopicForm,
    TopicModerateForm,
)
from forum.models import Category, Status
from intrasphere.pagination import paginate
from intrasphere.services import notification_mark_read_about


def _form_error(form: Form, error: ValidationError) -> None:
    """Attach a service's ValidationError to the form (unknown fields become general errors)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _crumbs(*pairs) -> list[tuple[str, str]]:
    return [(_("Forum"), reverse("forum:index")), *pairs]


# --- index and categories -------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "forum/category_list.html",
        {
            "categories": selectors.index_categories(),
            "can_manage": permissions.can_manage_forum(request.user),
            "archived": selectors.archived_categories(),
            "can_moderate": permissions.is_moderator_somewhere(request.user),
            "crumbs": [(_("Forum"), "")],
        },
    )


def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    category = selectors.category_for_topic_list(slug=slug, user=request.user)
    can_post = permissions.can_post_in_category(request.user, category)
    return render(
        request,
        "forum/topic_list.html",
        {
            "category": category,
            "page": paginate(
                request,
                selectors.topic_list(user=request.user, category=category),
                count=selectors.topic_count(user=request.user, category=category),
            ),
            "can_post": can_post,
            "can_manage": permissions.can_manage_forum(request.user),
            "crumbs": _crumbs((category.name, "")),
        },
    )


@require_POST
def category_follow(request: HttpRequest, slug: str) -> HttpResponse:
    category = selectors.category_get(slug=slug)
    follow = request.POST.get("follow") == "1"
    services.subscription_set(user=request.user, category=category, follow=follow)
    messages.success(
        request,
        _("You follow this category.") if follow else _("You no longer follow this category."),
    )
    return redirect(category)


def category_create(request: HttpRequest) -> HttpResponse:
    return _category_form(request, Category())


def category_edit(request: HttpRequest, slug: str) -> HttpResponse:
    return _category_form(request, selectors.category_get(slug=slug))


def _category_form(request: HttpRequest, category: Category) -> HttpResponse:
    permissions.ensure_manage_forum(request.user)
    form = CategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        category = services.category_save(
            actor=request.user, category=form.instance, request=request
        )
        messages.success(request, _("Category saved."))
        return redirect(category)
    return render(
        request,
        "forum/category_form.html",
        {
            "form": form,
            "category": category,
            "crumbs": _crumbs((category.name or _("New category"), "")),
        },
    )


def category_moderators(request: HttpRequest, slug: str) -> HttpResponse:
    permissions.ensure_manage_forum(request.user)
    category = selectors.category_get(slug=slug)
    form = ModeratorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        add = form.cleaned_data["action"] == "add"
        services.category_moderator_set(
            actor=request.user,
            category=category,
            user=form.cleaned_data["username"],
            add=add,
            request=request,
        )
        messages.success(request, _("Moderators updated."))
        return redirect("forum:category_moderators", slug=category.slug)
    return render(
        request,
        "forum/category_moderators.html",
        {
            "category": category,
            "form": form,
            "moderators": selectors.category_moderators(category=category),
            "crumbs": _crumbs((category.name, category.get_absolute_url()), (_("Moderators"), "")),
        },
    )


# --- topics ---------------------------------------------------------------------------------


def topic_create(request: HttpRequest, slug: str) -> HttpResponse:
    category = selectors.category_get(slug=slug)
    if not permissions.can_post_in_category(request.user, category):
        messages.error(request, _("This category is closed: it accepts no new topics."))
        return redirect(category)
    form = TopicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            topic = services.topic_create(
                author=request.user, category=category, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            if topic.status == Status.PENDING:
                messages.info(
                    request, _("Your topic will be visible once a moderator approves it.")
                )
            else:
                messages.success(request, _("Topic published."))
            return redirect(topic)
    return render(
        request,
        "forum/topic_form.html",
        {
            "form": form,
            "category": category,
            "crumbs": _crumbs((category.name, category.get_absolute_url()), (_("New topic"), "")),
        },
    )


def topic_detail(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    user = request.user
    topic = selectors.topic_for_page(user=user, pk=pk)
    if slug != (topic.slug or "topic"):  # renamed topic or hand-typed address
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        return redirect(topic.get_absolute_url() + query, permanent=False)
    rights = permissions.topic_page_rights(user, topic)
    page = paginate(
        request, selectors.post_list(user=user, topic=topic, moderator=rights["moderator"])
    )
    posts = selectors.posts_for_page(
        user=user, topic=topic, moderator=rights["moderator"], posts=page.object_list
    )
    notification_mark_read_about(user=user, target=topic)  # opened: what told them is read
    if topic.is_visible:
        services.topic_view_record(
            user=user,
            topic=topic,
            last_shown=selectors.last_visible(posts),
            read_until=topic.read_until,
        )
    return render(
        request,
        "forum/topic_detail.html",
        {
            **rights,
            "topic": topic,
            "page": page,
            "posts": posts,
            "reply_form": PostForm() if rights["can_reply"] else None,
            "review_form": ReviewForm() if rights["can_review_topic"] else None,
            "crumbs": _crumbs(
                (topic.category.name, topic.category.get_absolute_url()), (topic.title, "")
            ),
        },
    )


def topic_unread(request: HttpRequest, pk: int) -> HttpResponse:
    """Jump to the first post the user has not read yet (the last page when all are read)."""
    topic = selectors.topic_get(user=request.user, pk=pk)
    moderator = permissions.can_moderate_category(request.user, topic.category)
    post = selectors.first_unread_post(user=request.user, topic=topic, moderator=moderator)
    if post is None:
        post = selectors.post_list(user=request.user, topic=topic, moderator=moderator).last()
    if post is None:
        return redirect(topic)
    return _redirect_to_post(request, post, moderator)


def _redirect_to_post(request: HttpRequest, post, moderator: bool) -> HttpResponse:
    number = selectors.post_page_number(
        user=request.user, post=post, moderator=moderator, per_page=settings.PAGE_SIZE
    )
    query = f"?page={number}" if number > 1 else ""
    return redirect(f"{post.topic.get_absolute_url()}{query}#post-{post.pk}")


def topic_reply(request: HttpRequest, pk: int) -> HttpResponse:
    topic = selectors.topic_get(user=request.user, pk=pk)
    if not permissions.can_reply(request.user, topic):
        if topic.locked:
            messages.error(request, _("This topic is locked: it accepts no new replies."))
        elif not topic.category.active:
            messages.error(request, _("This category is closed: it accepts no new replies."))
        else:
            messages.error(request, _("You cannot reply to this topic."))
        return redirect(topic)
    initial = {}
    quote_id = request.GET.get("quote", "")
    if request.method == "GET" and quote_id.isdigit():
        quoted = selectors.post_get(user=request.user, pk=int(quote_id))
        if quoted.topic_id != topic.pk:
            raise Http404
        quote = "\n".join(f"> {line}" for line in quoted.content.splitlines())
        initial["content"] = f"@{quoted.author.username}:\n{quote}\n\n"
    form = PostForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_create(
                author=request.user, topic=topic, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            if post.status == Status.PENDING:
                messages.info(
                    request, _("Your reply will be visible once a moderator approves it.")
                )
            else:
                messages.success(request, _("Reply published."))
            moderator = permissions.can_moderate_category(request.user, topic.category)
            return _redirect_to_post(request, post, moderator)
    return render(
        request,
        "forum/post_form.html",
        {
            "form": form,
            "topic": topic,
            "title": _("Reply"),
            "action": reverse("forum:topic_reply", kwargs={"pk": topic.pk}),
            "crumbs": _crumbs(
                (topic.category.name, topic.category.get_absolute_url()),
                (topic.title, topic.get_absolute_url()),
                (_("Reply"), ""),
            ),
        },
    )


def topic_edit(request: HttpRequest, pk: int) -> HttpResponse:
    topic = selectors.topic_get(user=request.user, pk=pk)
    permissions.ensure_edit_topic(request.user, topic)
    form = TopicEditForm(request.POST or None, initial={"title": topic.title})
    if request.method == "POST" and form.is_valid():
        try:
            topic = services.topic_edit(
                actor=request.user, topic=topic, title=form.cleaned_data["title"], request=request
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Topic updated."))
            return redirect(topic)
    return render(
        request,
        "forum/topic_edit.html",
        {
            "form": form,
            "topic": topic,
            "crumbs": _crumbs((topic.title, topic.get_absolute_url()), (_("Edit"), "")),
        },
    )


@require_POST
def topic_delete(request: HttpRequest, pk: int) -> HttpResponse:
    topic = selectors.topic_get(user=request.user, pk=pk)
    services.topic_delete(actor=request.user, topic=topic, request=request)
    messages.success(request, _("Topic deleted."))
    return redirect(topic.category)


@require_POST
def topic_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    """Pin/unpin and lock/unlock (moderators of the category)."""
    topic = selectors.topic_get(user=request.user, pk=pk)
    form = TopicModerateForm(request.POST)
    permissions.ensure_moderate_category(request.user, topic.category)
    if not form.is_valid():
        messages.error(request, _("Unknown action."))
        return redirect(topic)
    services.topic_moderate(actor=request.user, topic=topic, request=request, **form.changes())
    messages.success(request, _("Topic updated."))
    return redirect(topic)


def topic_move(request: HttpRequest, pk: int) -> HttpResponse:
    topic = selectors.topic_get(user=request.user, pk=pk)
    permissions.ensure_moderate_category(request.user, topic.category)
    categories = permissions.moderated_categories(request.user).exclude(pk=topic.category_id)
    form = MoveForm(request.POST or None, categories=categories)
    if request.method == "POST" and form.is_valid():
        services.topic_moderate(
            actor=request.user,
            topic=topic,
            category=form.cleaned_data["category"],
            request=request,
        )
        messages.success(request, _("Topic moved."))
        return redirect(topic)
    return render(
        request,
        "forum/topic_move.html",
        {
            "form": form,
            "topic": topic,
            "crumbs": _crumbs((topic.title, topic.get_absolute_url()), (_("Move"), "")),
        },
    )


@require_POST
def topic_follow(request: HttpRequest, pk: int) -> HttpResponse:
    topic = selectors.topic_get(user=request.user, pk=pk)
    follow = request.POST.get("follow") == "1"
    services.subscription_set(user=request.user, topic=topic, follow=follow)
    messages.success(
        request, _("You follow this topic.") if follow else _("You no longer follow this topic.")
    )
    return redirect(topic)


@require_POST
def topic_review(request: HttpRequest, pk: int) -> HttpResponse:
    topic = selectors.topic_get(user=request.user, pk=pk)
    permissions.ensure_validate_topics(request.user, topic.category)
    return _review(request, services.topic_review, "topics", topic=topic)


def _queue(tab: str) -> HttpResponse:
    return redirect(f"{reverse('forum:moderation_queue')}?tab={tab}")


def _review(request: HttpRequest, service, tab: str, **target) -> HttpResponse:
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return _queue(tab)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        service(
            actor=request.user,
            approve=approve,
            reason=form.cleaned_data["reason"],
            request=request,
            **target,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Approved.") if approve else _("Rejected."))
    return _queue(tab)


# --- posts ----------------------------------------------------------------------------------


def post_jump(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_get(user=request.user, pk=pk)
    moderator = permissions.can_moderate_category(request.user, post.topic.category)
    return _redirect_to_post(request, post, moderator)


def post_edit(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_get(user=request.user, pk=pk)
    permissions.ensure_edit_post(request.user, post)
    form = PostForm(request.POST or None, initial={"content": post.content})
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_edit(
                actor=request.user, post=post, content=form.cleaned_data["content"], request=request
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Post updated."))
            return redirect(post)
    topic = post.topic
    return render(
        request,
        "forum/post_form.html",
        {
            "form": form,
            "topic": topic,
            "title": _("Edit post"),
            "action": reverse("forum:post_edit", kwargs={"pk": post.pk}),
            "crumbs": _crumbs((topic.title, topic.get_absolute_url()), (_("Edit post"), "")),
        },
    )


@require_POST
def post_delete(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_get(user=request.user, pk=pk)
    services.post_delete(actor=request.user, post=post, request=request)
    messages.success(request, _("Post deleted."))
    post.topic.refresh_from_db(fields=["deleted"])
    return redirect(post.topic.category if post.topic.deleted else post.topic)


@require_POST
def post_like(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_get(user=request.user, pk=pk)
    try:
        liked, _count = services.like_toggle(user=request.user, post=post)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You like this post.") if liked else _("Like removed."))
    return redirect(post)


def post_report(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_get(user=request.user, pk=pk)
    if not permissions.can_report_post(request.user, post):
        raise PermissionDenied
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_create(
                reporter=request.user,
                post=post,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Thank you: the moderators will look at this post."))
            return redirect(post)
    topic = post.topic
    return render(
        request,
        "forum/post_report.html",
        {
            "form": form,
            "post": post,
            "crumbs": _crumbs((topic.title, topic.get_absolute_url()), (_("Report"), "")),
        },
    )


@require_POST
def post_review(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_get(user=request.user, pk=pk)
    permissions.ensure_validate_posts(request.user, post.topic.category)
    return _review(request, services.post_review, "posts", post=post)


def post_revisions(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_get(user=request.user, pk=pk)
    if not permissions.can_see_revisions(request.user, post):
        raise PermissionDenied
    topic = post.topic
    return render(
        request,
        "forum/post_revisions.html",
        {
            "post": post,
            "revisions": post.revisions.select_related("edited_by"),
            "crumbs": _crumbs(
                (topic.title, topic.get_absolute_url()), (_("Previous versions"), "")
            ),
        },
    )


# --- moderation -----------------------------------------------------------------------------


QUEUE_TABS = {
    "topics": selectors.pending_topics,
    "posts": selectors.pending_posts,
    "reports": selectors.open_reports,
}


def moderation_queue(request: HttpRequest) -> HttpResponse:
    """One paginated list per tab (pending topics, pending replies, reports) with counts."""
    if not permissions.is_moderator_somewhere(request.user):
        raise PermissionDenied
    tab = request.GET.get("tab", "topics")
    if tab not in QUEUE_TABS:
        raise Http404(_("No such list."))
    counts = {name: selector(user=request.user).count() for name, selector in QUEUE_TABS.items()}
    return render(
        request,
        "forum/moderation_queue.html",
        {
            "tab": tab,
            "counts": counts,
            "page": paginate(request, QUEUE_TABS[tab](user=request.user)),
            "crumbs": _crumbs((_("Moderation queue"), "")),
        },
    )


@require_POST
def report_handle(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(selectors.open_reports(user=request.user), pk=pk)
    form = ReportHandleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what to do with the report."))
        return _queue("reports")
    remove = form.cleaned_data["decision"] == "remove"
    services.report_handle(actor=request.user, report=report, remove_post=remove, request=request)
    messages.success(request, _("Post removed.") if remove else _("Report dismissed."))
    return _queue("reports")


# --- people ---------------------------------------------------------------------------------


def helpful_colleagues(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.helpful_colleagues())
    return render(
        request,
        "forum/helpful_colleagues.html",
        {"page": page, "crumbs": _crumbs((_("Most helpful colleagues"), ""))},
    )
