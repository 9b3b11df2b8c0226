"""Who may do what in the forum: `can_…(user, obj) -> bool` predicates and `ensure_…` twins.

A moderator holds `forum.validate_topics` / `forum.validate_posts` globally (role or delegation);
a category moderator holds the same codenames as guardian object permissions on that category.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from accounts.selectors import object_rights
from forum.models import Category, Post, Status, Topic

if TYPE_CHECKING:
    from accounts.models import User

VALIDATE_TOPICS = "forum.validate_topics"
VALIDATE_POSTS = "forum.validate_posts"
MANAGE_FORUM = "forum.manage_forum"
MODERATION_PERMS = (VALIDATE_TOPICS, VALIDATE_POSTS)


def _holds(user: User, perm: str, category: Category) -> bool:
    return user.has_perm(perm) or perm in object_rights(user, Category).get(category.pk, ())


def can_manage_forum(user: User) -> bool:
    return user.is_authenticated and user.has_perm(MANAGE_FORUM)


def can_validate_topics(user: User, category: Category) -> bool:
    return user.is_authenticated and _holds(user, VALIDATE_TOPICS, category)


def can_validate_posts(user: User, category: Category) -> bool:
    return user.is_authenticated and _holds(user, VALIDATE_POSTS, category)


def can_moderate_category(user: User, category: Category) -> bool:
    """Global moderation right, or a guardian object right on this category."""
    if not user.is_authenticated:
        return False
    return any(_holds(user, perm, category) for perm in MODERATION_PERMS)


def is_moderator_somewhere(user: User) -> bool:
    """Holds a global moderation right, or moderates at least one category."""
    if not user.is_authenticated:
        return False
    if any(user.has_perm(perm) for perm in MODERATION_PERMS):
        return True
    rights = object_rights(user, Category).values()
    return any(not held.isdisjoint(MODERATION_PERMS) for held in rights)


def moderated_categories(user: User, perm: str | None = None) -> QuerySet[Category]:
    """Categories `user` moderates: all with the global right, else those of their object
    rights (read once per request, `accounts.selectors.object_rights`)."""
    wanted = {perm} if perm else set(MODERATION_PERMS)
    if any(user.has_perm(p) for p in wanted):
        return Category.objects.all()
    rights = object_rights(user, Category)
    return Category.objects.filter(pk__in=[pk for pk, held in rights.items() if held & wanted])


def can_see_post(user: User, post: Post) -> bool:
    if post.deleted:
        return False
    if post.status == Status.VISIBLE:
        return True
    return post.author_id == user.pk or can_moderate_category(user, post.topic.category)


def can_post_in_category(user: User, category: Category) -> bool:
    return user.is_authenticated and category.active and category.archived_at is None


def can_reply(user: User, topic: Topic) -> bool:
    """Nobody posts in a locked topic, an inactive category, or a topic not (yet) visible."""
    return (
        user.is_authenticated
        and topic.category.active
        and not topic.locked
        and not topic.deleted
        and topic.status == Status.VISIBLE
    )


def can_edit_topic(user: User, topic: Topic) -> bool:
    """The author edits while the topic is open; moderators always."""
    if topic.deleted:
        return False
    if can_moderate_category(user, topic.category):
        return True
    return topic.author_id == user.pk and not topic.locked


def can_delete_topic(user: User, topic: Topic) -> bool:
    if topic.deleted:
        return False
    return topic.author_id == user.pk or can_moderate_category(user, topic.category)


def can_edit_post(user: User, post: Post) -> bool:
    """The author edits while the topic is open; moderators always."""
    if post.deleted:
        return False
    if can_moderate_category(user, post.topic.category):
        return True
    return post.author_id == user.pk and not post.topic.locked


def can_delete_post(user: User, post: Post) -> bool:
    if post.deleted:
        return False
    return post.author_id == user.pk or can_moderate_category(user, post.topic.category)


def can_like_post(user: User, post: Post) -> bool:
    return user.is_authenticated and post.is_visible and post.topic.is_visible


def can_report_post(user: User, post: Post) -> bool:
    return user.is_authenticated and post.is_visible and post.author_id != user.pk


def can_see_revisions(user: User, post: Post) -> bool:
    return can_moderate_category(user, post.topic.category)


def topic_page_rights(user: User, topic: Topic) -> dict[str, bool]:
    """What the viewer may do on a topic's page (its header, reply and review forms)."""
    return {
        "moderator": can_moderate_category(user, topic.category),
        "can_reply": can_reply(user, topic),
        "can_edit_topic": can_edit_topic(user, topic),
        "can_delete_topic": can_delete_topic(user, topic),
        "can_review_topic": topic.status == Status.PENDING
        and can_validate_topics(user, topic.category),
    }


def _ensure(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def ensure_manage_forum(user: User) -> None:
    _ensure(can_manage_forum(user))


def ensure_moderate_category(user: User, category: Category) -> None:
    _ensure(can_moderate_category(user, category))


def ensure_validate_topics(user: User, category: Category) -> None:
    _ensure(can_validate_topics(user, category))


def ensure_validate_posts(user: User, category: Category) -> None:
    _ensure(can_validate_posts(user, category))


def ensure_edit_topic(user: User, topic: Topic) -> None:
    _ensure(can_edit_topic(user, topic))


def ensure_delete_topic(user: User, topic: Topic) -> None:
    _ensure(can_delete_topic(user, topic))


def ensure_edit_post(user: User, post: Post) -> None:
    _ensure(can_edit_post(user, post))


def ensure_delete_post(user: User, post: Post) -> None:
    _ensure(can_delete_post(user, post))
