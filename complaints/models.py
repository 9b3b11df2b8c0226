"""The helpdesk: complaints, their timeline, replies and internal notes, attachments."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from intrasphere.uploads import generated_name

# SLA: hours to handle a complaint, by priority (override with settings.COMPLAINT_SLA_HOURS).
DEFAULT_SLA_HOURS = {"low": 240, "normal": 120, "high": 48, "urgent": 8}


class Complaint(models.Model):
    """A complaint filed by an employee and handled by someone holding `manage_complaints`."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_PROGRESS = "in_progress", _("In progress")
        WAITING = "waiting", _("Waiting for submitter")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed")
        REJECTED = "rejected", _("Rejected")
        REOPENED = "reopened", _("Reopened")

    class Priority(models.TextChoices):
        LOW = "low", _("Low")
        NORMAL = "normal", _("Normal")
        HIGH = "high", _("High")
        URGENT = "urgent", _("Urgent")

    class Category(models.TextChoices):
        WORKPLACE = "workplace", _("Workplace and facilities")
        IT = "it", _("IT and equipment")
        HR = "hr", _("Human resources")
        MANAGEMENT = "management", _("Management and relations")
        SAFETY = "safety", _("Health and safety")
        OTHER = "other", _("Other")

    OPEN_STATUSES = (Status.NEW, Status.IN_PROGRESS, Status.WAITING, Status.REOPENED)
    # Open and on the clock: a complaint waiting for its submitter has its SLA clock paused.
    CLOCK_STATUSES = (Status.NEW, Status.IN_PROGRESS, Status.REOPENED)
    DONE_STATUSES = (Status.RESOLVED, Status.CLOSED, Status.REJECTED)

    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitter"),
        on_delete=models.PROTECT,
        related_name="complaints_submitted",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints_assigned",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=20000)
    category = models.CharField(_("category"), max_length=20, choices=Category)
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority, default=Priority.NORMAL
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.NEW)
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_(
            "Only you, the person handling it and the complaint managers can see it; "
            "your name is shown only to the person handling it and to administrators."
        ),
    )
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    sla_paused_at = models.DateTimeField(
        _("SLA clock paused at"),
        null=True,
        blank=True,
        help_text=_("Set while the complaint waits for its submitter: the clock is paused."),
    )
    sla_paused = models.DurationField(
        _("time paused"),
        default=timedelta,
        help_text=_("Total time the SLA clock was paused (waiting for the submitter)."),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    satisfaction_rating = models.PositiveSmallIntegerField(
        _("satisfaction rating"), null=True, blank=True
    )
    satisfaction_comment = models.TextField(_("satisfaction comment"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last update"), auto_now=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        permissions = [("manage_complaints", _("Can manage complaints"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(satisfaction_rating__isnull=True)
                | models.Q(satisfaction_rating__gte=1, satisfaction_rating__lte=5),
                name="complaint_rating_1_5",
            ),
        ]
        indexes = [
            models.Index(fields=["submitter", "-updated_at"], name="complaint_submitter_idx"),
            models.Index(fields=["assignee", "status"], name="complaint_assignee_idx"),
            models.Index(fields=["status", "-created_at"], name="complaint_status_idx"),
            models.Index(fields=["priority", "-created_at"], name="complaint_priority_idx"),
            models.Index(fields=["category", "-created_at"], name="complaint_category_idx"),
            models.Index(fields=["status", "due_at"], name="complaint_due_idx"),
            models.Index(fields=["-created_at"], name="complaint_created_idx"),
            models.Index(fields=["-updated_at"], name="complaint_updated_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("complaints:detail", kwargs={"pk": self.pk})

    @staticmethod
    def sla_due(priority: str, start: datetime | None = None) -> datetime:
        hours = {**DEFAULT_SLA_HOURS, **getattr(settings, "COMPLAINT_SLA_HOURS", {})}
        return (start or timezone.now()) + timedelta(hours=hours[priority])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        """Open, on the clock (not waiting for the submitter) and past its due date."""
        return (
            self.status in self.CLOCK_STATUSES
            and self.due_at is not None
            and self.due_at < timezone.now()
        )


class ComplaintUserObjectPermission(UserObjectPermissionBase):
    """Direct foreign-key guardian permissions (the assignee's `manage_complaints`)."""

    content_object = models.ForeignKey(Complaint, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("complaint user permission")
        verbose_name_plural = _("complaint user permissions")


class ComplaintGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Complaint, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("complaint group permission")
        verbose_name_plural = _("complaint group permissions")


class ComplaintEvent(models.Model):
    """One line of a complaint's timeline: who changed what, from what to what, and why."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Submitted")
        STATUS = "status", _("Status")
        ASSIGN = "assign", _("Assignment")
        PRIORITY = "priority", _("Priority")
        CATEGORY = "category", _("Category")
        EDIT = "edit", _("Edited")
        REVEAL = "reveal", _("Submitter revealed")

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("complaint"), on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    from_value = models.CharField(_("from"), max_length=150, blank=True)
    to_value = models.CharField(_("to"), max_length=150, blank=True)
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("complaint event")
        verbose_name_plural = _("complaint events")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["complaint", "created_at"], name="complaint_event_idx")]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind}: {self.from_value} → {self.to_value}"

    def _label(self, value: str) -> str:
        if self.kind == self.Kind.STATUS and value:
            return str(Complaint.Status(value).label)
        if self.kind == self.Kind.PRIORITY and value:
            return str(Complaint.Priority(value).label)
        if self.kind == self.Kind.CATEGORY and value in Complaint.Category.values:
            return str(Complaint.Category(value).label)
        return value

    @property
    def from_label(self) -> str:
        return self._label(self.from_value)

    @property
    def to_label(self) -> str:
        return self._label(self.to_value)


class ComplaintReply(models.Model):
    """A public reply (seen by the submitter) or an internal note (handlers only)."""

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("complaint"), on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    body = models.TextField(_("message"), max_length=20000)
    internal = models.BooleanField(
        _("internal note"),
        default=False,
        help_text=_("Internal notes are seen only by the people handling complaints."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["complaint", "internal", "created_at"], name="complaint_reply_idx")
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.body[:50]}"


class SubmitterReveal(models.Model):
    """A confidential complaint's submitter revealed to one more complaint manager: an explicit
    act of the assignee or an administrator, kept (and in the timeline and the audit log)."""

    complaint = models.ForeignKey(
        Complaint,
        verbose_name=_("complaint"),
        on_delete=models.CASCADE,
        related_name="submitter_reveals",
    )
    revealed_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revealed to"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    revealed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revealed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=500)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("submitter reveal")
        verbose_name_plural = _("submitter reveals")
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "revealed_to"], name="submitter_reveal_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} → {self.revealed_to_id}"


def attachment_path(instance: ComplaintAttachment, filename: str) -> str:
    return generated_name("complaints", instance.extension or "bin")


class ComplaintAttachment(models.Model):
    """A file sent with a complaint; downloaded only through a permission-checked view."""

    complaint = models.ForeignKey(
        Complaint,
        verbose_name=_("complaint"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=255)
    extension = models.CharField(_("type"), max_length=10)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse(
            "complaints:attachment_download",
            kwargs={"pk": self.complaint_id, "attachment_pk": self.pk},
        )


# --- The reporting channel (/concerns/): reports that only the holders of `handle_concerns` see


class Concern(models.Model):
    """A report through the legal reporting channel (Directive (EU) 2019/1937; France: loi
    2022-401). An anonymous report stores no link to its reporter (and no address): its
    reporter follows it with `code` and a secret of which only a hash is kept."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        IN_REVIEW = "in_review", _("Under review")
        FOLLOW_UP = "follow_up", _("Follow-up in progress")
        CLOSED_NO_ACTION = "closed_no_action", _("Closed without action")
        CLOSED = "closed", _("Closed after follow-up")

    OPEN_STATUSES = (Status.RECEIVED, Status.IN_REVIEW, Status.FOLLOW_UP)
    CLOSED_STATUSES = (Status.CLOSED_NO_ACTION, Status.CLOSED)

    code = models.CharField(_("receipt code"), max_length=20, unique=True)
    secret_hash = models.CharField(_("secret (hashed)"), max_length=255)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty for an anonymous report."),
    )
    anonymous = models.BooleanField(_("anonymous"), default=False)
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"), max_length=20000)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.RECEIVED)
    created_at = models.DateTimeField(_("received at"), default=timezone.now)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    feedback_at = models.DateTimeField(_("feedback given at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report (reporting channel)")
        verbose_name_plural = _("reports (reporting channel)")
        permissions = [("handle_concerns", _("Can handle reports of the reporting channel"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(anonymous=False) | models.Q(reporter__isnull=True),
                name="concern_anonymous_has_no_reporter",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="concern_status_idx"),
            models.Index(fields=["status", "closed_at"], name="concern_closed_idx"),
        ]

    def __str__(self) -> str:
        # The code only: this is what the audit log keeps of a report (its `target_label`),
        # and the audit outlives a report deleted after REPORTING_CLOSED_NO_ACTION_DAYS.
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("concerns:detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def acknowledge_due(self) -> datetime:
        return self.created_at + timedelta(days=settings.REPORTING_ACKNOWLEDGE_DAYS)

    @property
    def feedback_due(self) -> datetime:
        return self.created_at + timedelta(days=settings.REPORTING_FEEDBACK_DAYS)

    def acknowledge_overdue(self, now: datetime | None = None) -> bool:
        return self.acknowledged_at is None and self.acknowledge_due < (now or timezone.now())

    def feedback_overdue(self, now: datetime | None = None) -> bool:
        return self.feedback_at is None and self.feedback_due < (now or timezone.now())


class ConcernMessage(models.Model):
    """One line of a report's timeline: a message of the reporter (never linked to an account),
    an answer of a handler (the reporter sees it), an internal note, or a status change."""

    class Kind(models.TextChoices):
        REPORTER = "reporter", _("Message from the reporter")
        ANSWER = "answer", _("Answer to the reporter")
        NOTE = "note", _("Internal note")
        STATUS = "status", _("Status change")

    VISIBLE_TO_REPORTER = (Kind.REPORTER, Kind.ANSWER, Kind.STATUS)

    concern = models.ForeignKey(
        Concern, verbose_name=_("report"), on_delete=models.CASCADE, related_name="messages"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The handler; always empty for the reporter's messages."),
    )
    body = models.TextField(_("message"), blank=True, max_length=20000)
    status = models.CharField(_("new status"), max_length=20, blank=True, choices=Concern.Status)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("report message")
        verbose_name_plural = _("report messages")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="reporter") | models.Q(author__isnull=True),
                name="concern_reporter_message_unlinked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.concern_id} {self.kind}"


class SavedReply(models.Model):
    """A ready-made answer the people handling complaints insert in a reply (shared; managed
    by complaint managers)."""

    title = models.CharField(_("title"), max_length=120, unique=True)
    body = models.TextField(_("text"), max_length=5000)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("last update"), auto_now=True)

    class Meta:
        verbose_name = _("saved reply")
        verbose_name_plural = _("saved replies")
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title


class SavedFilter(models.Model):
    """A handler's named filter of the handling list (its query string)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="complaint_filters",
    )
    name = models.CharField(_("name"), max_length=80)
    query = models.CharField(_("filters"), max_length=500)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="complaint_filter_name_once")
        ]

    def __str__(self) -> str:
        return self.name
