"""Forum reads: querysets already limited to what the user may see."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import object_rights
from accounts.selectors_people import mentions_resolve
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
    can_delete_post,
    can_edit_post,
    can_like_post,
    can_report_post,
    can_see_post,
    can_validate_topics,
    is_moderator_somewhere,
    moderated_categories,
)
from intrasphere import caching
from intrasphere.mentions import mention_candidates
from intrasphere.search import SearchGroup, SearchHit, snippet, text_search

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


def category_for_topic_list(*, slug: str, user: User) -> Category:
    """The category (else 404) with `following`: whether the viewer follows it."""
    followed = Subscription.objects.filter(user_id=user.pk, category=OuterRef("pk"))
    try:
        return Category.objects.annotate(following=Exists(followed)).get(slug=slug)
    except Category.DoesNotExist:
        raise Http404(_("No such forum category.")) from None


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


def topic_list(*, user: User, category: Category) -> QuerySet[Topic]:
    """Pinned first, then latest activity: the topics of `category` the viewer sees
    (`_topic_visibility`), each with `read_at` (when they last read it, None: never) and
    `unread` (posts they have not read since)."""
    visibility = Q(status=Status.VISIBLE) | Q(author_id=user.pk)
    if can_validate_topics(user, category):
        visibility |= Q(status=Status.PENDING)
    read_at = TopicView.objects.filter(user_id=user.pk, topic=OuterRef("pk"))
    return (
        Topic.objects.filter(visibility, category=category, deleted=False)
        .select_related("author", "last_post_author")
        .annotate(read_at=Subquery(read_at.values("last_read_at")[:1]))
        .annotate(
            unread=Case(
                When(Q(read_at__isnull=True) | Q(last_post_at__gt=F("read_at")), then=True),
                default=False,
                output_field=BooleanField(),
            )
        )
        .order_by("-pinned", "-last_post_at", "-id")
    )


def topic_count(*, user: User, category: Category) -> int:
    """The number of rows of `topic_list`, without counting them at each view: the topics every
    viewer of the same class sees (published ones; pending ones too for the category's
    validators) are counted once for all of them, then the viewer's own others (waiting or
    rejected) are added, counted only for a viewer who has some (`search_own_hidden`). Both are
    kept until a topic changes (`caching.SHARED_VALUES["forum_topic_count"]`)."""
    validator = can_validate_topics(user, category)
    shown = [Status.VISIBLE, Status.PENDING] if validator else [Status.VISIBLE]
    topics = Topic.objects.filter(category=category, deleted=False)
    count, own_hidden = caching.shared_values(
        [
            (
                "forum_topic_count",
                ("class", category.pk, validator),
                lambda: topics.filter(status__in=shown).count(),
            ),
            _own_hidden_request(user),
        ]
    )
    if own_hidden:
        count += caching.shared_value(
            "forum_topic_count",
            vary=("own", category.pk, validator, user.pk),
            compute=lambda: topics.filter(author_id=user.pk).exclude(status__in=shown).count(),
        )
    return count


def topic_get(*, user: User, pk: int) -> Topic:
    """The topic if `user` may see it, else 404 (same answer for missing and hidden)."""
    try:
        return visible_topics(user=user).select_related("category", "author").get(pk=pk)
    except Topic.DoesNotExist:
        raise Http404(_("No such topic.")) from None


def topic_for_page(*, user: User, pk: int) -> Topic:
    """`topic_get` with what the topic page shows of the viewer: `following`, and
    `read_until` (where their reading stopped, None before their first view)."""
    topics = (
        visible_topics(user=user)
        .select_related("category")
        .annotate(
            following=Exists(Subscription.objects.filter(user_id=user.pk, topic=OuterRef("pk"))),
            read_until=Subquery(
                TopicView.objects.filter(user_id=user.pk, topic=OuterRef("pk")).values(
                    "last_read_at"
                )[:1]
            ),
        )
    )
    try:
        return topics.get(pk=pk)
    except Topic.DoesNotExist:
        raise Http404(_("No such topic.")) from None


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


def posts_for_page(
    *, user: User, topic: Topic, moderator: bool, posts: Iterable[Post]
) -> list[Post]:
    """The posts of one page of `topic` with what the viewer may do on each (`can_edit`,
    `can_delete`, `can_like`, `can_report`, `can_review`) and `mentioned`: the active
    colleagues it @mentions as (as written, username) pairs (linked in its body, part of the
    body's cache key)."""
    posts = list(posts)
    prefetch_related_objects(posts, "author")  # apart: joined, a deep page scanned every user
    known = mentioned_people(posts)
    for post in posts:
        Post._meta.get_field("topic").set_cached_value(post, topic)
        post.can_edit = can_edit_post(user, post)
        post.can_delete = can_delete_post(user, post)
        post.can_like = can_like_post(user, post)
        post.can_report = can_report_post(user, post)
        post.can_review = moderator and post.status == Status.PENDING
        names = mention_candidates(post.content) & known.keys()
        post.mentioned = tuple(sorted((name, known[name]) for name in names))
    return posts


def last_visible(posts: list[Post]) -> Post | None:
    """The last published post of a page (the viewer's read position once shown)."""
    shown = [post for post in posts if post.is_visible]
    return shown[-1] if shown else None


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


def mentioned_people(posts) -> dict[str, str]:
    """{mention as written: username} for the active colleagues @mentioned in `posts` (one
    query for a whole page; `accounts.selectors_people.mentions_resolve`)."""
    candidates = set().union(*(mention_candidates(post.content) for post in posts))
    return mentions_resolve(candidates) if candidates else {}


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


def _own_hidden_request(user: User) -> caching.SharedValueRequest:
    """`search_own_hidden` as a `caching.shared_values` request."""

    def compute() -> bool:
        mine = {"author_id": user.pk, "deleted": False}
        return (
            Topic.objects.filter(**mine).exclude(status=Status.VISIBLE).exists()
            or Post.objects.filter(**mine).exclude(status=Status.VISIBLE).exists()
        )

    return ("forum_own_hidden", (user.pk,), compute)


def search_own_hidden(user: User) -> bool:
    """Whether `user` has topics or posts only they see (waiting or rejected), shared per user
    until a topic or post changes: without any, their forum results are everybody's."""
    return caching.shared_values([_own_hidden_request(user)])[0]


def search_groups(*, user: User, query: str, language: str) -> list[SearchGroup]:
    """Published topics and posts, and the user's own waiting or rejected ones: pending content
    is never found by anyone but its author, moderators and validators included (they find it
    in the moderation queue). The previews are shared by everyone without content of their own
    waiting; the few with some get theirs (`search_own_hidden`)."""
    author = user.pk if user.is_authenticated and search_own_hidden(user) else None

    def visible() -> QuerySet[Topic]:
        visibility = Q(status=Status.VISIBLE)
        if author is not None:
            visibility |= Q(author_id=author)
        return Topic.objects.filter(visibility, deleted=False)

    def topics() -> QuerySet[Topic]:
        rows = visible().select_related("category")
        return text_search(rows, query, ["title"], language=language)

    def posts() -> QuerySet[Post]:
        visibility = Q(status=Status.VISIBLE)
        if author is not None:
            visibility |= Q(author_id=author)
        rows = Post.objects.filter(visibility, deleted=False, topic__in=visible())
        # Topic and author fetched for the page's hits only (prefetch), not joined to every
        # ranked match before the sort.
        return text_search(
            rows.prefetch_related("topic", "author"),
            query,
            ["content"],
            language=language,
            newest="created_at",
        )

    shared = (query, language, author)
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
            "kind": _("Moderation"),
            "label": _("Forum: %(n)d item(s) waiting for your validation") % {"n": waiting},
            "url": reverse("forum:moderation_queue"),
            "due": None,
            "overdue": False,
            "since": None,
            "note": "",
        }
    ]


# --- lists across categories ----------------------------------------------------------------


def index_categories() -> QuerySet[Category]:
    """The forum index: categories not archived (archived ones stay reachable by their URL)."""
    return category_list().filter(archived_at__isnull=True)


def archived_categories() -> QuerySet[Category]:
    return Category.objects.filter(archived_at__isnull=False).order_by("name", "pk")


def latest_topics(*, user: User) -> QuerySet[Topic]:
    """The latest activity across the categories: the topics `user` may see
    (`_topic_visibility`: pending ones only to their author and those who validate them),
    archived categories left out."""
    return (
        visible_topics(user=user)
        .filter(category__archived_at__isnull=True)
        .select_related("category", "author", "last_post_author")
        .order_by("-last_post_at", "-id")
    )


def own_posts(*, user: User) -> QuerySet[Post]:
    """`user`'s own posts, newest first (their pending and rejected ones included), in topics
    still there."""
    return (
        Post.objects.filter(author_id=user.pk, deleted=False, topic__deleted=False)
        .select_related("topic__category")
        .order_by("-created_at", "-id")
    )
