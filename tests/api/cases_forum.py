"""API matrix cases: forum categories, topics, posts, likes and moderation (objects from the
pages' matrix, tests/forum/matrix.py)."""

from tests.api.cases import needs, pk, signed_in
from tests.matrix import Case

MANAGE = "forum.manage_forum"
TOPICS = "forum.validate_topics"
POSTS = "forum.validate_posts"

CASES = [
    Case("api:forum-category-list", signed_in()),
    Case(
        "api:forum-category-list",
        needs(MANAGE, ok=201),
        method="POST",
        data=lambda w: {"name": "API forum", "slug": "api-forum", "colour": "#123456"},
    ),
    Case(
        "api:forum-category-list",
        needs(MANAGE, ok=400),
        method="POST",
        data=lambda w: {"name": "", "slug": "not a slug"},
        label="bad input",
    ),
    Case("api:forum-category-detail", signed_in(), kwargs=pk("forum_category")),
    Case(
        "api:forum-category-detail",
        signed_in(404),
        kwargs=lambda w: {"pk": 999999},
        label="unknown",
    ),
    Case(
        "api:forum-category-detail",
        needs(MANAGE),
        method="PATCH",
        kwargs=pk("forum_category"),
        data=lambda w: {"name": "Renamed"},
    ),
    Case("api:forum-category-topics", signed_in(), kwargs=pk("forum_category")),
    Case("api:forum-topic-list", signed_in()),
    Case("api:forum-topic-list", signed_in(400), query="category=x", label="bad filter"),
    Case(
        "api:forum-topic-list",
        signed_in(201),
        method="POST",
        data=lambda w: {
            "category": w.get("forum_category").pk,
            "title": "Through the API",
            "content": "Hello",
        },
    ),
    Case(
        "api:forum-topic-list",
        signed_in(400),
        method="POST",
        data=lambda w: {"category": "x", "title": ["t"], "content": ""},
        label="bad input",
    ),
    Case("api:forum-topic-detail", signed_in(), kwargs=pk("forum_topic")),
    Case(
        "api:forum-topic-detail",
        needs(TOPICS, denied=404, moderator=200),
        kwargs=pk("forum_pending_topic"),
        label="pending",
    ),
    Case(
        "api:forum-topic-detail",
        needs(TOPICS, moderator=200),
        method="PATCH",
        kwargs=pk("forum_topic"),
        data=lambda w: {"title": "Retitled"},
    ),
    Case(
        "api:forum-topic-detail",
        needs(TOPICS, moderator=200),
        method="PUT",
        kwargs=pk("forum_topic"),
        data=lambda w: {"title": "Retitled"},
    ),
    Case(
        "api:forum-topic-detail",
        needs(TOPICS, ok=204, moderator=204),
        method="DELETE",
        kwargs=pk("forum_topic"),
    ),
    Case("api:forum-topic-posts", signed_in(), kwargs=pk("forum_topic")),
    Case(
        "api:forum-topic-posts",
        needs(TOPICS, denied=404, moderator=200),
        kwargs=pk("forum_pending_topic"),
        label="pending",
    ),
    Case(
        "api:forum-topic-moderate",
        needs(TOPICS, moderator=200),
        method="POST",
        kwargs=pk("forum_topic"),
        data=lambda w: {"change": "pin"},
    ),
    Case(
        "api:forum-topic-moderate",
        needs(TOPICS, ok=400, moderator=400),
        method="POST",
        kwargs=pk("forum_topic"),
        data=lambda w: {"change": "explode"},
        label="bad input",
    ),
    Case(
        "api:forum-topic-review",
        needs(TOPICS, denied=404, moderator=200),
        method="POST",
        kwargs=pk("forum_pending_topic"),
        data=lambda w: {"decision": "approve"},
    ),
    Case("api:forum-post-list", signed_in(400), label="no topic"),
    Case("api:forum-post-list", signed_in(404), query="topic=999999", label="unknown topic"),
    Case(
        "api:forum-post-list",
        signed_in(201),
        method="POST",
        data=lambda w: {"topic": w.get("forum_topic").pk, "content": "A reply"},
    ),
    Case(
        "api:forum-post-list",
        signed_in(400),
        method="POST",
        data=lambda w: {"topic": w.get("forum_topic").pk, "content": "   "},
        label="bad input",
    ),
    Case("api:forum-post-detail", signed_in(), kwargs=pk("forum_post")),
    Case(
        "api:forum-post-detail",
        needs(POSTS, denied=404, moderator=200),
        kwargs=pk("forum_pending_post"),
        label="pending",
    ),
    Case(
        "api:forum-post-detail",
        needs(POSTS, moderator=200),
        method="PATCH",
        kwargs=pk("forum_post"),
        data=lambda w: {"content": "Edited"},
    ),
    Case(
        "api:forum-post-detail",
        needs(POSTS, moderator=200),
        method="PUT",
        kwargs=pk("forum_post"),
        data=lambda w: {"content": "Edited"},
    ),
    Case(
        "api:forum-post-detail",
        needs(POSTS, ok=204, moderator=204),
        method="DELETE",
        kwargs=pk("forum_post"),
    ),
    Case("api:forum-post-like", signed_in(), method="POST", kwargs=pk("forum_post")),
    Case(
        "api:forum-post-like",
        needs(POSTS, denied=404, ok=400, moderator=400),
        method="POST",
        kwargs=pk("forum_pending_post"),
        label="pending",
    ),
    Case(
        "api:forum-post-review",
        needs(POSTS, denied=404, moderator=200),
        method="POST",
        kwargs=pk("forum_pending_post"),
        data=lambda w: {"decision": "reject", "reason": "Off topic"},
    ),
]

CASES += [
    Case(
        "api:forum-topic-move",
        needs(TOPICS, moderator=200),
        method="POST",
        kwargs=pk("forum_topic"),
        data=lambda w: {"category": w.get("forum_strict_category").pk},
    ),
    Case(
        "api:forum-topic-move",
        needs(TOPICS, ok=400, moderator=400),
        method="POST",
        kwargs=pk("forum_topic"),
        data=lambda w: {"category": w.get("forum_topic").category_id},  # where it already is
        label="bad input",
    ),
    # The author (admin) may not report their own post.
    Case(
        "api:forum-post-report",
        {**signed_in(201), "admin": 403},
        method="POST",
        kwargs=pk("forum_post"),
        data=lambda w: {"reason": "Off topic"},
    ),
    Case(
        "api:forum-post-report",
        {**signed_in(400), "admin": 403},
        method="POST",
        kwargs=pk("forum_post"),
        data=lambda w: {"reason": ""},
        label="bad input",
    ),
]

# Deleting a category, following, the moderation queue and revisions.
CASES += [
    Case(
        "api:forum-category-detail",
        needs(MANAGE, ok=204),
        method="DELETE",
        kwargs=pk("forum_category"),
    ),
    Case(
        "api:forum-category-detail",
        needs(MANAGE, ok=400),
        method="DELETE",
        kwargs=lambda w: {"pk": w.get("forum_topic").category_id},
        label="holds topics",
    ),
    Case("api:forum-category-follow", signed_in(), kwargs=pk("forum_category")),
    Case("api:forum-category-follow", signed_in(), method="POST", kwargs=pk("forum_category")),
    Case("api:forum-category-follow", signed_in(), method="DELETE", kwargs=pk("forum_category")),
    Case(
        "api:forum-category-follow",
        signed_in(404),
        method="POST",
        kwargs=lambda w: {"pk": 999999},
        label="unknown",
    ),
    Case("api:forum-topic-follow", signed_in(), kwargs=pk("forum_topic")),
    Case("api:forum-topic-follow", signed_in(), method="POST", kwargs=pk("forum_topic")),
    Case("api:forum-topic-follow", signed_in(), method="DELETE", kwargs=pk("forum_topic")),
    Case(
        "api:forum-topic-follow",
        needs(TOPICS, denied=404, moderator=200),
        method="POST",
        kwargs=pk("forum_pending_topic"),
        label="pending",
    ),
    Case("api:forum-moderation", needs(TOPICS, moderator=200)),
    Case("api:forum-moderation-topics", needs(TOPICS, moderator=200)),
    Case("api:forum-moderation-posts", needs(POSTS, moderator=200)),
    Case("api:forum-moderation-reports", needs(POSTS, moderator=200)),
    Case(
        "api:forum-report-handle",
        needs(POSTS, denied=404, moderator=200),
        method="POST",
        kwargs=pk("forum_report"),
        data=lambda w: {"decision": "dismiss"},
    ),
    Case(
        "api:forum-report-handle",
        needs(POSTS, denied=404, ok=400, moderator=400),
        method="POST",
        kwargs=pk("forum_report"),
        data=lambda w: {"decision": "explode"},
        label="bad input",
    ),
    Case("api:forum-post-revisions", needs(POSTS, moderator=200), kwargs=pk("forum_edited_post")),
    Case(
        "api:forum-post-revisions",
        needs(POSTS, denied=404, moderator=200),
        kwargs=pk("forum_pending_post"),
        label="pending",
    ),
]
