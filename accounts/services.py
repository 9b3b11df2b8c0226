"""Writes about people: registration, profile, password, internal messages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Message, User
from accounts.selectors import message_counterpart
from intrasphere.mail import mail_send
from intrasphere.services import audit_record, notification_send

if TYPE_CHECKING:
    from django.http import HttpRequest

PROFILE_FIELDS = frozenset(
    {
        "display_name",
        "first_name",
        "last_name",
        "email",
        "department",
        "position",
        "phone",
        "email_notifications",
    }
)


@transaction.atomic
def user_register(
    *,
    username: str,
    password: str,
    email: str,
    first_name: str,
    last_name: str,
    department: str = "",
    position: str = "",
    request: HttpRequest | None = None,
) -> User:
    """Create a self-registered account: always an active employee, never staff."""
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        department=department,
        position=position,
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
        kind="message",
        message=_("New message from %(name)s: %(subject)s")
        % {"name": sender.name, "subject": subject},
        url=reverse("messaging:detail", kwargs={"pk": message.pk}),
    )
    return message


def message_mark_read(*, message: Message, user: User) -> bool:
    """Mark the message read when its recipient opens it; True if it was unread."""
    if message.recipient_id != user.pk or message.read_at is not None:
        return False
    now = timezone.now()
    updated = Message.objects.filter(pk=message.pk, read_at__isnull=True).update(read_at=now)
    if updated:
        message.read_at = now
    return bool(updated)
