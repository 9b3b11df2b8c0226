"""Writes about people: registration, profile, passwords, internal messages, roles, delegated
rights, accounts and employee categories.

Every function is atomic and writes its audit entry in the same transaction. Bad input raises a
`ValidationError` with a clear message before anything is saved.
"""

from __future__ import annotations

from datetime import datetime
from importlib import import_module
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.core import ObjectPermissionChecker
from guardian.models import UserObjectPermission
from guardian.shortcuts import assign_perm

from accounts.models import EmployeeCategory, Message, PermissionGrant, User
from accounts.permissions import CREDENTIAL_FIELDS, credentials_refusal, right_for
from accounts.selectors import message_counterpart
from intrasphere import unread
from intrasphere.mail import mail_send
from intrasphere.services import audit_record, notification_mark_read_about, notification_send

if TYPE_CHECKING:
    from django.http import HttpRequest

# What a person changes about themselves; never HR data (`permissions.HR_FIELDS`).
PROFILE_FIELDS = frozenset(
    {"display_name", "first_name", "last_name", "email", "phone", "email_notifications"}
)


@transaction.atomic
def user_register(
    *,
    username: str,
    password: str,
    email: str,
    first_name: str,
    last_name: str,
    request: HttpRequest | None = None,
) -> User:
    """Create a self-registered account: always an active employee, never staff, without HR
    data (a user manager sets department and position)."""
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=User.Role.EMPLOYEE,
        is_staff=False,
        is_superuser=False,
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        # Someone took the username between the form's check and this save.
        raise ValidationError(
            {"username": _("A user with that username already exists.")}, code="unique"
        ) from None
    audit_record(
        actor=user,
        action="accounts.user.register",
        target=user,
        summary=_("Self-registration"),
        request=request,
    )
    login_url = reverse("accounts:login")
    mail_send(
        to=[user.email],
        subject=_("Welcome to the portal, %(name)s") % {"name": user.name},
        template="emails/registration_welcome",
        context={
            "user": user,
            "login_url": request.build_absolute_uri(login_url) if request else login_url,
        },
    )
    return user


@transaction.atomic
def profile_update(
    *,
    user: User,
    changes: dict[str, Any],
    avatar_png: bytes | None = None,
    remove_avatar: bool = False,
    request: HttpRequest | None = None,
) -> User:
    """Save the owner's own details and, optionally, a new (already checked) avatar thumbnail."""
    unknown = set(changes) - PROFILE_FIELDS
    if unknown:
        raise ValueError(f"Not profile fields: {sorted(unknown)}")
    user = User.objects.select_for_update().get(pk=user.pk)
    changed = [name for name, value in changes.items() if getattr(user, name) != value]
    for name, value in changes.items():
        setattr(user, name, value)
    old_avatar = user.avatar.name if user.avatar else ""
    new_avatar = ""
    if avatar_png is not None:
        # The name comes from the field's upload_to: a generated path, never the user's.
        user.avatar.save("avatar.png", ContentFile(avatar_png), save=False)
        new_avatar = user.avatar.name
        changed.append("avatar")
    elif remove_avatar and old_avatar:
        user.avatar = ""
        changed.append("avatar")
    try:
        user.full_clean(exclude=["password", "avatar"])
        user.save()
    except Exception:
        if new_avatar:
            user.avatar.storage.delete(new_avatar)
        raise
    if old_avatar and "avatar" in changed:
        storage = user.avatar.storage
        transaction.on_commit(lambda: storage.delete(old_avatar))
    if changed:
        audit_record(
            actor=user,
            action="accounts.profile.update",
            target=user,
            summary=", ".join(sorted(set(changed))),
            request=request,
        )
    return user


@transaction.atomic
def user_password_change(*, user: User, password: str, request: HttpRequest | None = None) -> User:
    """Set a new password (already validated by the form). Other sessions end with it."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=user, action="accounts.password.change", target=user, request=request)
    return user


@transaction.atomic
def password_reset_record(*, user: User, request: HttpRequest | None = None) -> None:
    """Audit a password set through an emailed reset link (Django's form saved it)."""
    audit_record(actor=user, action="accounts.password.reset", target=user, request=request)


def sign_in_record(*, user: User, request: HttpRequest | None = None) -> None:
    """Audit a sign-in through the form, with its IP (kept PRIVACY_AUDIT_DAYS)."""
    audit_record(actor=user, action="accounts.sign_in", target=user, request=request)


def sign_in_failure_record(*, username: str, request: HttpRequest | None = None) -> None:
    """Audit a refused sign-in with its IP; the account is named only when it exists (a
    mistyped password in the username field is never kept)."""
    # NUL cannot be sent to PostgreSQL; such a name matches no account anyway.
    usable = username and "\x00" not in username
    account = User.objects.filter(username=username[:150]).first() if usable else None
    audit_record(
        actor=None,
        action="accounts.sign_in.failed",
        target=account,
        summary="" if account is not None else "unknown account",
        request=request,
    )


def _reply_subject(subject: str) -> str:
    prefix = "Re: "
    if subject.lower().startswith(prefix.lower()):
        return subject
    return (prefix + subject)[:200]


def message_reply_initial(*, message: Message, user: User) -> dict[str, str]:
    """Form values for a reply: to the other party, "Re: …" subject."""
    other = message_counterpart(message=message, user=user)
    return {"recipient": other.username, "subject": _reply_subject(message.subject)}


@transaction.atomic
def message_send(
    *,
    sender: User,
    recipient: User,
    subject: str,
    body: str,
    parent: Message | None = None,
    request: HttpRequest | None = None,
) -> Message:
    """Send a private message and notify the recipient."""
    if not recipient.is_active:
        raise ValidationError(
            _("%(name)s's account is deactivated: they cannot receive messages.")
            % {"name": recipient.name},
            code="inactive",
        )
    if recipient.pk == sender.pk:
        raise ValidationError(_("You cannot send a message to yourself."), code="self")
    if parent is not None and {sender.pk, recipient.pk} != {parent.sender_id, parent.recipient_id}:
        raise ValidationError(_("You can only reply to your own conversations."), code="parent")
    message = Message(sender=sender, recipient=recipient, subject=subject, body=body, parent=parent)
    message.full_clean()
    message.save()
    # Metadata only: the audit log must not expose private subjects or bodies.
    audit_record(
        actor=sender,
        action="accounts.message.send",
        summary=f"#{message.pk} → {recipient.get_username()}",
        request=request,
    )
    notification_send(
        recipients=[recipient],
        kind="accounts.message",
        params={"name": sender.name_with_username, "subject": subject},
        target=message,
        url=reverse("messaging:detail", kwargs={"pk": message.pk}),
        actor=sender,
    )
    return message


def message_mark_read(*, message: Message, user: User) -> bool:
    """Mark the message (and its notification) read when its recipient opens it; True if it
    was unread."""
    if message.recipient_id != user.pk:
        return False
    notification_mark_read_about(user=user, target=message)
    if message.read_at is not None:
        return False
    now = timezone.now()
    updated = Message.objects.filter(pk=message.pk, read_at__isnull=True).update(read_at=now)
    if updated:
        message.read_at = now
        unread.forget([user.pk])
    return bool(updated)


USER_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "display_name",
    "email",
    "employee_id",
    "department",
    "position",
    "phone",
    "employee_category",
    "manager",
)


def _ensure_admin(actor: User | None) -> None:
    """`actor=None` is the system: an operator running a management command without --actor
    (they hold the database anyway); the audit log names it "system", never a guessed person."""
    if actor is not None and not (actor.is_active and actor.is_superuser):
        raise PermissionDenied(_("Only administrators can do this."))


def _locked_user(user: User | None) -> User:
    """The user's row, locked for the rest of the transaction; a clear error if it is gone."""
    if user is None or user.pk is None:
        raise ValidationError(_("This user does not exist."))
    try:
        return User.objects.select_for_update().get(pk=user.pk)
    except User.DoesNotExist:
        raise ValidationError(_("This user does not exist.")) from None


def _diff(before: dict[str, Any], after: dict[str, Any]) -> str:
    return ", ".join(
        f"{name}: {before[name]!r} → {after[name]!r}"
        for name in after
        if before.get(name) != after[name]
    )


# --- Roles -------------------------------------------------------------------------------------


@transaction.atomic
def user_set_role(
    *, actor: User, user: User, role: str, request: HttpRequest | None = None
) -> User:
    """Change a role and keep `is_superuser`/`is_staff` in sync: only admins are either."""
    _ensure_admin(actor)
    if role not in User.Role.values:
        raise ValidationError(_("Unknown role “%(role)s”.") % {"role": role})
    locked = _locked_user(user)
    if locked.pk == actor.pk and role != User.Role.ADMIN:
        raise ValidationError(_("You cannot remove your own administrator role."))
    before = {"role": locked.role, "is_superuser": locked.is_superuser, "is_staff": locked.is_staff}
    is_admin = role == User.Role.ADMIN
    locked.role, locked.is_superuser, locked.is_staff = role, is_admin, is_admin
    locked.save(update_fields=["role", "is_superuser", "is_staff", "updated_at"])
    after = {"role": locked.role, "is_superuser": locked.is_superuser, "is_staff": locked.is_staff}
    if before != after:
        audit_record(
            actor=actor,
            action="accounts.user.role",
            target=locked,
            summary=_diff(before, after),
            request=request,
        )
    return locked


# --- Delegated rights ------------------------------------------------------------------------


def _permission_for(codename: str) -> Permission:
    right = right_for(codename)
    if right is None:
        raise ValidationError(
            _("“%(right)s” is not a right that can be delegated.") % {"right": codename}
        )
    try:
        return Permission.objects.select_related("content_type").get(
            content_type__app_label=right.app_label, codename=right.codename
        )
    except Permission.DoesNotExist:
        raise ValidationError(
            _("The right “%(right)s” does not exist in this installation.") % {"right": codename}
        ) from None


@transaction.atomic
def permission_grant(
    *,
    actor: User | None,
    user: User,
    codename: str,
    expires_at: datetime | None = None,
    scope: models.Model | None = None,
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> PermissionGrant:
    """Delegate one right ("app_label.codename") to `user`, globally or on one object.

    A scoped grant is a guardian object permission (`assign_perm`) recorded by the grant; see
    `accounts/backends.py` for how expiry is enforced.
    """
    _ensure_admin(actor)
    now = now or timezone.now()
    permission = _permission_for(codename)
    right = right_for(codename)
    locked = _locked_user(user)
    if not locked.is_active:
        raise ValidationError(
            _("%(user)s is deactivated: activate the account first.") % {"user": locked}
        )
    if expires_at is not None and expires_at <= now:
        raise ValidationError(_("The expiry date must be in the future."))
    if locked.is_superuser:
        raise ValidationError(
            _("%(user)s is an administrator and already holds every right.") % {"user": locked}
        )

    active = PermissionGrant.objects.active(now=now).filter(user=locked, permission=permission)
    if scope is None:
        if codename in _role_perms(locked):
            raise ValidationError(
                _("%(user)s already holds this right through their role.") % {"user": locked}
            )
        if active.filter(scope_type__isnull=True).exists():
            raise ValidationError(_("%(user)s already holds this right.") % {"user": locked})
        scope_type, scope_id, scope_label = None, "", ""
    else:
        model = right.scope_model_class()
        if model is None or not isinstance(scope, model) or scope.pk is None:
            raise ValidationError(_("This right cannot be limited to that object."))
        scope_type = ContentType.objects.get_for_model(scope)
        scope_id, scope_label = str(scope.pk), str(scope)[:255]
        if active.filter(scope_type=scope_type, scope_id=scope_id).exists():
            raise ValidationError(
                _("%(user)s already holds this right on %(object)s.")
                % {"user": locked, "object": scope_label}
            )
        previous = PermissionGrant.objects.filter(
            user=locked, permission=permission, scope_type=scope_type, scope_id=scope_id
        )
        if not previous.exists() and ObjectPermissionChecker(locked).has_perm(
            permission.codename, scope
        ):
            raise ValidationError(
                _("%(user)s already holds this right on %(object)s by another route.")
                % {"user": locked, "object": scope_label}
            )
        assign_perm(permission, locked, scope)

    grant = PermissionGrant(
        user=locked,
        permission=permission,
        scope_type=scope_type,
        scope_id=scope_id,
        scope_label=scope_label,
        granted_by=actor,
        granted_at=now,
        expires_at=expires_at,
    )
    grant.full_clean(exclude=["granted_by"] if actor is None else None)  # None: the system
    grant.save()
    summary = f"{codename}"
    if scope_label:
        summary += f" on {scope_label}"
    if expires_at:
        summary += f" until {expires_at.isoformat()}"
    audit_record(
        actor=actor,
        action="accounts.permission.grant",
        target=grant,
        summary=summary,
        request=request,
    )
    _right_notify(grant=grant, granted=True, actor=actor)
    return grant


def _right_notify(*, grant: PermissionGrant, granted: bool, actor: User | None) -> None:
    """Tell the person they received or lost a right (in the transaction of the change)."""
    kind = "accounts.right_granted" if granted else "accounts.right_revoked"
    params = {"right": grant.perm}
    if grant.scope_label:
        kind += "_on"
        params["object"] = grant.scope_label
    notification_send(
        recipients=[grant.user],
        kind=kind,
        params=params,
        target=grant,
        url=reverse("accounts:profile"),
        actor=actor,
    )


def _role_perms(user: User) -> frozenset[str]:
    from accounts.backends import ROLE_PERMISSIONS

    return ROLE_PERMISSIONS.get(user.role, frozenset())


@transaction.atomic
def permission_revoke(
    *, actor: User | None, grant: PermissionGrant, request: HttpRequest | None = None
) -> PermissionGrant:
    """End a grant now (also an expired one); a scoped grant loses its guardian row."""
    _ensure_admin(actor)
    try:
        locked = (
            PermissionGrant.objects.select_for_update(of=("self",))
            .select_related("permission__content_type", "user", "scope_type")
            .get(pk=grant.pk)
        )
    except PermissionGrant.DoesNotExist:
        raise ValidationError(_("This grant does not exist.")) from None
    if locked.revoked_at is not None:
        raise ValidationError(_("This grant was already revoked."))
    locked.revoked_at = timezone.now()
    locked.revoked_by = actor
    locked.save(update_fields=["revoked_at", "revoked_by"])
    if locked.is_scoped:
        # By filter rather than remove_perm: the scoped object may have been deleted since.
        UserObjectPermission.objects.filter(
            user=locked.user,
            permission=locked.permission,
            content_type=locked.scope_type,
            object_pk=locked.scope_id,
        ).delete()
    audit_record(
        actor=actor,
        action="accounts.permission.revoke",
        target=locked,
        summary=f"{locked.perm}" + (f" on {locked.scope_label}" if locked.scope_label else ""),
        request=request,
    )
    _right_notify(grant=locked, granted=False, actor=actor)
    return locked


# --- Accounts -------------------------------------------------------------------------------


def user_sessions_end(*, user: User) -> int:
    """Delete every session of `user` through the session engine (cache and database).

    Sessions do not index their user, so this decodes the unexpired ones: fine for an intranet's
    few thousand sessions. Even before this runs, an inactive user is anonymous on their next
    request (ModelBackend.get_user refuses inactive accounts).
    """
    engine = import_module(settings.SESSION_ENGINE)
    ended = 0
    live = Session.objects.filter(expire_date__gt=timezone.now()).iterator(chunk_size=500)
    for session in live:
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            engine.SessionStore(session_key=session.session_key).delete()
            ended += 1
    return ended


@transaction.atomic
def user_deactivate(*, actor: User | None, user: User, request: HttpRequest | None = None) -> User:
    """Deactivate an account and sign its user out of every session at once."""
    locked = _locked_user(user)
    if actor is not None and locked.pk == actor.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    if locked.is_superuser and actor is not None and not actor.is_superuser:
        raise PermissionDenied(_("Only administrators can deactivate an administrator."))
    if not locked.is_active:
        raise ValidationError(_("%(user)s is already deactivated.") % {"user": locked})
    locked.is_active = False
    locked.save(update_fields=["is_active", "updated_at"])
    ended = user_sessions_end(user=locked)
    audit_record(
        actor=actor,
        action="accounts.user.deactivate",
        target=locked,
        summary=f"sessions ended: {ended}",
        request=request,
    )
    return locked


@transaction.atomic
def user_activate(*, actor: User, user: User, request: HttpRequest | None = None) -> User:
    locked = _locked_user(user)
    if locked.is_superuser and not actor.is_superuser:
        raise PermissionDenied(_("Only administrators can activate an administrator."))
    if locked.is_active:
        raise ValidationError(_("%(user)s is already active.") % {"user": locked})
    locked.is_active = True
    locked.save(update_fields=["is_active", "updated_at"])
    audit_record(actor=actor, action="accounts.user.activate", target=locked, request=request)
    return locked


@transaction.atomic
def user_create(
    *,
    actor: User,
    password: str | None = None,
    role: str = User.Role.EMPLOYEE,
    request: HttpRequest | None = None,
    **fields: Any,
) -> User:
    """Create an account; a role other than employee needs an administrator."""
    unknown = set(fields) - set(USER_FIELDS)
    if unknown:
        raise ValueError(f"unknown user fields: {sorted(unknown)}")
    if role != User.Role.EMPLOYEE:
        _ensure_admin(actor)
    is_admin = role == User.Role.ADMIN
    user = User(**fields, role=role, is_superuser=is_admin, is_staff=is_admin)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.employee_id = user.employee_id or None
    user.full_clean()
    user.save()
    audit_record(
        actor=actor,
        action="accounts.user.create",
        target=user,
        summary=f"role: {role}",
        request=request,
    )
    return user


@transaction.atomic
def user_update(
    *,
    actor: User,
    user: User,
    changes: dict[str, Any],
    role: str | None = None,
    request: HttpRequest | None = None,
) -> User:
    """Change profile fields of an account, and its role when `role` is given (admins only)."""
    unknown = set(changes) - set(USER_FIELDS)
    if unknown:
        raise ValueError(f"unknown user fields: {sorted(unknown)}")
    locked = _locked_user(user)
    if locked.is_superuser and not actor.is_superuser:
        raise PermissionDenied(_("Only administrators can edit an administrator."))
    touched = [n for n in CREDENTIAL_FIELDS & set(changes) if changes[n] != getattr(locked, n)]
    refusal = credentials_refusal(actor, locked) if touched else None
    if refusal:
        raise ValidationError(refusal)
    before = {name: getattr(locked, name) for name in changes}
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.employee_id = locked.employee_id or None
    locked.full_clean()
    locked.save()
    diff = _diff(
        {k: str(v) if isinstance(v, models.Model) else v for k, v in before.items()},
        {k: str(v) if isinstance(v, models.Model) else v for k, v in changes.items()},
    )
    if diff:
        audit_record(
            actor=actor, action="accounts.user.update", target=locked, summary=diff, request=request
        )
    if role is not None and role != locked.role:
        locked = user_set_role(actor=actor, user=locked, role=role, request=request)
    return locked


# --- Employee categories ---------------------------------------------------------------------


@transaction.atomic
def employee_category_create(
    *, actor: User, name: str, description: str = "", request: HttpRequest | None = None
) -> EmployeeCategory:
    category = EmployeeCategory(name=name.strip(), description=description.strip())
    category.full_clean()
    category.save()
    audit_record(actor=actor, action="accounts.category.create", target=category, request=request)
    return category


@transaction.atomic
def employee_category_update(
    *,
    actor: User,
    category: EmployeeCategory,
    name: str,
    description: str = "",
    request: HttpRequest | None = None,
) -> EmployeeCategory:
    locked = EmployeeCategory.objects.select_for_update().get(pk=category.pk)
    before = {"name": locked.name, "description": locked.description}
    locked.name, locked.description = name.strip(), description.strip()
    locked.full_clean()
    locked.save()
    after = {"name": locked.name, "description": locked.description}
    diff = _diff(before, after)
    if diff:
        audit_record(
            actor=actor,
            action="accounts.category.update",
            target=locked,
            summary=diff,
            request=request,
        )
    return locked


@transaction.atomic
def employee_category_delete(
    *, actor: User, category: EmployeeCategory, request: HttpRequest | None = None
) -> None:
    """Delete a category; its members simply lose it (the audit entry keeps its name)."""
    members = category.members.count()
    audit_record(
        actor=actor,
        action="accounts.category.delete",
        target=category,
        summary=f"members: {members}",
        request=request,
    )
    category.delete()
