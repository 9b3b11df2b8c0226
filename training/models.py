"""Training: catalog, seats and waitlist, courses, lessons, quizzes, progress, certificates."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intrasphere.uploads import generated_name


def thumbnail_path(instance: models.Model, filename: str) -> str:
    return generated_name("trainings/thumbnails", "png")


def attachment_path(instance: models.Model, filename: str) -> str:
    return generated_name("trainings/files", instance.extension or "bin")


class Training(models.Model):
    class Difficulty(models.TextChoices):
        BEGINNER = "beginner", _("Beginner")
        INTERMEDIATE = "intermediate", _("Intermediate")
        ADVANCED = "advanced", _("Advanced")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=20000)
    category = models.CharField(_("category"), max_length=100, blank=True, db_index=True)
    difficulty = models.CharField(
        _("difficulty"), max_length=20, choices=Difficulty, default=Difficulty.BEGINNER
    )
    duration_hours = models.PositiveIntegerField(_("duration (hours)"), default=1)
    instructor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("instructor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="instructed_trainings",
    )
    start_date = models.DateTimeField(_("starts at"), null=True, blank=True)
    end_date = models.DateTimeField(_("ends at"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    max_participants = models.PositiveIntegerField(
        _("maximum participants"), default=20, validators=[MinValueValidator(1)]
    )
    participant_count = models.PositiveIntegerField(_("participants"), default=0, editable=False)
    is_mandatory = models.BooleanField(_("mandatory"), default=False)
    # Who a mandatory training is for (`accounts.audience`): everyone, or these departments
    # (stored |A|B|) and employee categories.
    audience_restricted = models.BooleanField(_("restricted audience"), default=False)
    audience_departments = models.TextField(_("audience departments"), blank=True)
    audience_categories = models.ManyToManyField(
        "accounts.EmployeeCategory",
        verbose_name=_("audience employee categories"),
        blank=True,
        related_name="mandatory_trainings",
    )
    deadline_date = models.DateField(
        _("deadline"),
        null=True,
        blank=True,
        help_text=_("The date by which everyone in the audience must be compliant."),
    )
    deadline_days = models.PositiveIntegerField(
        _("deadline (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_(
            "Or: this many days after a person joins, or after the training became mandatory "
            "for those already there."
        ),
    )
    mandatory_since = models.DateField(_("mandatory since"), null=True, blank=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    is_visible = models.BooleanField(_("visible in the catalog"), default=True)
    thumbnail = models.ImageField(_("thumbnail"), upload_to=thumbnail_path, blank=True)
    certificate_validity_days = models.PositiveIntegerField(
        _("certificate validity (days)"),
        null=True,
        blank=True,
        help_text=_("Leave empty for certificates that never expire."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Also moved when anything the training's pages show to everyone changes (its courses,
    # lessons, quizzes…: training/signals.py): the version their cached fragments are keyed by.
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        permissions = [("manage_trainings", _("Can manage trainings"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(participant_count__gte=0), name="training_participants_gte_0"
            ),
            models.CheckConstraint(
                condition=Q(participant_count__lte=F("max_participants")),
                name="training_participants_lte_max",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="training_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(deadline_date__isnull=True) | Q(deadline_days__isnull=True),
                name="training_one_kind_of_deadline",
            ),
        ]
        indexes = [
            models.Index(
                fields=["is_active", "is_visible", "start_date"], name="training_list_idx"
            ),
            models.Index(fields=["is_mandatory"], name="training_mandatory_idx"),
            # The catalog (`selectors.training_catalog`), from EXPLAIN on PostgreSQL: a page reads
            # its rows in this index's order instead of sorting every training; with the flags,
            # the page count is an index-only scan, not a read of every (wide) training row.
            models.Index(
                fields=["start_date", "title", "id", "is_active", "is_visible"],
                name="training_catalog_idx",
            ),
            # The catalog's category filter (`selectors.categories`): an index-only scan.
            models.Index(
                fields=["category"],
                condition=Q(is_active=True, is_visible=True),
                name="training_open_category_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("training:training_detail", kwargs={"pk": self.pk})

    @property
    def department_list(self) -> list[str]:
        return [name for name in self.audience_departments.split("|") if name]

    @property
    def free_seats(self) -> int:
        return max(0, self.max_participants - self.participant_count)

    @property
    def has_started(self) -> bool:
        return self.start_date is not None and self.start_date <= timezone.now()

    @property
    def has_ended(self) -> bool:
        return self.end_date is not None and self.end_date < timezone.now()


class Participant(models.Model):
    """One person's enrollment in a training (seat, waitlist, progress, result, feedback)."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITLISTED = "waitlisted", _("Waitlisted")
        CANCELLED = "cancelled", _("Cancelled")
        COMPLETED = "completed", _("Completed")

    SEATED = (Status.REGISTERED, Status.COMPLETED)

    training = models.ForeignKey(
        Training, verbose_name=_("training"), on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="training_participations",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.REGISTERED)
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), default=False)
    score = models.PositiveSmallIntegerField(
        _("score (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    last_lesson = models.ForeignKey(
        "Lesson",
        verbose_name=_("last lesson opened"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    feedback_rating = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    feedback_comment = models.TextField(_("comment"), blank=True, max_length=4000)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["user", "training"], name="participant_one_per_user"),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="participant_progress_lte_100"
            ),
            models.CheckConstraint(
                condition=Q(feedback_rating__isnull=True)
                | Q(feedback_rating__gte=1, feedback_rating__lte=5),
                name="participant_rating_1_5",
            ),
        ]
        indexes = [
            models.Index(
                fields=["training", "status", "registered_at"], name="participant_queue_idx"
            ),
            models.Index(fields=["user", "status"], name="participant_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.training}"

    def get_absolute_url(self) -> str:
        return reverse("training:participant_progress", kwargs={"pk": self.pk})

    @property
    def is_seated(self) -> bool:
        return self.status in self.SEATED

    @property
    def is_overdue(self) -> bool:
        return (
            self.status == self.Status.REGISTERED
            and self.due_date is not None
            and self.due_date < timezone.localdate()
        )


class Course(models.Model):
    training = models.ForeignKey(
        Training, verbose_name=_("training"), on_delete=models.CASCADE, related_name="courses"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=10000)
    order = models.PositiveIntegerField(_("order"), default=0)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=0)
    prerequisites = models.ManyToManyField(
        "self",
        verbose_name=_("prerequisites"),
        symmetrical=False,
        blank=True,
        related_name="unlocks",
    )

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["training", "order", "id"]
        indexes = [models.Index(fields=["training", "order"], name="course_order_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("training:course_detail", kwargs={"pk": self.pk})


class Lesson(models.Model):
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="lessons"
    )
    title = models.CharField(_("title"), max_length=200)
    order = models.PositiveIntegerField(_("order"), default=0)
    content = models.TextField(_("content (Markdown)"), blank=True, max_length=100000)
    video_url = models.URLField(_("video URL"), blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=0)

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["course", "order", "id"]
        indexes = [models.Index(fields=["course", "order"], name="lesson_order_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("training:lesson_detail", kwargs={"pk": self.pk})


class LessonAttachment(models.Model):
    lesson = models.ForeignKey(
        Lesson, verbose_name=_("lesson"), on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=attachment_path)
    extension = models.CharField(_("extension"), max_length=10, editable=False, default="bin")
    content_type = models.CharField(_("content type"), max_length=100, editable=False, default="")
    size = models.PositiveIntegerField(_("size"), default=0, editable=False)

    class Meta:
        verbose_name = _("lesson attachment")
        verbose_name_plural = _("lesson attachments")
        ordering = ["lesson", "title"]

    def __str__(self) -> str:
        return self.title


class Resource(models.Model):
    """A document or link attached to a whole training."""

    training = models.ForeignKey(
        Training, verbose_name=_("training"), on_delete=models.CASCADE, related_name="resources"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    url = models.URLField(_("link"), blank=True)
    file = models.FileField(_("file"), upload_to=attachment_path, blank=True)
    extension = models.CharField(_("extension"), max_length=10, editable=False, default="bin")
    content_type = models.CharField(_("content type"), max_length=100, editable=False, default="")
    size = models.PositiveIntegerField(_("size"), default=0, editable=False)

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["training", "title"]

    def __str__(self) -> str:
        return self.title


class Quiz(models.Model):
    lesson = models.OneToOneField(
        Lesson, verbose_name=_("lesson"), on_delete=models.CASCADE, related_name="quiz"
    )
    title = models.CharField(_("title"), max_length=200)
    passing_score = models.PositiveSmallIntegerField(
        _("passing score (%)"), default=70, validators=[MaxValueValidator(100)]
    )
    time_limit_minutes = models.PositiveIntegerField(
        _("time limit (minutes)"), null=True, blank=True, help_text=_("Empty: no time limit.")
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("maximum attempts"), default=3, validators=[MinValueValidator(1)]
    )
    show_answers = models.BooleanField(_("show correct answers after submission"), default=True)

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        constraints = [
            models.CheckConstraint(
                condition=Q(passing_score__lte=100), name="quiz_passing_lte_100"
            ),
            models.CheckConstraint(condition=Q(max_attempts__gte=1), name="quiz_attempts_gte_1"),
        ]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice (select all that apply)")
        TRUE_FALSE = "true_false", _("True / false")

    quiz = models.ForeignKey(
        Quiz, verbose_name=_("quiz"), on_delete=models.CASCADE, related_name="questions"
    )
    text = models.TextField(_("question"), max_length=2000)
    kind = models.CharField(_("type"), max_length=20, choices=Kind, default=Kind.SINGLE)
    points = models.PositiveSmallIntegerField(
        _("points"), default=1, validators=[MinValueValidator(1)]
    )
    explanation = models.TextField(_("explanation"), blank=True, max_length=2000)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["quiz", "order", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class Choice(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="choices"
    )
    text = models.CharField(_("answer"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["question", "order", "id"]

    def __str__(self) -> str:
        return self.text


class QuizAttempt(models.Model):
    """One try at a quiz; `number` is unique per user and quiz, so the limit holds in the DB."""

    quiz = models.ForeignKey(
        Quiz, verbose_name=_("quiz"), on_delete=models.CASCADE, related_name="attempts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
    )
    number = models.PositiveSmallIntegerField(_("attempt number"))
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    late = models.BooleanField(_("submitted after the deadline"), default=False)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    points = models.PositiveIntegerField(_("points"), default=0)
    max_points = models.PositiveIntegerField(_("maximum points"), default=0)
    score = models.PositiveSmallIntegerField(_("score (%)"), default=0)
    passed = models.BooleanField(_("passed"), default=False)

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "user", "number"], name="quiz_attempt_number_unique"
            ),
        ]
        indexes = [models.Index(fields=["user", "quiz", "-started_at"], name="attempt_user_idx")]

    def __str__(self) -> str:
        return f"{self.quiz} #{self.number} — {self.user}"

    def get_absolute_url(self) -> str:
        return reverse("training:attempt_detail", kwargs={"pk": self.pk})

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class LessonProgress(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="lesson_progress",
    )
    lesson = models.ForeignKey(
        Lesson, verbose_name=_("lesson"), on_delete=models.CASCADE, related_name="progress"
    )
    completed_at = models.DateTimeField(_("completed at"), default=timezone.now)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="lesson_progress_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.lesson}"


def new_verification_code() -> str:
    return secrets.token_hex(10).upper()


class Certificate(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="certificates",
    )
    # Issued certificates must stay verifiable: a training that has some cannot be deleted.
    training = models.ForeignKey(
        Training, verbose_name=_("training"), on_delete=models.PROTECT, related_name="certificates"
    )
    code = models.CharField(
        _("verification code"), max_length=40, unique=True, default=new_verification_code
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    expiry_notified_at = models.DateTimeField(_("expiry reminder sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(fields=["user", "training"], name="certificate_one_per_user"),
        ]
        indexes = [models.Index(fields=["user", "expires_at"], name="certificate_expiry_idx")]

    def __str__(self) -> str:
        return f"{self.training} — {self.user} ({self.code})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()
