"""Forum: categories, topics, posts, likes, read tracking, subscriptions and reports.

Stored counters (topic_count, post_count, reply_count, like_count, view_count) change only in
`forum/services.py`, through F() updates or under `select_for_update`.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from intrasphere.icons import ICON_CHOICES

POST_MAX_LENGTH = 20000

hex_colour = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Enter a colour as # followed by six hexadecimal digits, e.g. #2450b3.")
)


class Status(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    PENDING = "pending", _("Waiting for validation")
    REJECTED = "rejected", _("Rejected")


class Category(models.Model):
    """A forum section; its moderators hold guardian object permissions on it."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=1000)
    colour = models.CharField(_("colour"), max_length=7, default="#2450b3", validators=[hex_colour])
    icon = models.CharField(
        _("icon"),
        max_length=20,
        blank=True,
        choices=ICON_CHOICES,
        help_text=_("An icon from the portal's set, shown next to the name."),
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive categories accept no new topics or posts.")
    )
    archived_at = models.DateTimeField(
        _("archived at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "An archived category is closed to new topics and hidden from the forum index; "
            "its topics stay readable."
        ),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    requires_topic_validation = models.BooleanField(_("new topics need validation"), default=False)
    requires_post_validation = models.BooleanField(_("new replies need validation"), default=False)
    topic_count = models.PositiveIntegerField(_("topics"), default=0, editable=False)
    post_count = models.PositiveIntegerField(_("posts"), default=0, editable=False)
    last_post = models.ForeignKey(
        "Post",
        verbose_name=_("last post"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("forum category")
        verbose_name_plural = _("forum categories")
        ordering = ["order", "name"]
        permissions = [
            ("manage_forum", _("Can manage the forum")),
            ("validate_topics", _("Can validate forum topics")),
            ("validate_posts", _("Can validate forum posts")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(topic_count__gte=0) & Q(post_count__gte=0),
                name="forum_category_counts_gte_0",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("forum:category_detail", kwargs={"slug": self.slug})

    @property
    def archived(self) -> bool:
        return self.archived_at is not None


class CategoryUserObjectPermission(UserObjectPermissionBase):
    """Direct foreign-key guardian permissions of a user on a category (its moderators)."""

    content_object = models.ForeignKey(Category, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("category moderator permission")
        verbose_name_plural = _("category moderator permissions")


class CategoryGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Category, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("category group permission")
        verbose_name_plural = _("category group permissions")


class Topic(models.Model):
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="topics"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="forum_topics",
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, allow_unicode=False)
    pinned = models.BooleanField(_("pinned"), default=False)
    locked = models.BooleanField(_("locked"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.VISIBLE, db_index=True
    )
    rejection_reason = models.TextField(_("rejection reason"), blank=True, max_length=1000)
    deleted = models.BooleanField(_("deleted"), default=False)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    view_count = models.PositiveIntegerField(_("views"), default=0, editable=False)
    reply_count = models.PositiveIntegerField(_("replies"), default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_post_at = models.DateTimeField(_("last activity"), null=True, blank=True, editable=False)
    last_post_author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last post by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        indexes = [
            models.Index(
                fields=["category", "-pinned", "-last_post_at"], name="forum_topic_list_idx"
            ),
            models.Index(fields=["author", "-created_at"], name="forum_topic_author_idx"),
            models.Index(fields=["-created_at"], name="forum_topic_recent_idx"),
            # Every category's topics in the lists' order (the API's topic list), and the
            # latest visible ones (the dashboard): read in order, stopped at the page's end,
            # instead of sorting every topic.
            models.Index(
                fields=["-pinned", "-last_post_at", "-id"],
                name="forum_topic_all_order_idx",
                condition=Q(deleted=False),
            ),
            models.Index(
                fields=["-last_post_at", "-id"],
                name="forum_topic_latest_idx",
                condition=Q(status=Status.VISIBLE, deleted=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(view_count__gte=0) & Q(reply_count__gte=0),
                name="forum_topic_counts_gte_0",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("forum:topic_detail", kwargs={"pk": self.pk, "slug": self.slug or "topic"})

    @property
    def is_visible(self) -> bool:
        return self.status == Status.VISIBLE and not self.deleted


class Post(models.Model):
    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="posts"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="forum_posts",
    )
    content = models.TextField(_("message"), max_length=POST_MAX_LENGTH)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.VISIBLE, db_index=True
    )
    rejection_reason = models.TextField(_("rejection reason"), blank=True, max_length=1000)
    like_count = models.PositiveIntegerField(_("likes"), default=0, editable=False)
    edited = models.BooleanField(_("edited"), default=False)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    deleted = models.BooleanField(_("deleted"), default=False)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [
            models.Index(fields=["topic", "created_at", "id"], name="forum_post_topic_idx"),
            models.Index(fields=["author", "status", "deleted"], name="forum_post_author_idx"),
            # The counters' recount after every reply (a category's visible posts): an
            # index-only scan per topic instead of reading every post.
            models.Index(
                fields=["topic"],
                name="forum_post_visible_idx",
                condition=Q(status=Status.VISIBLE, deleted=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(like_count__gte=0), name="forum_post_likes_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.topic} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("forum:post_jump", kwargs={"pk": self.pk})

    @property
    def is_visible(self) -> bool:
        return self.status == Status.VISIBLE and not self.deleted


class PostRevision(models.Model):
    """The content a post had before an edit; shown to moderators only."""

    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="revisions"
    )
    content = models.TextField(_("previous content"))
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("edited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("edited at"), auto_now_add=True)

    class Meta:
        verbose_name = _("post revision")
        verbose_name_plural = _("post revisions")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.post} @ {self.created_at:%Y-%m-%d %H:%M}"


class Like(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="forum_likes",
    )
    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="likes"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("like")
        verbose_name_plural = _("likes")
        constraints = [
            models.UniqueConstraint(fields=["user", "post"], name="forum_like_once_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ♥ {self.post}"


class TopicView(models.Model):
    """What a person last read in a topic: one row per user and topic."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="forum_topic_views",
    )
    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="views"
    )
    last_seen_post = models.ForeignKey(
        Post,
        verbose_name=_("last seen post"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_read_at = models.DateTimeField(_("last read at"))

    class Meta:
        verbose_name = _("topic view")
        verbose_name_plural = _("topic views")
        constraints = [
            models.UniqueConstraint(fields=["user", "topic"], name="forum_topicview_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.topic}"


class Subscription(models.Model):
    """A person follows a topic or a whole category."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="forum_subscriptions",
    )
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.CheckConstraint(
                condition=(Q(topic__isnull=False) & Q(category__isnull=True))
                | (Q(topic__isnull=True) & Q(category__isnull=False)),
                name="forum_subscription_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "topic"],
                condition=Q(topic__isnull=False),
                name="forum_subscription_topic_once",
            ),
            models.UniqueConstraint(
                fields=["user", "category"],
                condition=Q(category__isnull=False),
                name="forum_subscription_category_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.topic or self.category}"


class Report(models.Model):
    class ReportStatus(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved (post removed)")
        DISMISSED = "dismissed", _("Dismissed")

    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.CASCADE,
        related_name="forum_reports",
    )
    reason = models.TextField(_("reason"), max_length=1000)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus, default=ReportStatus.OPEN
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "-created_at"], name="forum_report_status_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"],
                condition=Q(status="open"),
                name="forum_report_open_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.post} ({self.get_status_display()})"
