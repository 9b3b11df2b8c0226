"""Forum writes: every rule, counter and notification lives here (atomic, audited)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import User
from accounts.selectors_people import mentioned_people
from forum import permissions
from forum.models import (
    POST_MAX_LENGTH,
    Category,
    Like,
    Post,
    PostRevision,
    Report,
    Status,
    Subscription,
    Topic,
    TopicView,
)
from intrasphere import caching
from intrasphere.services import audit_record, notification_send

if TYPE_CHECKING:
    from django.http import HttpRequest


# --- counters -------------------------------------------------------------------------------


def _topic_refresh(topic_id: int) -> None:
    """Recount a topic's replies and last activity, under a row lock."""
    topic = Topic.objects.select_for_update().get(pk=topic_id)
    visible = Post.objects.filter(topic_id=topic_id, status=Status.VISIBLE, deleted=False)
    count = visible.count()
    last = visible.order_by("-created_at", "-id").first()
    topic.reply_count = max(count - 1, 0)
    topic.last_post_at = last.created_at if last else topic.created_at
    topic.last_post_author_id = last.author_id if last else topic.author_id
    topic.save(update_fields=["reply_count", "last_post_at", "last_post_author"])


def _category_refresh(category_id: int) -> None:
    """Recount a category's visible topics and posts and its last post, under a row lock."""
    category = Category.objects.select_for_update().get(pk=category_id)
    posts = Post.objects.filter(
        topic__category_id=category_id,
        topic__status=Status.VISIBLE,
        topic__deleted=False,
        status=Status.VISIBLE,
        deleted=False,
    )
    category.topic_count = Topic.objects.filter(
        category_id=category_id, status=Status.VISIBLE, deleted=False
    ).count()
    category.post_count = posts.count()
    category.last_post = posts.order_by("-created_at", "-id").first()
    category.save(update_fields=["topic_count", "post_count", "last_post"])


def _count_reply(topic: Topic, post: Post) -> None:
    """A reply was added: its topic is recounted (its own posts), its category moves by one when
    the reply shows there (a visible post of a visible topic: the newest, so its last post),
    instead of recounting every post of the category, which grows with the forum."""
    _topic_refresh(topic.pk)
    if post.status != Status.VISIBLE or topic.status != Status.VISIBLE or topic.deleted:
        return
    category = Category.objects.select_for_update().get(pk=topic.category_id)
    category.post_count += 1
    category.last_post = post
    category.save(update_fields=["post_count", "last_post"])


def _refresh(topic: Topic, *extra_categories: int) -> None:
    _topic_refresh(topic.pk)
    for category_id in sorted({topic.category_id, *extra_categories}):
        _category_refresh(category_id)


# --- helpers --------------------------------------------------------------------------------


def _clean_content(content: str) -> str:
    content = (content or "").strip()
    if not content:
        raise ValidationError({"content": _("Write a message.")})
    if len(content) > POST_MAX_LENGTH:
        raise ValidationError(
            {
                "content": _("Keep your message under %(max)d characters (it has %(n)d).")
                % {"max": POST_MAX_LENGTH, "n": len(content)}
            }
        )
    return content


def _clean_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the topic a title.")})
    if len(title) > 200:
        raise ValidationError({"title": _("Keep the title under 200 characters.")})
    return title


def _subscribe(user: User, topic: Topic) -> None:
    Subscription.objects.get_or_create(user=user, topic=topic)


def _notify_mentions(*, post: Post, already: set[int]) -> set[int]:
    """Notify the active colleagues a visible post mentions (`@username` or `@First Last`,
    resolved only when unique) who may read it; never its author, at most `MAX_NOTIFIED`."""
    people = [
        person
        for person in mentioned_people(post.content, author=post.author)
        if person.pk not in already and permissions.can_see_post(person, post)
    ]
    if not people:
        return set()
    notification_send(
        recipients=people,
        kind="forum.mention",
        params={"author": post.author.name, "topic": post.topic.title},
        target=post.topic,
        url=post.get_absolute_url(),
        actor=post.author,
    )
    return {person.pk for person in people}


def _notify_followers(*, post: Post, new_topic: bool) -> None:
    """A visible post: mentions first, then topic (or category) followers, author excluded."""
    topic = post.topic
    mentioned = _notify_mentions(post=post, already=set())
    followers = Subscription.objects.filter(category_id=topic.category_id)
    if not new_topic:
        followers = Subscription.objects.filter(topic=topic) | followers
    recipient_ids = set(followers.values_list("user_id", flat=True)) - mentioned - {post.author_id}
    if not recipient_ids:
        return
    if new_topic:
        params = {"category": topic.category.name, "topic": topic.title}
    else:
        params = {"author": post.author.name, "topic": topic.title}
    notification_send(
        recipients=User.objects.filter(pk__in=recipient_ids, is_active=True),
        kind="forum.reply" if not new_topic else "forum.topic",
        params=params,
        target=topic,
        url=post.get_absolute_url(),
        actor=post.author,
    )


# --- categories -----------------------------------------------------------------------------


@transaction.atomic
def category_save(
    *, actor: User, category: Category, request: HttpRequest | None = None
) -> Category:
    permissions.ensure_manage_forum(actor)
    creating = category.pk is None
    category.full_clean()
    category.save()
    audit_record(
        actor=actor,
        action="forum.category.create" if creating else "forum.category.update",
        target=category,
        request=request,
    )
    return category


@transaction.atomic
def category_delete(*, actor: User, category: Category, request: HttpRequest | None = None) -> None:
    """Delete an empty category (its topics, even deleted ones, must be moved first)."""
    permissions.ensure_manage_forum(actor)
    if Topic.objects.filter(category=category).exists():
        raise ValidationError(
            _("This category still holds topics: move them to another category first.")
        )
    audit_record(actor=actor, action="forum.category.delete", target=category, request=request)
    category.delete()


@transaction.atomic
def category_moderator_set(
    *,
    actor: User,
    category: Category,
    user: User,
    add: bool,
    request: HttpRequest | None = None,
) -> None:
    """Give or take the per-category moderation rights (guardian object permissions)."""
    permissions.ensure_manage_forum(actor)
    for perm in permissions.MODERATION_PERMS:
        (assign_perm if add else remove_perm)(perm, user, category)
    audit_record(
        actor=actor,
        action="forum.category.moderator_add" if add else "forum.category.moderator_remove",
        target=category,
        summary=user.username,
        request=request,
    )


# --- topics ---------------------------------------------------------------------------------


@transaction.atomic
def topic_create(
    *,
    author: User,
    category: Category,
    title: str,
    content: str,
    request: HttpRequest | None = None,
) -> Topic:
    category = Category.objects.select_for_update().get(pk=category.pk)
    if not permissions.can_post_in_category(author, category):
        raise ValidationError(_("This category is closed: it accepts no new topics."))
    title = _clean_title(title)
    content = _clean_content(content)
    pending = category.requires_topic_validation and not permissions.can_validate_topics(
        author, category
    )
    now = timezone.now()
    topic = Topic.objects.create(
        category=category,
        author=author,
        title=title,
        slug=slugify(title)[:200] or "topic",
        status=Status.PENDING if pending else Status.VISIBLE,
        last_post_at=now,
        last_post_author=author,
    )
    post = Post.objects.create(topic=topic, author=author, content=content)
    _subscribe(author, topic)
    _refresh(topic)
    audit_record(actor=author, action="forum.topic.create", target=topic, request=request)
    if not pending:
        _notify_followers(post=post, new_topic=True)
    return topic


def _locked_topic(topic: Topic) -> Topic:
    return Topic.objects.select_for_update().select_related("category").get(pk=topic.pk)


@transaction.atomic
def topic_edit(
    *, actor: User, topic: Topic, title: str, request: HttpRequest | None = None
) -> Topic:
    topic = _locked_topic(topic)
    permissions.ensure_edit_topic(actor, topic)
    topic.title = _clean_title(title)
    topic.slug = slugify(topic.title)[:200] or "topic"
    topic.save(update_fields=["title", "slug"])
    audit_record(actor=actor, action="forum.topic.edit", target=topic, request=request)
    return topic


@transaction.atomic
def topic_delete(*, actor: User, topic: Topic, request: HttpRequest | None = None) -> Topic:
    topic = _locked_topic(topic)
    permissions.ensure_delete_topic(actor, topic)
    topic.deleted = True
    topic.deleted_at = timezone.now()
    topic.save(update_fields=["deleted", "deleted_at"])
    _category_refresh(topic.category_id)
    audit_record(actor=actor, action="forum.topic.delete", target=topic, request=request)
    return topic


@transaction.atomic
def topic_moderate(
    *,
    actor: User,
    topic: Topic,
    pinned: bool | None = None,
    locked: bool | None = None,
    category: Category | None = None,
    request: HttpRequest | None = None,
) -> Topic:
    """Pin, lock or move a topic: moderators of its category (and of the target) only."""
    topic = _locked_topic(topic)
    permissions.ensure_moderate_category(actor, topic.category)
    changes = []
    if pinned is not None and pinned != topic.pinned:
        topic.pinned = pinned
        changes.append("pinned" if pinned else "unpinned")
    if locked is not None and locked != topic.locked:
        topic.locked = locked
        changes.append("locked" if locked else "unlocked")
    old_category_id = topic.category_id
    if category is not None and category.pk != old_category_id:
        permissions.ensure_moderate_category(actor, category)
        topic.category = category
        changes.append(f"moved to {category.slug}")
    if not changes:
        return topic
    topic.save(update_fields=["pinned", "locked", "category"])
    if topic.category_id != old_category_id:
        for category_id in sorted({old_category_id, topic.category_id}):
            _category_refresh(category_id)
    audit_record(
        actor=actor,
        action="forum.topic.moderate",
        target=topic,
        summary=", ".join(changes),
        request=request,
    )
    return topic


@transaction.atomic
def topic_review(
    *,
    actor: User,
    topic: Topic,
    approve: bool,
    reason: str = "",
    request: HttpRequest | None = None,
) -> Topic:
    """Approve or reject a pending topic; the author is told, the decision audited."""
    topic = _locked_topic(topic)
    permissions.ensure_validate_topics(actor, topic.category)
    if topic.status != Status.PENDING or topic.deleted:
        raise ValidationError(_("This topic is not waiting for validation any more."))
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationError({"reason": _("Say why the topic is rejected.")})
    topic.status = Status.VISIBLE if approve else Status.REJECTED
    topic.rejection_reason = "" if approve else reason[:1000]
    topic.save(update_fields=["status", "rejection_reason"])
    _refresh(topic)
    audit_record(
        actor=actor,
        action="forum.topic.approve" if approve else "forum.topic.reject",
        target=topic,
        summary=reason,
        request=request,
    )
    notification_send(
        recipients=[topic.author],
        kind="forum.topic_approved" if approve else "forum.topic_rejected",
        params={"topic": topic.title, "reason": reason},
        target=topic,
        url=topic.get_absolute_url(),
        actor=actor,
    )
    if approve:
        first = topic.posts.order_by("created_at", "id").first()
        if first is not None:
            _notify_followers(post=first, new_topic=True)
    return topic


def topic_view_record(
    *, user: User, topic: Topic, last_shown: Post | None, read_until: datetime | None = None
) -> bool:
    """Remember what `user` has read; the first view counts, later views write only when
    newer posts are marked read. Returns True on the first view.

    `read_until`: where their reading stopped, when the caller already read it (the topic page
    does, with the topic): a view that shows nothing newer then costs no query."""
    if last_shown is None or (read_until is not None and last_shown.created_at <= read_until):
        return False
    view, created = TopicView.objects.get_or_create(
        user=user,
        topic=topic,
        defaults={"last_seen_post": last_shown, "last_read_at": last_shown.created_at},
    )
    if created:
        Topic.objects.filter(pk=topic.pk).update(view_count=F("view_count") + 1)
        return True
    if last_shown.created_at > view.last_read_at:
        TopicView.objects.filter(pk=view.pk, last_read_at__lt=last_shown.created_at).update(
            last_read_at=last_shown.created_at, last_seen_post=last_shown
        )
    return False


# --- posts ----------------------------------------------------------------------------------


@transaction.atomic
def post_create(
    *, author: User, topic: Topic, content: str, request: HttpRequest | None = None
) -> Post:
    topic = _locked_topic(topic)
    if topic.locked:
        raise ValidationError(_("This topic is locked: it accepts no new replies."))
    if not topic.category.active:
        raise ValidationError(_("This category is closed: it accepts no new replies."))
    if not permissions.can_reply(author, topic):
        raise ValidationError(_("You cannot reply to this topic."))
    content = _clean_content(content)
    category = topic.category
    pending = category.requires_post_validation and not permissions.can_validate_posts(
        author, category
    )
    post = Post.objects.create(
        topic=topic,
        author=author,
        content=content,
        status=Status.PENDING if pending else Status.VISIBLE,
    )
    _subscribe(author, topic)
    _count_reply(topic, post)
    audit_record(actor=author, action="forum.post.create", target=post, request=request)
    if not pending:
        _notify_followers(post=post, new_topic=False)
    return post


def _locked_post(post: Post) -> Post:
    return Post.objects.select_for_update().select_related("topic__category").get(pk=post.pk)


@transaction.atomic
def post_edit(*, actor: User, post: Post, content: str, request: HttpRequest | None = None) -> Post:
    """Edit a post; the previous content is kept as a revision for moderators."""
    post = _locked_post(post)
    permissions.ensure_edit_post(actor, post)
    content = _clean_content(content)
    if content == post.content:
        return post
    PostRevision.objects.create(post=post, content=post.content, edited_by=actor)
    post.content = content
    post.edited = True
    post.edited_at = timezone.now()
    post.save(update_fields=["content", "edited", "edited_at"])
    audit_record(actor=actor, action="forum.post.edit", target=post, request=request)
    return post


def _is_first_post(post: Post) -> bool:
    first_id = (
        Post.objects.filter(topic_id=post.topic_id)
        .order_by("created_at", "id")
        .values_list("id", flat=True)
        .first()
    )
    return first_id == post.pk


@transaction.atomic
def post_delete(*, actor: User, post: Post, request: HttpRequest | None = None) -> Post:
    """Soft delete; deleting a topic's first post deletes the topic."""
    post = _locked_post(post)
    permissions.ensure_delete_post(actor, post)
    if _is_first_post(post):
        topic_delete(actor=actor, topic=post.topic, request=request)
        return post
    topic = _locked_topic(post.topic)
    post.deleted = True
    post.deleted_at = timezone.now()
    post.save(update_fields=["deleted", "deleted_at"])
    _refresh(topic)
    audit_record(actor=actor, action="forum.post.delete", target=post, request=request)
    return post


@transaction.atomic
def post_review(
    *,
    actor: User,
    post: Post,
    approve: bool,
    reason: str = "",
    request: HttpRequest | None = None,
) -> Post:
    post = _locked_post(post)
    permissions.ensure_validate_posts(actor, post.topic.category)
    if post.status != Status.PENDING or post.deleted:
        raise ValidationError(_("This post is not waiting for validation any more."))
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationError({"reason": _("Say why the post is rejected.")})
    topic = _locked_topic(post.topic)
    post.status = Status.VISIBLE if approve else Status.REJECTED
    post.rejection_reason = "" if approve else reason[:1000]
    post.save(update_fields=["status", "rejection_reason"])
    _refresh(topic)
    audit_record(
        actor=actor,
        action="forum.post.approve" if approve else "forum.post.reject",
        target=post,
        summary=reason,
        request=request,
    )
    notification_send(
        recipients=[post.author],
        kind="forum.post_approved" if approve else "forum.post_rejected",
        params={"topic": topic.title, "reason": reason},
        target=topic,
        url=topic.get_absolute_url(),
        actor=actor,
    )
    if approve:
        _notify_followers(post=post, new_topic=False)
    return post


# --- likes ----------------------------------------------------------------------------------


@transaction.atomic
def like_toggle(*, user: User, post: Post) -> tuple[bool, int]:
    """Like or unlike; the post row lock keeps like_count equal to the Like rows."""
    post = _locked_post(post)
    if not permissions.can_like_post(user, post):
        raise ValidationError(_("Only published posts can be liked."))
    deleted, _rows = Like.objects.filter(user=user, post=post).delete()
    if deleted:
        Post.objects.filter(pk=post.pk).update(like_count=F("like_count") - 1)
        liked = False
    else:
        Like.objects.create(user=user, post=post)
        Post.objects.filter(pk=post.pk).update(like_count=F("like_count") + 1)
        liked = True
    post.refresh_from_db(fields=["like_count"])
    return liked, post.like_count


# --- reports --------------------------------------------------------------------------------


@transaction.atomic
def report_create(
    *, reporter: User, post: Post, reason: str, request: HttpRequest | None = None
) -> Report:
    if not permissions.can_report_post(reporter, post):
        raise ValidationError(_("This post cannot be reported."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what is wrong with this post.")})
    if len(reason) > 1000:
        raise ValidationError({"reason": _("Keep the reason under 1000 characters.")})
    try:
        with transaction.atomic():
            report = Report.objects.create(post=post, reporter=reporter, reason=reason)
    except IntegrityError:
        raise ValidationError(
            _("You already reported this post; moderators will look at it.")
        ) from None
    audit_record(actor=reporter, action="forum.report.create", target=post, request=request)
    return report


@transaction.atomic
def report_handle(
    *, actor: User, report: Report, remove_post: bool, request: HttpRequest | None = None
) -> Report:
    report = (
        Report.objects.select_for_update().select_related("post__topic__category").get(pk=report.pk)
    )
    permissions.ensure_moderate_category(actor, report.post.topic.category)
    if report.status != Report.ReportStatus.OPEN:
        raise ValidationError(_("This report was already handled."))
    if remove_post and not report.post.deleted:
        post_delete(actor=actor, post=report.post, request=request)
    report.status = Report.ReportStatus.RESOLVED if remove_post else Report.ReportStatus.DISMISSED
    report.handled_by = actor
    report.handled_at = timezone.now()
    report.save(update_fields=["status", "handled_by", "handled_at"])
    # Other open reports on the same post share the decision.
    Report.objects.filter(post=report.post, status=Report.ReportStatus.OPEN).update(
        status=report.status, handled_by=actor, handled_at=report.handled_at
    )
    caching.bump({"forum.Report"})  # a bulk write sends no signal
    audit_record(
        actor=actor,
        action="forum.report.resolve" if remove_post else "forum.report.dismiss",
        target=report.post,
        summary=report.reason,
        request=request,
    )
    return report


# --- subscriptions --------------------------------------------------------------------------


def subscription_set(
    *,
    user: User,
    follow: bool,
    topic: Topic | None = None,
    category: Category | None = None,
) -> bool:
    """Follow or unfollow a topic or a category; returns whether the user now follows it."""
    if (topic is None) == (category is None):
        raise ValueError("Give exactly one of topic or category.")
    target = {"topic": topic} if topic is not None else {"category": category}
    if follow:
        try:
            with transaction.atomic():
                Subscription.objects.get_or_create(user=user, **target)
        except IntegrityError:
            pass  # a parallel request created it: the user follows it either way
    else:
        Subscription.objects.filter(user=user, **target).delete()
    return follow
