"""People: the custom user, employee categories and internal messages."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
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


class PortalUserManager(UserManager):
    """Usernames are case-insensitive: `Admin` signs in as `admin` (one account: the constraint
    below); `createsuperuser` makes an administrator by role as well as by flags."""

    def get_by_natural_key(self, username):
        """The exact spelling (its index) first, else the one account equal but for capitals."""
        if not username or len(username) > 150:  # the field's length; a LIKE that long fails
            raise self.model.DoesNotExist
        found = self.filter(username=username).first()
        return found if found is not None else self.get(username__iexact=username)

    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", User.Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


# What places a person in an audience (`accounts.audience`), and the date each was entered.
PLACEMENT_FIELDS = {"department": "department_since", "employee_category_id": "category_since"}


def placement_follow(user: "User", *, saved_fields=None, today=None) -> list[str]:
    """The one rule for entering a department or an employee category: when `user`'s
    department or category differs from what was read from the database, the matching
    ``*_since`` date becomes today (a new account's are left empty: since it joined).
    `saved_fields`: the `update_fields` of the save (None: all). Returns the date fields it
    set (`User.save()` calls it, so every writer follows)."""
    loaded = getattr(user, "_placement_loaded", None)
    if user._state.adding or loaded is None:
        return []
    saved = None if saved_fields is None else set(saved_fields)
    dated = []
    for name, since in PLACEMENT_FIELDS.items():
        if saved is not None and not {name, name.removesuffix("_id")} & saved:
            continue
        if name in loaded and loaded[name] != getattr(user, name):
            setattr(user, since, today or timezone.localdate())
            dated.append(since)
    return dated


MAX_REPORTING_DEPTH = 50  # a reporting line longer than this is refused as a cycle would be


def reporting_cycle_refusal(person: "User", manager_id: int | None) -> str | None:
    """Why `person` cannot report to `manager_id` (themselves, or someone who reports to them
    however indirectly); None when they can. Reads the manager's line up, one row a level."""
    if manager_id is None:
        return None
    if person.pk is not None and manager_id == person.pk:
        return gettext("A person cannot be their own manager.")
    seen, current = {person.pk}, manager_id
    for _level in range(MAX_REPORTING_DEPTH):
        if current is None:
            return None
        if current in seen:
            return gettext(
                "This manager already reports to %(name)s, directly or through others: "
                "a reporting line cannot go round in a circle."
            ) % {"name": person.name}
        seen.add(current)
        current = User.objects.filter(pk=current).values_list("manager_id", flat=True).first()
    return gettext("This reporting line is too long (more than %(levels)s levels).") % {
        "levels": MAX_REPORTING_DEPTH
    }


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
    # Set by `sync_directory`: the account follows the company directory (and is deactivated
    # when it leaves it). Empty for accounts made in the portal.
    directory_dn = models.CharField(
        _("directory entry"), max_length=512, blank=True, default="", editable=False
    )
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
    # The day the person entered their department / employee category (None: since they
    # joined). Kept by `save()` whenever either changes, however it changes (a user manager,
    # the admin, the import, the directory, single sign-on): a mandatory training's "N days
    # after entering the audience" counts from it.
    department_since = models.DateField(
        _("in this department since"), null=True, blank=True, editable=False
    )
    category_since = models.DateField(
        _("in this employee category since"), null=True, blank=True, editable=False
    )
    manager = models.ForeignKey(
        "self",
        verbose_name=_("manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="direct_reports",
        help_text=_("The person this one reports to."),
    )
    email_notifications = models.BooleanField(_("email copies of notifications"), default=False)
    invited_at = models.DateTimeField(
        _("invited at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the last invitation (a set-password link) was sent."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Set when the person was anonymised (accounts.services_privacy): the row stays, so that
    # what they wrote stays attached to "Former employee #N".
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)

    objects = PortalUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "username"]
        permissions = [
            ("manage_users", _("Can manage users")),
            ("handle_privacy_requests", _("Can handle personal data requests")),
        ]
        constraints = [
            models.UniqueConstraint(
                Lower("username"),
                name="user_username_ci_unique",
                violation_error_message=_(
                    "A user with that username already exists (usernames ignore capitals)."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["last_name", "first_name"], name="user_name_idx"),
            models.Index(fields=["is_active", "role"], name="user_active_role_idx"),
            # The directory's order, read and stopped at the page (people sharing a first and
            # last name were sorted by username after the index: ten times more at scale 10).
            models.Index(
                fields=["last_name", "first_name", "username"],
                name="user_directory_order_idx",
                condition=models.Q(is_active=True),
            ),
            # The administrators among every account (e.g. who may handle complaints).
            models.Index(
                fields=["id"], name="user_superuser_idx", condition=models.Q(is_superuser=True)
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        refusal = reporting_cycle_refusal(self, self.manager_id)
        if refusal:
            raise ValidationError({"manager": refusal})

    @classmethod
    def from_db(cls, db, field_names, values):
        """Remember the placement as read, so that `save()` sees a change of it."""
        instance = super().from_db(db, field_names, values)
        loaded = dict(zip(field_names, values, strict=False))
        instance._placement_loaded = {
            name: value for name, value in loaded.items() if name in PLACEMENT_FIELDS
        }
        # Who this person reported to as read: a change tells two managers' "My team" entry
        # (`accounts.selectors.team_changed`).
        instance._manager_loaded = loaded.get("manager_id")
        return instance

    def save(self, *args, **kwargs) -> None:
        """The role and the flags never disagree, however the account was made: an
        administrator is a superuser and staff, and a superuser is an administrator. A change
        of department or employee category dates the entry into it (`placement_follow`)."""
        if self.is_superuser and self.role != self.Role.ADMIN:
            self.role = self.Role.ADMIN
        if self.role == self.Role.ADMIN:
            self.is_superuser = self.is_staff = True
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"role", "is_superuser", "is_staff"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "role", "is_superuser", "is_staff"}
        update_fields = kwargs.get("update_fields")
        dated = placement_follow(self, saved_fields=update_fields)
        if update_fields is not None and dated:
            kwargs["update_fields"] = {*update_fields, *dated}
        super().save(*args, **kwargs)
        self._placement_remember(kwargs.get("update_fields"))
        if kwargs.get("update_fields") is None or "manager" in kwargs["update_fields"]:
            self._manager_loaded = self.manager_id

    def refresh_from_db(self, *args, **kwargs) -> None:
        super().refresh_from_db(*args, **kwargs)
        self._placement_remember(kwargs.get("fields"))

    def _placement_remember(self, fields=None) -> None:
        """What the database now holds of the placement (the fields just saved or read)."""
        deferred = self.get_deferred_fields()
        loaded = getattr(self, "_placement_loaded", {})
        for name in PLACEMENT_FIELDS:
            if name in deferred:
                continue
            if fields is None or {name, name.removesuffix("_id")} & set(fields):
                loaded[name] = getattr(self, name)
        self._placement_loaded = loaded

    @property
    def name(self) -> str:
        """The name shown to colleagues."""
        if self.anonymised_at is not None:
            return gettext("Former employee #%(number)s") % {"number": self.pk}
        return self.display_name or self.get_full_name() or self.username

    @property
    def name_with_username(self) -> str:
        """The name shown as the author of something to someone else: the username beside a
        chosen display name, so "Alice Admin" sent by eve cannot pass for the administrator."""
        return self.name if self.name == self.username else f"{self.name} (@{self.username})"

    def get_absolute_url(self) -> str:
        return reverse("accounts:person_detail", kwargs={"username": self.username})

    @property
    def account_state(self) -> str:
        """deactivated, invited (no password yet, link sent), active, or never_signed_in;
        the same rule as `accounts.selectors.managed_users(state=…)`."""
        if not self.is_active:
            return "deactivated"
        if self.invited_at and not self.has_usable_password():
            return "invited"
        return "active" if self.last_login else "never_signed_in"


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


class PermissionGrantQuerySet(models.QuerySet):
    """ "A grant in force" is written here once: the backends, the selectors and the services
    filter with `active()` (or the Q of `in_force`), and nothing else spells the rule."""

    @staticmethod
    def in_force(now=None) -> models.Q:
        """Not revoked and not expired at `now` (expiry needs no job)."""
        now = now or timezone.now()
        return models.Q(revoked_at__isnull=True) & (
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )

    def active(self, *, now=None) -> "PermissionGrantQuerySet":
        """Grants in force at `now`."""
        return self.filter(self.in_force(now))

    def lapsed(self, *, now=None) -> "PermissionGrantQuerySet":
        """Grants past their expiry that nobody revoked (neither in force nor revoked)."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__lte=now)


class PermissionGrant(models.Model):
    """One delegated right given by an admin: global, or scoped to one object (guardian).

    The row is the record of who granted what and when; it is never deleted, only revoked.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="permission_grants",
    )
    permission = models.ForeignKey(
        "auth.Permission", verbose_name=_("right"), on_delete=models.CASCADE, related_name="+"
    )
    scope_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("scope type"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    scope_id = models.CharField(_("scope id"), max_length=64, blank=True)
    scope_label = models.CharField(_("scope"), max_length=255, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PermissionGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("permission grant")
        verbose_name_plural = _("permission grants")
        ordering = ["-granted_at", "-id"]
        indexes = [
            models.Index(fields=["user", "revoked_at"], name="grant_user_idx"),
            models.Index(fields=["permission", "revoked_at"], name="grant_perm_idx"),
            models.Index(fields=["-granted_at"], name="grant_recent_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__isnull=True)
                | models.Q(expires_at__gt=models.F("granted_at")),
                name="grant_expiry_after_grant",
            ),
            models.CheckConstraint(
                condition=models.Q(scope_type__isnull=True, scope_id="")
                | models.Q(scope_type__isnull=False) & ~models.Q(scope_id=""),
                name="grant_scope_complete",
            ),
        ]

    def __str__(self) -> str:
        text = f"{self.perm} → {self.user.get_username()}"
        return f"{text} ({self.scope_label})" if self.scope_label else text

    @property
    def perm(self) -> str:
        """The "app_label.codename" string `has_perm` understands."""
        return f"{self.permission.content_type.app_label}.{self.permission.codename}"

    @property
    def is_scoped(self) -> bool:
        return self.scope_type_id is not None

    def status(self, now=None) -> str:
        now = now or timezone.now()
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= now:
            return "expired"
        return "active"


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, *, now=None) -> "ApiTokenQuerySet":
        """Tokens that still open the API: not revoked, not expired, their owner active."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)


class ApiToken(models.Model):
    """A personal access token for the REST API: acts as its owner, with the owner's rights.

    Only a SHA-256 digest of the secret is stored (the secret is long and random, so a slow
    hash adds nothing); the secret is shown once, when it is made. `prefix` is the first
    characters, kept so that people can tell their tokens apart.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    read_only = models.BooleanField(_("read-only"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="apitoken_owner_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def status(self, now=None) -> str:
        now = now or timezone.now()
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= now:
            return "expired"
        return "active"
