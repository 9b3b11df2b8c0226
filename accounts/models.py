"""People: the custom user, employee categories and internal messages."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from intrasphere.uploads import generated_name


def avatar_path(instance: "User", filename: str) -> str:
    return generated_name("avatars", "png")


class EmployeeCategory(models.Model):
    """A grouping of employees (e.g. "Managers", "Field staff") used for audiences and rights."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("employee category")
        verbose_name_plural = _("employee categories")
        ordering = ["name"]
        permissions = [("manage_employee_categories", _("Can manage employee categories"))]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """An employee. `role` decides the default rights; delegations add single rights."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        MODERATOR = "moderator", _("Moderator")
        EMPLOYEE = "employee", _("Employee")

    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.EMPLOYEE)
    employee_id = models.CharField(
        _("employee ID"), max_length=32, unique=True, null=True, blank=True
    )
    display_name = models.CharField(
        _("display name"),
        max_length=150,
        blank=True,
        help_text=_("How colleagues see you; your first and last name when empty."),
    )
    department = models.CharField(_("department"), max_length=100, blank=True, db_index=True)
    position = models.CharField(_("position"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    avatar = models.ImageField(_("avatar"), upload_to=avatar_path, blank=True)
    employee_category = models.ForeignKey(
        EmployeeCategory,
        verbose_name=_("employee category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    email_notifications = models.BooleanField(_("email copies of notifications"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "username"]
        permissions = [("manage_users", _("Can manage users"))]
        indexes = [
            models.Index(fields=["last_name", "first_name"], name="user_name_idx"),
            models.Index(fields=["is_active", "role"], name="user_active_role_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name shown to colleagues."""
        return self.display_name or self.get_full_name() or self.username

    def get_absolute_url(self) -> str:
        return reverse("accounts:person_detail", kwargs={"username": self.username})


class Message(models.Model):
    """A private message between two employees; only they can open it."""

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sender"),
        on_delete=models.CASCADE,
        related_name="sent_messages",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="received_messages",
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), max_length=20000)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replies",
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="message_inbox_idx"),
            models.Index(fields=["recipient", "read_at"], name="message_unread_idx"),
            models.Index(fields=["sender", "-created_at"], name="message_sent_idx"),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
