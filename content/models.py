"""Content: announcements (+ acknowledgements), documents (+ versions), events (+ RSVP), pages."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import EmployeeCategory


class Category(models.Model):
    """A general category shared by announcements, documents and pages."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Announcement(models.Model):
    class Type(models.TextChoices):
        NEWS = "news", _("News")
        POLICY = "policy", _("Policy")
        TRAINING = "training", _("Training")
        EVENT = "event", _("Event")
        ALERT = "alert", _("Alert")

    class Icon(models.TextChoices):
        MEGAPHONE = "megaphone", _("Megaphone")
        INFO = "info", _("Information")
        WARNING = "warning", _("Warning")
        CALENDAR = "calendar", _("Calendar")
        BOOK = "book", _("Book")

    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("content"), max_length=50000, help_text=_("Markdown."))
    type = models.CharField(_("type"), max_length=20, choices=Type, default=Type.NEWS)
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="announcements",
    )
    icon = models.CharField(_("icon"), max_length=20, choices=Icon, default=Icon.MEGAPHONE)
    image = models.FileField(_("image"), blank=True, max_length=255)
    thumbnail = models.FileField(_("thumbnail"), blank=True, max_length=255)
    important = models.BooleanField(
        _("important (must read)"),
        default=False,
        help_text=_("Shown first, with a banner until each reader confirms reading it."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="announcements",
    )
    publish_at = models.DateTimeField(_("publish on"), default=timezone.now)
    unpublish_at = models.DateTimeField(_("unpublish on"), null=True, blank=True)
    audience_departments = models.TextField(
        _("audience departments"),
        blank=True,
        help_text=_("Stored as |Dept A|Dept B|; empty with no categories means everyone."),
    )
    audience_categories = models.ManyToManyField(
        EmployeeCategory,
        verbose_name=_("audience employee categories"),
        blank=True,
        related_name="announcements",
    )
    audience_restricted = models.BooleanField(_("restricted audience"), default=False)
    draft = models.BooleanField(
        _("draft"),
        default=False,
        help_text=_("A draft is seen only by its author and the announcement managers."),
    )
    allow_comments = models.BooleanField(_("allow comments"), default=True)
    allow_reactions = models.BooleanField(_("allow reactions"), default=True)
    notified_at = models.DateTimeField(
        _("audience notified at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the audience of a must-read was notified (set once, when it goes live)."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        permissions = [("manage_announcements", _("Can manage announcements"))]
        indexes = [
            models.Index(fields=["-important", "-publish_at"], name="announcement_order_idx"),
            models.Index(fields=["publish_at", "unpublish_at"], name="announcement_pub_idx"),
            models.Index(fields=["type", "-publish_at"], name="announcement_type_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unpublish_at__isnull=True)
                | models.Q(unpublish_at__gt=models.F("publish_at")),
                name="announcement_unpublish_after_publish",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("content:announcement_detail", kwargs={"pk": self.pk})

    @property
    def department_list(self) -> list[str]:
        return [name for name in self.audience_departments.split("|") if name]

    @property
    def is_published(self) -> bool:
        now = timezone.now()
        return (
            not self.draft
            and self.publish_at <= now
            and (self.unpublish_at is None or self.unpublish_at > now)
        )

    @property
    def is_scheduled(self) -> bool:
        return not self.draft and self.publish_at > timezone.now()


class AnnouncementAcknowledgement(models.Model):
    announcement = models.ForeignKey(
        Announcement,
        verbose_name=_("announcement"),
        on_delete=models.CASCADE,
        related_name="acknowledgements",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="announcement_acknowledgements",
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), default=timezone.now)

    class Meta:
        verbose_name = _("announcement acknowledgement")
        verbose_name_plural = _("announcement acknowledgements")
        constraints = [
            models.UniqueConstraint(fields=["announcement", "user"], name="announcement_ack_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.announcement}"


class Reaction(models.TextChoices):
    """The small fixed set of reactions to an announcement (words and bundled icons, no emoji)."""

    LIKE = "like", _("Like")
    THANKS = "thanks", _("Thanks")
    CELEBRATE = "celebrate", _("Celebrate")
    INSIGHTFUL = "insightful", _("Insightful")


class AnnouncementReaction(models.Model):
    announcement = models.ForeignKey(
        Announcement,
        verbose_name=_("announcement"),
        on_delete=models.CASCADE,
        related_name="reactions",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="announcement_reactions",
    )
    kind = models.CharField(_("reaction"), max_length=20, choices=Reaction)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "user", "kind"], name="announcement_reaction_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()} · {self.announcement}"


COMMENT_MAX_LENGTH = 5000


class AnnouncementComment(models.Model):
    """A comment under an announcement (Markdown, sanitised); hidden or deleted by moderation."""

    announcement = models.ForeignKey(
        Announcement,
        verbose_name=_("announcement"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="announcement_comments",
    )
    content = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    hidden = models.BooleanField(_("hidden by a moderator"), default=False)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hidden by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    deleted = models.BooleanField(_("deleted"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(
                fields=["announcement", "created_at", "id"], name="announcement_comment_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.author} · {self.announcement}"


class AnnouncementCommentReport(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved (comment hidden)")
        DISMISSED = "dismissed", _("Dismissed")

    comment = models.ForeignKey(
        AnnouncementComment,
        verbose_name=_("comment"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.CASCADE,
        related_name="announcement_comment_reports",
    )
    reason = models.TextField(_("reason"), max_length=1000)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
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
        verbose_name = _("comment report")
        verbose_name_plural = _("comment reports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter"],
                condition=models.Q(status="open"),
                name="announcement_comment_report_open_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reporter} · {self.comment}"


class Document(models.Model):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    requires_acknowledgement = models.BooleanField(
        _("requires acknowledgement"),
        default=False,
        help_text=_("Everyone is asked to confirm reading it; each new version asks again."),
    )
    current_version = models.ForeignKey(
        "DocumentVersion",
        verbose_name=_("current version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        permissions = [("manage_documents", _("Can manage documents"))]
        indexes = [
            models.Index(fields=["-updated_at"], name="document_updated_idx"),
            # The newest documents asking for acknowledgement (a reader's dashboard).
            models.Index(
                fields=["-updated_at", "-id"],
                name="document_ack_asked_idx",
                condition=models.Q(requires_acknowledgement=True),
            ),
            models.Index(fields=["category", "-updated_at"], name="document_category_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("content:document_detail", kwargs={"pk": self.pk})


class DocumentVersion(models.Model):
    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("number"))
    file = models.FileField(_("file"), max_length=255)
    original_filename = models.CharField(_("original file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    content_type = models.CharField(_("content type"), max_length=120)
    change_note = models.CharField(_("change note"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="document_versions",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="document_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


class DocumentAcknowledgement(models.Model):
    version = models.ForeignKey(
        DocumentVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="acknowledgements",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="document_acknowledgements",
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), default=timezone.now)

    class Meta:
        verbose_name = _("document acknowledgement")
        verbose_name_plural = _("document acknowledgements")
        constraints = [
            models.UniqueConstraint(fields=["version", "user"], name="document_ack_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.version}"


class Event(models.Model):
    class Type(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        TRAINING = "training", _("Training")
        SOCIAL = "social", _("Social")
        CONFERENCE = "conference", _("Conference")
        OTHER = "other", _("Other")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=20000)
    type = models.CharField(_("type"), max_length=20, choices=Type, default=Type.MEETING)
    location = models.CharField(_("location"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organiser"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organised_events",
    )
    capacity = models.PositiveIntegerField(
        _("participant limit"), null=True, blank=True, help_text=_("Empty means no limit.")
    )
    going_count = models.PositiveIntegerField(_("participants"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        permissions = [("manage_events", _("Can manage events"))]
        indexes = [models.Index(fields=["starts_at"], name="event_start_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True)
                | models.Q(going_count__lte=models.F("capacity")),
                name="event_within_capacity",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("content:event_detail", kwargs={"pk": self.pk})

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.going_count >= self.capacity


class EventRSVP(models.Model):
    class Status(models.TextChoices):
        GOING = "going", _("Going")
        NOT_GOING = "not_going", _("Not going")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="rsvps"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="event_rsvps",
    )
    status = models.CharField(_("answer"), max_length=20, choices=Status)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="event_rsvp_once")]
        indexes = [models.Index(fields=["user", "status"], name="rsvp_user_status_idx")]

    def __str__(self) -> str:
        return f"{self.user} · {self.event}: {self.get_status_display()}"


class CalendarFeedToken(models.Model):
    """The secret of a person's calendar feed URL: regenerate to change it, delete to revoke it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_feed_token",
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")

    def __str__(self) -> str:
        return str(self.user)


class Page(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    body = models.TextField(_("body"), max_length=100000, help_text=_("Markdown."))
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pages",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pages",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        permissions = [("manage_content", _("Can manage content pages and categories"))]
        indexes = [models.Index(fields=["status", "title"], name="page_status_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("content:page_detail", kwargs={"slug": self.slug})
