"""Forum reads: querysets already limited to what the user may see."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import object_rights
from forum.mentions import mentioned_usernames
from forum.models import (
    Category,
    CategoryUserObjectPermission,
    Like,
    Post,
    Report,
    Status,
    Subscription,
    Topic,
    TopicView,
)
from forum.permissions import (
    VALIDATE_POSTS,
    VALIDATE_TOPICS,
    can_post_in_category,
    can_reply,
    can_see_post,
    can_see_topic,
    can_validate_topics,
    is_moderator_somewhere,
    moderated_categories,
    validation_scope,
)
from intrasphere import caching
from intrasphere.rows import (
    among,
    columns,
    converted,
    from_row,
    from_rows,
    ids_param,
    prepared_cursor,
)
from intrasphere.search import SearchGroup, SearchHit, snippet, text_search
from intrasphere.unread import keep_unread_counts, unread_columns

# --- categories -----------------------------------------------------------------------------


def category_list() -> QuerySet[Category]:
    """Every category with its stored counters and last post: one query for the index."""
    return Category.objects.select_related("last_post__topic", "last_post__author").order_by(
        "order", "name"
    )


def category_moderators(*, category: Category) -> QuerySet[User]:
    """People holding a per-category moderation right on `category`."""
    holders = CategoryUserObjectPermission.objects.filter(content_object=category).values("user")
    return User.objects.filter(pk__in=holders).order_by("last_name", "first_name", "username")


def category_get(*, slug: str) -> Category:
    try:
        return Category.objects.get(slug=slug)
    except Category.DoesNotExist:
        raise Http404(_("No such forum category.")) from None


def category_get_by_pk(*, pk: int) -> Category:
    """`category_get` by id (the API's address for a category)."""
    try:
        return Category.objects.get(pk=pk)
    except Category.DoesNotExist:
        raise Http404(_("No such forum category.")) from None


# A category's topic list: the category and the viewer's state in it. Composed with the ORM it
# cost ~1.3 ms of Python for a 0.1 ms statement. Names come from the models (quoted); every value
# is a parameter.
CATEGORY_PAGE_SQL = """
SELECT {category_columns},
       EXISTS(SELECT 1 FROM {subscriptions} s
               WHERE s.{sub_user} = %s AND s.{sub_category} = c.{category_pk}),
       EXISTS(SELECT 1 FROM {topics} t
               WHERE t.{topic_category} = c.{category_pk} AND t.{topic_author} = %s
                 AND t.{topic_deleted} = %s AND t.{topic_status} <> %s),
       {unread_notifications}, {unread_messages}
  FROM {categories} c
 WHERE c.{slug} = %s
"""


@cache
def _category_page_sql() -> str:
    quote = connection.ops.quote_name
    category, topic, subscription = Category._meta, Topic._meta, Subscription._meta
    unread_notifications, unread_messages = unread_columns()
    return CATEGORY_PAGE_SQL.format(
        unread_notifications=unread_notifications,
        unread_messages=unread_messages,
        category_columns=columns(Category, "c"),
        categories=quote(category.db_table),
        topics=quote(topic.db_table),
        subscriptions=quote(subscription.db_table),
        category_pk=quote(category.pk.column),
        slug=quote(category.get_field("slug").column),
        sub_user=quote(subscription.get_field("user").column),
        sub_category=quote(subscription.get_field("category").column),
        topic_category=quote(topic.get_field("category").column),
        topic_author=quote(topic.get_field("author").column),
        topic_deleted=quote(topic.get_field("deleted").column),
        topic_status=quote(topic.get_field("status").column),
    )


def category_for_topic_list(*, slug: str, user: User) -> Category:
    """The category (else 404) with what its topic list needs of the viewer, in one statement:
    `following`, and `own_hidden` (they have topics waiting or rejected there), and the header's
    unread counters (`intrasphere.unread`)."""
    params = [user.pk, user.pk, False, Status.VISIBLE, user.pk, user.pk, slug]
    with prepared_cursor() as cursor:
        cursor.execute(_category_page_sql(), params)
        row = cursor.fetchone()
    if row is None:
        raise Http404(_("No such forum category."))
    *values, following, own_hidden, notifications, messages = row
    if user.is_authenticated:
        keep_unread_counts(user, notifications, messages)
    category = from_row(Category, values)
    category.following, category.own_hidden = bool(following), bool(own_hidden)
    return category


# --- topics ---------------------------------------------------------------------------------


def _topic_visibility(user: User) -> Q:
    """Published topics; one's own pending/rejected ones; pending ones one may validate."""
    return (
        Q(status=Status.VISIBLE)
        | Q(author_id=user.pk)
        | Q(status=Status.PENDING, category__in=moderated_categories(user, VALIDATE_TOPICS))
    )


def visible_topics(*, user: User) -> QuerySet[Topic]:
    return Topic.objects.filter(_topic_visibility(user), deleted=False)


class TopicListAudience(NamedTuple):
    """What a category's topic list depends on about its viewer (`topic_list_audience`)."""

    validator: bool  # validates the category's topics: sees its pending ones
    can_post: bool  # the empty list offers "New topic"
    author: int | None  # the viewer, if they have topics there only they see (pending, rejected)


def topic_list_audience(*, user: User, category: Category) -> TopicListAudience:
    """Who sees the same topic list of `category` (from `category_for_topic_list`): the rows
    depend on the right to validate its topics and, for the few who have topics waiting or
    rejected there, on the viewer; a shared body (`intrasphere.caching.shared_body`) keys on it."""
    return TopicListAudience(
        validator=can_validate_topics(user, category),
        can_post=can_post_in_category(user, category),
        author=user.pk if user.is_authenticated and category.own_hidden else None,
    )


def topic_list(*, category: Category, audience: TopicListAudience) -> QuerySet[Topic]:
    """Pinned first, then latest activity: the topics `audience` sees (`_topic_visibility` of
    its members), computed from the audience alone so that they all get the same rows."""
    visibility = Q(status=Status.VISIBLE)
    if audience.validator:
        visibility |= Q(status=Status.PENDING)
    if audience.author is not None:
        visibility |= Q(author_id=audience.author)
    return (
        Topic.objects.filter(visibility, category=category, deleted=False)
        .select_related("author", "last_post_author")
        .order_by("-pinned", "-last_post_at", "-id")
    )


# Every topic list runs it, and composing it with the ORM cost more than running it. Table and
# column names come from the models (quoted); every value is a parameter.
UNREAD_TOPICS_SQL = """
SELECT t.{pk}, v.{read_at}
  FROM {topics} t LEFT JOIN {views} v ON v.{view_topic} = t.{pk} AND v.{view_user} = %s
 WHERE {among_ids} AND (v.{read_at} IS NULL OR t.{last_post_at} > v.{read_at})
"""


@lru_cache(maxsize=128)  # one (one per page size on SQLite: 20 rows, fewer on the last page)
def _unread_topics_sql(count: int) -> str:
    quote = connection.ops.quote_name
    topic, view = Topic._meta, TopicView._meta
    return UNREAD_TOPICS_SQL.format(
        topics=quote(topic.db_table),
        views=quote(view.db_table),
        pk=quote(topic.pk.column),
        last_post_at=quote(topic.get_field("last_post_at").column),
        view_topic=quote(view.get_field("topic").column),
        view_user=quote(view.get_field("user").column),
        read_at=quote(view.get_field("last_read_at").column),
        among_ids=among(f"t.{quote(topic.pk.column)}", count),
    )


def unread_topics(*, user: User, pks: Iterable[int]) -> dict[int, bool]:
    """Of the topics `pks`, those with posts `user` has not read since last reading the topic
    (never read: unread too), each with whether they read it before (the page then links to the
    first unread post). One query, apart from the shared list: the marks are the viewer's."""
    pks = list(pks)
    if not pks:
        return {}
    with prepared_cursor() as cursor:
        cursor.execute(_unread_topics_sql(len(pks)), [user.pk, *ids_param(pks)])
        return {pk: last_read_at is not None for pk, last_read_at in cursor.fetchall()}


def topic_get(*, user: User, pk: int) -> Topic:
    """The topic if `user` may see it, else 404 (same answer for missing and hidden)."""
    try:
        return visible_topics(user=user).select_related("category", "author").get(pk=pk)
    except Topic.DoesNotExist:
        raise Http404(_("No such topic.")) from None


# The topic page's first statement: the topic, its category and the viewer's state in it (not
# the author, whom the page does not show: joining them tripled the planning time). Composed
# with the ORM it cost ~2 ms of Python for a 0.1 ms statement (each of the bench's topic page
# views). Names come from the models (quoted); every value is a parameter.
TOPIC_PAGE_SQL = """
SELECT {topic_columns}, {category_columns},
       EXISTS(SELECT 1 FROM {subscriptions} s WHERE s.{sub_user} = %s AND s.{sub_topic} = t.{pk}),
       EXISTS(SELECT 1 FROM {posts} p
               WHERE p.{post_topic} = t.{pk} AND p.{post_author} = %s AND p.{post_deleted} = %s
                 AND p.{post_status} <> %s),
       (SELECT v.{read_at} FROM {views} v
         WHERE v.{view_user} = %s AND v.{view_topic} = t.{pk} LIMIT 1),
       {unread_notifications}, {unread_messages}
  FROM {topics} t
  JOIN {categories} c ON c.{category_pk} = t.{topic_category}
 WHERE t.{pk} = %s
"""


@cache
def _topic_page_sql() -> str:
    quote = connection.ops.quote_name
    topic, post = Topic._meta, Post._meta
    subscription, view = Subscription._meta, TopicView._meta
    unread_notifications, unread_messages = unread_columns()
    return TOPIC_PAGE_SQL.format(
        unread_notifications=unread_notifications,
        unread_messages=unread_messages,
        topic_columns=columns(Topic, "t"),
        category_columns=columns(Category, "c"),
        topics=quote(topic.db_table),
        categories=quote(Category._meta.db_table),
        subscriptions=quote(subscription.db_table),
        posts=quote(post.db_table),
        views=quote(view.db_table),
        pk=quote(topic.pk.column),
        topic_category=quote(topic.get_field("category").column),
        category_pk=quote(Category._meta.pk.column),
        sub_user=quote(subscription.get_field("user").column),
        sub_topic=quote(subscription.get_field("topic").column),
        post_topic=quote(post.get_field("topic").column),
        post_author=quote(post.get_field("author").column),
        post_deleted=quote(post.get_field("deleted").column),
        post_status=quote(post.get_field("status").column),
        view_user=quote(view.get_field("user").column),
        view_topic=quote(view.get_field("topic").column),
        read_at=quote(view.get_field("last_read_at").column),
    )


def topic_for_page(*, user: User, pk: int) -> Topic:
    """`topic_get` with what the topic page needs of the viewer, in one statement:
    `following`, `own_hidden_posts` (they have posts waiting or rejected in it) and
    `read_until` (where their reading stopped, None before their first view), and the header's
    unread counters (`intrasphere.unread`)."""
    params = [user.pk, user.pk, False, Status.VISIBLE, user.pk, user.pk, user.pk, pk]
    with prepared_cursor() as cursor:
        cursor.execute(_topic_page_sql(), params)
        row = cursor.fetchone()
    if row is None:
        raise Http404(_("No such topic."))
    topic_fields, category_fields = Topic._meta.concrete_fields, Category._meta.concrete_fields
    topic = from_row(Topic, row[: len(topic_fields)])
    row = row[len(topic_fields) :]
    category = from_row(Category, row[: len(category_fields)])
    row = row[len(category_fields) :]
    Topic._meta.get_field("category").set_cached_value(topic, category)
    if not can_see_topic(user, topic):
        raise Http404(_("No such topic."))
    following, own_hidden_posts, read_until, notifications, messages = row
    if user.is_authenticated:
        keep_unread_counts(user, notifications, messages)
    topic.following, topic.own_hidden_posts = bool(following), bool(own_hidden_posts)
    read_at = TopicView._meta.get_field("last_read_at")
    topic.read_until = converted([read_at], [read_until])[0]
    return topic


# --- posts ----------------------------------------------------------------------------------


def _post_visibility(*, author: int | None, moderator: bool) -> Q:
    """Published posts; `author`'s own pending/rejected ones; pending ones for moderators."""
    visibility = Q(status=Status.VISIBLE)
    if author is not None:
        visibility |= Q(author_id=author)
    if moderator:
        visibility |= Q(status=Status.PENDING)
    return visibility


def post_list(*, user: User, topic: Topic, moderator: bool) -> QuerySet[Post]:
    """Posts of a topic the user may see, oldest first, with `liked` for the user."""
    return (
        Post.objects.filter(
            _post_visibility(author=user.pk, moderator=moderator), topic=topic, deleted=False
        )
        .annotate(liked=Exists(Like.objects.filter(user_id=user.pk, post=OuterRef("pk"))))
        .order_by("created_at", "id")
    )


class PostListAudience(NamedTuple):
    """What a topic page's posts depend on about its viewer (`post_list_audience`)."""

    moderator: bool  # moderates the category: pending posts, review and revision links
    can_reply: bool  # the "Quote" buttons
    author: int | None  # the viewer, if they have posts there only they see (pending, rejected)


def post_list_audience(*, user: User, topic: Topic, moderator: bool) -> PostListAudience:
    """Who sees the same posts of `topic` (from `topic_for_page`) the same way: the rows depend
    on moderating its category and, for the few with posts waiting or rejected in it, on the
    viewer; a shared body (`intrasphere.caching.shared_body`) keys on it."""
    return PostListAudience(
        moderator=moderator,
        can_reply=can_reply(user, topic),
        author=user.pk if user.is_authenticated and topic.own_hidden_posts else None,
    )


def shared_post_list(*, topic: Topic, audience: PostListAudience) -> QuerySet[Post]:
    """The posts `audience` sees, oldest first, computed from the audience alone so that all
    its members get the same rows (no `liked`: that is the viewer's, `post_viewer_states`).

    The authors come in a second query for the page's posts only: joined, PostgreSQL hashed
    the whole user table before skipping to the last page of a long topic (6 of 7 ms on the
    500-post topic).
    """
    visibility = _post_visibility(author=audience.author, moderator=audience.moderator)
    return (
        Post.objects.filter(visibility, topic=topic, deleted=False)
        .prefetch_related("author")
        .order_by("created_at", "id")
    )


# The viewer's state of the page's posts, for their parts of the shared body (names from the
# models, quoted; every value a parameter): composed with the ORM it cost ~1 ms.
POST_STATES_SQL = """
SELECT {columns},
       EXISTS(SELECT 1 FROM {likes} l WHERE l.{like_post} = p.{pk} AND l.{like_user} = %s)
  FROM {posts} p
 WHERE p.{topic} = %s AND {among_ids}
 ORDER BY p.{created_at}, p.{pk}
"""
POST_STATE_FIELDS = ("id", "topic", "author", "status", "like_count", "deleted", "created_at")


@lru_cache(maxsize=128)  # one (one per page size on SQLite: 20 rows, fewer on the last page)
def _post_states_sql(count: int) -> str:
    quote = connection.ops.quote_name
    post, like = Post._meta, Like._meta
    return POST_STATES_SQL.format(
        columns=columns(Post, "p", [post.get_field(name) for name in POST_STATE_FIELDS]),
        likes=quote(like.db_table),
        like_post=quote(like.get_field("post").column),
        like_user=quote(like.get_field("user").column),
        posts=quote(post.db_table),
        pk=quote(post.pk.column),
        topic=quote(post.get_field("topic").column),
        created_at=quote(post.get_field("created_at").column),
        among_ids=among(f"p.{quote(post.pk.column)}", count),
    )


def post_viewer_states(*, user: User, topic: Topic, pks: Iterable[int]) -> list[Post]:
    """The posts `pks` of `topic` as the viewer's parts of the shared page need them: current
    status and like count, `liked` by `user`. One query, apart from the shared body."""
    pks = list(pks)
    if not pks:
        return []
    with prepared_cursor() as cursor:
        cursor.execute(_post_states_sql(len(pks)), [user.pk, topic.pk, *ids_param(pks)])
        rows = cursor.fetchall()
    fields = [Post._meta.get_field(name) for name in POST_STATE_FIELDS]
    posts = from_rows(Post, [row[:-1] for row in rows], fields)
    cache_topic = Post._meta.get_field("topic").set_cached_value
    for post, row in zip(posts, rows, strict=True):
        post.liked = bool(row[-1])
        cache_topic(post, topic)  # its own topic: the statement reads only `topic`'s posts
    return posts


def post_get(*, user: User, pk: int) -> Post:
    """A post the user may see (in a topic they may see), else 404."""
    try:
        post = Post.objects.select_related("topic__category", "author").get(pk=pk, deleted=False)
    except Post.DoesNotExist:
        raise Http404(_("No such post.")) from None
    topic_get(user=user, pk=post.topic_id)
    if not can_see_post(user, post):
        raise Http404(_("No such post."))
    return post


def post_page_number(*, user: User, post: Post, moderator: bool, per_page: int) -> int:
    """The page of the topic on which `post` is shown to `user`."""
    before = (
        post_list(user=user, topic=post.topic, moderator=moderator)
        .filter(Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, id__lt=post.pk))
        .count()
    )
    return before // per_page + 1


def first_unread_post(*, user: User, topic: Topic, moderator: bool) -> Post | None:
    """The oldest post published after the user last read the topic (None: all read)."""
    view = TopicView.objects.filter(user_id=user.pk, topic=topic).first()
    posts = post_list(user=user, topic=topic, moderator=moderator)
    if view is not None:
        posts = posts.filter(created_at__gt=view.last_read_at)
    return posts.first()


def mentioned_people(posts) -> set[str]:
    """Usernames of active colleagues @mentioned in `posts` (one query for a whole page)."""
    names = set().union(*(mentioned_usernames(post.content) for post in posts)) if posts else set()
    if not names:
        return set()
    return set(
        User.objects.filter(username__in=names, is_active=True).values_list("username", flat=True)
    )


# --- moderation -----------------------------------------------------------------------------


def pending_topics(*, user: User) -> QuerySet[Topic]:
    return (
        Topic.objects.filter(
            status=Status.PENDING,
            deleted=False,
            category__in=moderated_categories(user, VALIDATE_TOPICS),
        )
        .select_related("category", "author")
        .order_by("created_at", "id")
    )


def pending_posts(*, user: User) -> QuerySet[Post]:
    return (
        Post.objects.filter(
            status=Status.PENDING,
            deleted=False,
            topic__deleted=False,
            topic__status=Status.VISIBLE,
            topic__category__in=moderated_categories(user, VALIDATE_POSTS),
        )
        .select_related("topic__category", "author")
        .order_by("created_at", "id")
    )


def open_reports(*, user: User) -> QuerySet[Report]:
    return (
        Report.objects.filter(
            status=Report.ReportStatus.OPEN,
            post__deleted=False,
            post__topic__category__in=moderated_categories(user),
        )
        .select_related("post__topic__category", "post__author", "reporter")
        .order_by("created_at", "id")
    )


# --- statistics -----------------------------------------------------------------------------


def _published_posts() -> QuerySet[Post]:
    return Post.objects.filter(
        status=Status.VISIBLE, deleted=False, topic__status=Status.VISIBLE, topic__deleted=False
    )


def _stats_annotations() -> dict[str, Any]:
    posts = _published_posts().filter(author=OuterRef("pk"))
    topics = Topic.objects.filter(author=OuterRef("pk"), status=Status.VISIBLE, deleted=False)
    return {
        "stat_topics": Coalesce(
            Subquery(topics.values("author").annotate(n=Count("id")).values("n")[:1]), 0
        ),
        "stat_posts": Coalesce(
            Subquery(posts.values("author").annotate(n=Count("id")).values("n")[:1]), 0
        ),
        "stat_likes": Coalesce(
            Subquery(posts.values("author").annotate(n=Sum("like_count")).values("n")[:1]), 0
        ),
    }


def user_stats(*, person: User) -> dict[str, int]:
    """Published topics, posts and likes received by `person` (one query)."""
    row = (
        User.objects.filter(pk=person.pk)
        .annotate(**_stats_annotations())
        .values("stat_topics", "stat_posts", "stat_likes")
        .first()
    ) or {"stat_topics": 0, "stat_posts": 0, "stat_likes": 0}
    return {"topics": row["stat_topics"], "posts": row["stat_posts"], "likes": row["stat_likes"]}


def helpful_colleagues() -> QuerySet[User]:
    """Active people who received likes or wrote posts, most liked first."""
    return (
        User.objects.filter(is_active=True)
        .annotate(**_stats_annotations())
        .filter(stat_posts__gt=0)
        .order_by("-stat_likes", "-stat_posts", "last_name", "username")
    )


# --- search and dashboard -------------------------------------------------------------------


def search_own_hidden(user: User) -> bool:
    """Whether `user` has topics or posts only they see (waiting or rejected), shared per user
    until a topic or post changes: without any, their forum results are everybody's."""

    def compute() -> bool:
        mine = {"author_id": user.pk, "deleted": False}
        return (
            Topic.objects.filter(**mine).exclude(status=Status.VISIBLE).exists()
            or Post.objects.filter(**mine).exclude(status=Status.VISIBLE).exists()
        )

    return caching.shared_value("forum_own_hidden", vary=(user.pk,), compute=compute)


def search_groups(*, user: User, query: str, language: str) -> list[SearchGroup]:
    """Topics and posts depend on the categories whose pending topics `user` validates and, for
    the few with topics or posts waiting or rejected, on `user` (their own): the previews are
    shared by everyone with the same of both (`_topic_visibility`, computed from the key)."""
    scope = validation_scope(user, VALIDATE_TOPICS)
    author = user.pk if user.is_authenticated and search_own_hidden(user) else None

    def visible() -> QuerySet[Topic]:
        visibility = Q(status=Status.VISIBLE)
        if author is not None:
            visibility |= Q(author_id=author)
        if scope == ("all",):
            visibility |= Q(status=Status.PENDING)
        elif scope:
            visibility |= Q(status=Status.PENDING, category_id__in=scope)
        return Topic.objects.filter(visibility, deleted=False)

    def topics() -> QuerySet[Topic]:
        rows = visible().select_related("category")
        return text_search(rows, query, ["title"], language=language)

    def posts() -> QuerySet[Post]:
        visibility = Q(status=Status.VISIBLE)
        if author is not None:
            visibility |= Q(author_id=author)
        rows = Post.objects.filter(visibility, deleted=False, topic__in=visible())
        return text_search(
            rows.select_related("topic", "author"), query, ["content"], language=language
        )

    shared = (query, language, scope, author)
    return [
        SearchGroup(
            key="forum_topics",
            label=_("Forum topics"),
            rows=topics,
            shared=shared,
            to_hit=lambda topic: SearchHit(
                title=topic.title,
                url=topic.get_absolute_url(),
                snippet=snippet(topic, topic.title, query),
                meta=topic.category.name,
            ),
        ),
        SearchGroup(
            key="forum_posts",
            label=_("Forum posts"),
            rows=posts,
            shared=shared,
            to_hit=lambda post: SearchHit(
                title=post.topic.title,
                url=post.get_absolute_url(),
                snippet=snippet(post, post.content, query),
                meta=post.author.name,
            ),
        ),
    ]


def dashboard_recent_topics(*, user: User, limit: int = 5) -> list[Topic]:
    return list(
        Topic.objects.filter(status=Status.VISIBLE, deleted=False)
        .select_related("category", "last_post_author")
        .order_by("-last_post_at", "-id")[:limit]
    )


def _moderation_scope(user: User) -> tuple[Any, ...]:
    """What `pending_topics`, `pending_posts` and `open_reports` depend on about `user`: for each
    right they ask (`moderated_categories`), "all" or the ids of the categories moderated."""
    scope: list[Any] = []
    rights = object_rights(user, Category)
    for wanted in ({VALIDATE_TOPICS}, {VALIDATE_POSTS}, {VALIDATE_TOPICS, VALIDATE_POSTS}):
        if any(user.has_perm(perm) for perm in wanted):
            scope.append("all")
        else:
            scope.append(tuple(sorted(pk for pk, held in rights.items() if held & wanted)))
    return tuple(scope)


def _moderation_waiting(user: User) -> int:
    return (  # one query for the three queues
        pending_topics(user=user)
        .order_by()
        .values_list("pk")
        .union(
            pending_posts(user=user).order_by().values_list("pk"),
            open_reports(user=user).order_by().values_list("pk"),
            all=True,
        )
        .count()
    )


def moderation_waiting_request(user: User) -> caching.SharedValueRequest:
    """The count of posts waiting for `user`'s validation as a `caching.shared_values` request:
    the same for every moderator of the same categories, shared until a topic, post, category
    or report changes (`caching.SHARED_VALUES["forum_moderation_waiting"]`)."""
    return (
        "forum_moderation_waiting",
        _moderation_scope(user),
        lambda: _moderation_waiting(user),
    )


def dashboard_obligations(*, user: User, waiting: int | None = None) -> list[dict[str, Any]]:
    """ "Posts waiting for my validation": one line when the queue is not empty (`waiting`: the
    caller's value of `moderation_waiting_request`, when it has it)."""
    if waiting is None:
        if not is_moderator_somewhere(user):
            return []  # most people: one cheap check instead of the three queues
        waiting = caching.shared_values([moderation_waiting_request(user)])[0]
    if not waiting:
        return []
    return [
        {
            "label": _("Forum: %(n)d item(s) waiting for your validation") % {"n": waiting},
            "url": reverse("forum:moderation_queue"),
            "due": "",
            "level": "warning",
        }
    ]
