"""Matrix cases for the forum: every URL × role."""

from forum import services
from tests.factories import UserFactory
from tests.forum.factories import CategoryFactory, ReportFactory, reply, topic_with_post
from tests.matrix import Case, everyone, needs


def _writer(w):
    return UserFactory(username="m-writer")


OBJECTS = {
    "forum_category": lambda w: CategoryFactory(slug="m-category", name="Matrix"),
    "forum_strict_category": lambda w: CategoryFactory(
        slug="m-strict",
        name="Strict",
        requires_topic_validation=True,
        requires_post_validation=True,
    ),
    "forum_topic": lambda w: topic_with_post(
        author=w.user("admin"), category=w.get("forum_category"), title="Matrix topic"
    ),
    "forum_post": lambda w: reply(w.get("forum_topic"), author=w.user("admin")),
    "forum_pending_topic": lambda w: topic_with_post(
        author=_writer(w), category=w.get("forum_strict_category"), title="Pending"
    ),
    "forum_pending_post": lambda w: services.post_create(
        author=_writer(w),
        topic=topic_with_post(
            author=w.user("admin"), category=w.get("forum_strict_category"), title="Open"
        ),
        content="Waiting",
    ),
    "forum_edited_post": lambda w: services.post_edit(
        actor=w.user("admin"), post=w.get("forum_post"), content="Changed"
    ),
    "forum_empty_category": lambda w: CategoryFactory(slug="m-empty", name="Empty"),
    "forum_report": lambda w: ReportFactory(post=w.get("forum_post"), reporter=_writer(w)),
}


def _category(w):
    return {"slug": w.get("forum_category").slug}


def _topic(w):
    return {"pk": w.get("forum_topic").pk}


def _post(w):
    return {"pk": w.get("forum_post").pk}


MODERATE_TOPICS = "forum.validate_topics"
MODERATE_POSTS = "forum.validate_posts"

CASES = [
    Case("forum:index", everyone()),
    Case("forum:helpful_colleagues", everyone()),
    Case("forum:moderation_queue", needs(MODERATE_TOPICS, moderator=200)),
    Case("forum:category_create", needs("forum.manage_forum")),
    Case("forum:category_edit", needs("forum.manage_forum"), kwargs=_category),
    Case("forum:category_moderators", needs("forum.manage_forum"), kwargs=_category),
    Case("forum:latest_topics", everyone()),
    Case("forum:my_posts", everyone()),
    Case("forum:category_manage", needs("forum.manage_forum"), kwargs=_category),
    Case(
        "forum:category_archive",
        needs("forum.manage_forum", ok=302),
        method="POST",
        kwargs=_category,
        data=lambda w: {"archive": "1"},
    ),
    Case(
        "forum:category_move_topics",
        needs("forum.manage_forum", ok=302),
        method="POST",
        kwargs=lambda w: {"slug": w.get("forum_topic").category.slug},
        data=lambda w: {"category": w.get("forum_empty_category").pk},
    ),
    Case(
        "forum:category_move_topics",
        needs("forum.manage_forum", ok=400),
        method="POST",
        kwargs=_category,
        data=lambda w: {"category": "nope"},
        label="bad input",
    ),
    Case(
        "forum:category_delete",
        needs("forum.manage_forum", ok=302),
        method="POST",
        kwargs=lambda w: {"slug": w.get("forum_empty_category").slug},
    ),
    Case("forum:category_detail", everyone(), kwargs=_category),
    Case(
        "forum:category_detail", everyone(404), kwargs=lambda w: {"slug": "nope"}, label="unknown"
    ),
    Case("forum:category_follow", everyone(302), method="POST", kwargs=_category),
    Case("forum:topic_create", everyone(), kwargs=_category),
    Case(
        "forum:topic_detail",
        everyone(),
        kwargs=lambda w: {"pk": w.get("forum_topic").pk, "slug": w.get("forum_topic").slug},
    ),
    Case(
        "forum:topic_detail",
        needs(MODERATE_TOPICS, denied=404, moderator=200),
        kwargs=lambda w: {
            "pk": w.get("forum_pending_topic").pk,
            "slug": w.get("forum_pending_topic").slug,
        },
        label="pending",
    ),
    Case("forum:topic_unread", everyone(302), kwargs=_topic),
    Case("forum:topic_reply", everyone(), kwargs=_topic),
    Case("forum:topic_edit", needs(MODERATE_TOPICS, moderator=200), kwargs=_topic),
    Case(
        "forum:topic_delete",
        needs(MODERATE_TOPICS, ok=302, moderator=302),
        method="POST",
        kwargs=_topic,
    ),
    Case(
        "forum:topic_moderate",
        needs(MODERATE_TOPICS, ok=302, moderator=302),
        method="POST",
        kwargs=_topic,
        data=lambda w: {"change": "pin"},
    ),
    Case("forum:topic_move", needs(MODERATE_TOPICS, moderator=200), kwargs=_topic),
    Case("forum:topic_follow", everyone(302), method="POST", kwargs=_topic),
    Case(
        "forum:topic_review",
        needs(MODERATE_TOPICS, ok=302, denied=404, moderator=302),
        method="POST",
        kwargs=lambda w: {"pk": w.get("forum_pending_topic").pk},
        data=lambda w: {"decision": "approve"},
    ),
    Case("forum:post_jump", everyone(302), kwargs=_post),
    Case("forum:post_edit", needs(MODERATE_POSTS, moderator=200), kwargs=_post),
    Case(
        "forum:post_delete",
        needs(MODERATE_POSTS, ok=302, moderator=302),
        method="POST",
        kwargs=_post,
    ),
    Case("forum:post_like", everyone(302), method="POST", kwargs=_post),
    # The author (admin) may not report their own post.
    Case("forum:post_report", {**everyone(), "admin": 403}, kwargs=_post),
    Case(
        "forum:post_review",
        needs(MODERATE_POSTS, ok=302, denied=404, moderator=302),
        method="POST",
        kwargs=lambda w: {"pk": w.get("forum_pending_post").pk},
        data=lambda w: {"decision": "reject", "reason": "Off topic"},
    ),
    Case(
        "forum:post_revisions",
        needs(MODERATE_POSTS, moderator=200),
        kwargs=lambda w: {"pk": w.get("forum_edited_post").pk},
    ),
    Case(
        "forum:report_handle",
        needs(MODERATE_POSTS, ok=302, denied=404, moderator=302),
        method="POST",
        kwargs=lambda w: {"pk": w.get("forum_report").pk},
        data=lambda w: {"decision": "dismiss"},
    ),
]
