"""Personal data of one person: their export (GDPR Art. 15/20) and their anonymisation.

Anonymisation is the only way to remove a person: the account row stays (what they wrote stays
attached to "Former employee #N"), everything that identifies them is cleared, the rows the
policy says are deleted (`<app>/personal_data.py`), and every text column is rewritten where it
holds their username, name or email (`intrasphere.privacy.rewrite_text`). One transaction.
"""

from __future__ import annotations

from datetime import timedelta
from typing import IO, TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import can_handle_privacy_requests
from accounts.services import user_sessions_end
from intrasphere import caching, privacy
from intrasphere.services import audit_record

if TYPE_CHECKING:
    from django.http import HttpRequest

PLACEHOLDER_NAME = "Former employee #{pk}"
PLACEHOLDER_USERNAME = "former-{pk}"


def _identity(user: User) -> list[str]:
    return [
        user.email,
        user.username,
        user.get_full_name(),
        f"{user.last_name} {user.first_name}",
        user.display_name,
    ]


def replacements_for(user: User) -> list[tuple[str, str]]:
    """(old, new) pairs for the text columns: emails and usernames become the placeholder
    username, names the placeholder name; longest first."""
    name = PLACEHOLDER_NAME.format(pk=user.pk)
    username = PLACEHOLDER_USERNAME.format(pk=user.pk)
    technical = {(user.email or "").lower(), user.username.lower()}
    removed = {(user.phone or "").lower(), (user.employee_id or "").lower()}
    # A plain-word username is still removed where it is a mention ("@marie").
    pairs = [(f"@{user.username}", f"@{username}")] if user.username.isalpha() else []
    for needle in privacy.needles([*_identity(user), user.phone, user.employee_id or ""]):
        if needle.lower() in technical:
            pairs.append((needle, username))
        elif needle.lower() in removed:
            pairs.append((needle, "[removed]"))
        else:
            pairs.append((needle, name))
    return pairs


def _ensure_may_anonymise(actor: User | None, user: User) -> None:
    if actor is not None and not can_handle_privacy_requests(actor):
        raise PermissionDenied(
            _("Only administrators and people handling personal data requests can anonymise.")
        )
    if actor is not None and actor.pk == user.pk:
        raise ValidationError(_("You cannot anonymise your own account."))
    if user.anonymised_at is not None:
        raise ValidationError(_("This person is already anonymised."))
    if user.is_superuser:
        others = User.objects.filter(is_superuser=True, is_active=True).exclude(pk=user.pk)
        if not others.exists():
            raise ValidationError(_("The last active administrator cannot be anonymised."))
        if actor is not None and not actor.is_superuser:
            raise PermissionDenied(_("Only administrators can anonymise an administrator."))


@transaction.atomic
def person_anonymise(
    *, actor: User | None, user: User, reason: str, request: HttpRequest | None = None
) -> dict[str, int]:
    """Anonymise `user` for good; returns the rows deleted or cleared per relation."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for the anonymisation."))
    if user is None or user.pk is None:
        raise ValidationError(_("This user does not exist."))
    try:
        locked = User.objects.select_for_update().get(pk=user.pk)
    except User.DoesNotExist:
        raise ValidationError(_("This user does not exist.")) from None
    _ensure_may_anonymise(actor, locked)
    replacements = replacements_for(locked)
    avatar = locked.avatar.name if locked.avatar else ""
    storage = locked.avatar.storage

    user_sessions_end(user=locked)
    counts = privacy.apply_rules(user=locked)
    locked.groups.clear()
    locked.user_permissions.clear()
    locked.username = PLACEHOLDER_USERNAME.format(pk=locked.pk)
    for name in ("first_name", "last_name", "display_name", "email", "phone"):
        setattr(locked, name, "")
    for name in ("department", "position"):
        setattr(locked, name, "")
    locked.employee_id = None
    locked.directory_dn = ""
    locked.avatar = ""
    locked.employee_category = None
    locked.email_notifications = False
    locked.is_active = locked.is_staff = locked.is_superuser = False
    locked.role = User.Role.EMPLOYEE
    locked.last_login = None
    locked.anonymised_at = timezone.now()
    locked.set_unusable_password()
    locked.save()
    for function in privacy.discover().anonymisers:
        function(user=locked, replacements=replacements)
    counts["text"] = privacy.rewrite_text(replacements)
    for old, new in replacements:
        reason = reason.replace(old, new)
    audit_record(
        actor=actor,
        action="accounts.user.anonymise",
        target=locked,
        summary=f"reason: {reason}",
        request=request,
    )
    if avatar:
        transaction.on_commit(lambda: storage.delete(avatar))
    caching.bump({*caching.tracked_models(), "rights"})
    return counts


class PersonDeleteRefused(ProtectedError):
    """Deleting a person would cascade into other people's data (their side of conversations,
    counters, certificates) and leave no audit entry: people are anonymised instead."""


def refuse_person_delete(sender, instance: User, **kwargs) -> None:
    """pre_delete receiver: no person is ever deleted, from the admin, a shell or a cascade."""
    raise PersonDeleteRefused(
        _(
            "People are not deleted: anonymise %(name)s instead (Django admin → Delete, or "
            "manage.py anonymise_person)."
        )
        % {"name": instance.username},
        [instance],
    )


def people_due_for_anonymisation(*, now=None):
    """Deactivated, not yet anonymised, last changed more than PRIVACY_ANONYMISE_AFTER_DAYS
    ago (0: never)."""
    days = settings.PRIVACY_ANONYMISE_AFTER_DAYS
    if not days:
        return User.objects.none()
    cutoff = (now or timezone.now()) - timedelta(days=days)
    return User.objects.filter(is_active=False, anonymised_at__isnull=True, updated_at__lt=cutoff)


def anonymise_due(*, now=None) -> int:
    """Anonymise every deactivated person past the period, one transaction each."""
    done = 0
    for user in people_due_for_anonymisation(now=now).order_by("pk").iterator(chunk_size=100):
        try:
            person_anonymise(actor=None, user=user, reason="retention: deactivated past the period")
        except ValidationError:  # e.g. the last administrator: left for a person to decide
            continue
        done += 1
    return done


def person_export(
    *, actor: User | None, user: User, target: IO[bytes], reason: str = "", request=None
) -> dict[str, int]:
    """Write `user`'s data as a zip to `target` (the person themself, or a privacy handler with a
    reason); audited."""
    if actor is not None and actor.pk != user.pk:
        if not can_handle_privacy_requests(actor):
            raise PermissionDenied(
                _("Only the person or someone handling personal data requests can export it.")
            )
        if not reason.strip():
            raise ValidationError(_("Give the reason for exporting another person's data."))
    index = _(
        "Your personal data in %(site)s, exported on %(date)s.\n"
        "data.json holds one list per kind of record; files/ holds the files you uploaded."
    ) % {"site": "IntraSphere", "date": timezone.now().date().isoformat()}
    counts = privacy.write_export(user=user, target=target, index_text=index)
    audit_record(
        actor=actor,
        action="accounts.user.export",
        target=user,
        summary=f"reason: {reason.strip()}"
        if reason.strip()
        else ("own data" if actor is not None and actor.pk == user.pk else "no reason given"),
        request=request,
    )
    return counts
