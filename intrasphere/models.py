"""Cross-cutting data: site settings, the audit log and in-app notifications."""

from django.conf import settings
from django.core.cache import cache, caches
from django.db import models
from django.utils.translation import gettext_lazy as _


class SiteSettings(models.Model):
    """The portal's editable settings: one row, read through `SiteSettings.load()`."""

    CACHE_KEY = "site-settings"

    site_name = models.CharField(_("site name"), max_length=100, default="IntraSphere")
    registration_open = models.BooleanField(
        _("self-registration open"),
        default=False,
        help_text=_("When on, anyone who reaches the portal can create an employee account."),
    )
    require_second_factor = models.BooleanField(
        _("Require a second factor for people with rights"),
        default=False,
        help_text=_(
            "When on, administrators, moderators and holders of delegated rights confirm each "
            "sign-in with a code from an authenticator app (accounts set it up at their next "
            "sign-in)."
        ),
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    welcome_message = models.TextField(_("welcome message"), blank=True)
    privacy_notice = models.TextField(
        _("privacy notice"),
        blank=True,
        max_length=20000,
        help_text=_(
            "Markdown shown at /privacy/; when empty, the default notice (controller, purposes, "
            "retention periods read from the settings, rights) is shown."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self) -> str:
        return str(self.site_name)

    # Every page reads the settings: each process keeps them a few seconds in its own memory
    # (no Redis round trip), so a change reaches the other processes within that time.
    LOCAL_TTL = 10

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        cache.delete(self.CACHE_KEY)
        caches["local"].delete(self.CACHE_KEY)

    @classmethod
    def load(cls, *, fresh: bool = False) -> "SiteSettings":
        """`fresh`: as saved now, for decisions (registration open), not a few seconds old."""
        obj = None if fresh else caches["local"].get(cls.CACHE_KEY)
        if obj is None:
            obj = cache.get(cls.CACHE_KEY)
            if obj is None:
                obj, _created = cls.objects.get_or_create(pk=1)
                cache.set(cls.CACHE_KEY, obj, 300)
            caches["local"].set(cls.CACHE_KEY, obj, cls.LOCAL_TTL)
        return obj


class AuditLog(models.Model):
    """One sensitive action: who did what to which object, and from where. Never edited."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("actor name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    target_type = models.CharField(_("target type"), max_length=100, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_label = models.CharField(_("target"), max_length=255, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_target_idx"),
            models.Index(fields=["actor", "-created_at"], name="audit_actor_idx"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target_label}"
        )


class Notification(models.Model):
    """An in-app notification for one user: the kind of event and its parameters, rendered in
    the reader's language when shown (`intrasphere.notifications`); `url` points at what it is
    about, `target` ("app.model:pk") names it, for grouping and for marking read on action."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=50)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    # Only for kinds no module registers (older code): the sentence as it was written.
    message = models.CharField(_("message"), max_length=300, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    target = models.CharField(_("about"), max_length=100, blank=True)
    target_label = models.CharField(_("about (title)"), max_length=200, blank=True)
    # How it reaches the person (their preference when it was sent): app, email or digest.
    channel = models.CharField(_("channel"), max_length=10, default="app")
    digested_at = models.DateTimeField(_("sent in a digest at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["recipient", "read_at", "-created_at"], name="notif_recipient_idx"
            ),
            models.Index(fields=["recipient", "target"], name="notif_target_idx"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The sentence in the active language (the reader's)."""
        from intrasphere.notifications import render

        return render(self.kind, self.params, fallback=self.message)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreferences(models.Model):
    """How one person wants to be told: a channel per category and the email digest."""

    class Digest(models.TextChoices):
        OFF = "off", _("Off")
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    digest = models.CharField(
        _("email digest"), max_length=10, choices=Digest.choices, default=Digest.DAILY
    )
    # category -> channel (intrasphere.notifications.CATEGORIES, CHANNELS); missing: default.
    channels = models.JSONField(_("channels"), default=dict, blank=True)
    language = models.CharField(
        _("language of emails"), max_length=10, default=settings.LANGUAGE_CODE
    )
    last_digest_at = models.DateTimeField(_("last digest sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification preferences")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.digest}"
