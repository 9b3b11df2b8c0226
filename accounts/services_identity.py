"""People as the company's identity systems describe them: matching, creating and updating an
account from an OpenID Connect provider's claims (and, later, the directory's attributes).

Every write is atomic with its audit entry. The actor is the system (`actor=None`, "system" in
the audit log) and the summary names the source. What a provider or the directory may set:
names, email and the HR fields (`IDENTITY_FIELDS`), and the moderator role when groups are
configured; never the administrator role, never an administrator's role, and never an
account's active state through a sign-in.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User, reporting_cycle_refusal
from intrasphere.services import audit_record

if TYPE_CHECKING:
    from django.http import HttpRequest

logger = logging.getLogger("intrasphere.identity")

IDENTITY_FIELDS = ("first_name", "last_name", "email", "department", "position", "employee_id")
DEFAULT_CLAIMS_MAP = {"given_name": "first_name", "family_name": "last_name", "email": "email"}
SSO = "single sign-on"
# A claim mapped to this names the person's manager by employee id (not a field of the account).
MANAGER_CLAIM_FIELD = "manager_employee_id"


def claims_map() -> dict[str, str]:
    """claim → field: the defaults and `OIDC_CLAIMS_MAP`; unknown fields are ignored (logged)."""
    mapping = {**DEFAULT_CLAIMS_MAP, **settings.OIDC_CLAIMS_MAP}
    known = (*IDENTITY_FIELDS, MANAGER_CLAIM_FIELD)
    unknown = {claim: field for claim, field in mapping.items() if field not in known}
    if unknown:
        logger.warning("OIDC_CLAIMS_MAP: fields that cannot be set are ignored: %s", unknown)
    return {claim: field for claim, field in mapping.items() if field in known}


def _claim_text(value: Any) -> str:
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    return "" if value is None else str(value).strip()


def fields_from_claims(claims: dict[str, Any]) -> dict[str, str]:
    """The account fields the claims give (only claims present; text, trimmed to fit)."""
    fields = {}
    for claim, field in claims_map().items():
        if claim in claims and field != MANAGER_CLAIM_FIELD:
            limit = User._meta.get_field(field).max_length
            fields[field] = _claim_text(claims[claim])[:limit]
    if "email" in fields and claims.get("email_verified") is False:
        del fields["email"]  # an address the provider has not verified is not taken
    return fields


def username_from_claims(claims: dict[str, Any]) -> str:
    return _claim_text(claims.get(settings.OIDC_USERNAME_CLAIM))


def users_matching(claims: dict[str, Any]):
    """The account named by the username claim (capitals ignored), else the one with the
    provider's verified email address."""
    username = username_from_claims(claims)
    users = User.objects.filter(username__iexact=username) if username else User.objects.none()
    if users.exists():
        exact = users.filter(username=username)
        return exact if exact.exists() else users
    email = _claim_text(claims.get("email"))
    if email and claims.get("email_verified") is True:
        return User.objects.filter(email__iexact=email)
    return User.objects.none()


def _role_from_groups(user: User, groups: Any) -> str | None:
    """The role the groups claim gives (moderator or employee), or None to leave it alone."""
    wanted = set(settings.OIDC_MODERATOR_GROUPS)
    if not wanted or user.is_superuser or user.role == User.Role.ADMIN:
        return None
    held = set(groups) if isinstance(groups, list | tuple) else {groups} if groups else set()
    # The plain value: the audit summary shows it with repr ('moderator', not User.Role.…).
    return (User.Role.MODERATOR if held & wanted else User.Role.EMPLOYEE).value


def _apply(user: User, fields: dict[str, str], source: str) -> dict[str, tuple[Any, Any]]:
    """Set the fields that differ and validate them one by one: a value the account cannot take
    (an employee id already used) is left out and logged, the others still apply."""
    changed = {}
    for name, value in fields.items():
        stored = value or None if name == "employee_id" else value
        before = getattr(user, name)
        if before == stored:
            continue
        setattr(user, name, stored)
        try:
            user.full_clean(exclude=[f for f in IDENTITY_FIELDS if f != name] + ["password"])
        except ValidationError as error:
            setattr(user, name, before)
            logger.warning("%s: %s of %s not updated: %s", source, name, user.username, error)
            continue
        changed[name] = (before, stored)
    return changed


def _username(user: User | None) -> str:
    return user.username if user is not None else ""


def _set_manager(user: User, manager: User | None, source: str) -> dict[str, tuple[Any, Any]]:
    """Set `user.manager` (not saved) unless it would close a reporting cycle (then logged and
    left alone); the change, or {}."""
    wanted = manager.pk if manager is not None else None
    if user.manager_id == wanted:
        return {}
    refusal = reporting_cycle_refusal(user, wanted)
    if refusal:
        logger.warning(
            "%s: manager of %s not set to %s: %s",
            source,
            user.username,
            _username(manager),
            refusal,
        )
        return {}
    before = _username(user.manager) if user.manager_id else ""
    user.manager = manager
    return {"manager": (before, _username(manager))}


def _manager_from_claims(user: User, claims: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """The manager the `manager_employee_id` claim names (empty: none); an unknown employee id
    or a cycle leaves the manager alone (logged)."""
    claim = next((c for c, f in claims_map().items() if f == MANAGER_CLAIM_FIELD), None)
    if claim is None or claim not in claims:
        return {}
    employee_id = _claim_text(claims[claim])
    manager = None
    if employee_id:
        manager = User.objects.filter(employee_id=employee_id).first()
        if manager is None:
            logger.warning(
                "%s: manager of %s not set: nobody has employee_id %r",
                SSO,
                user.username,
                employee_id,
            )
            return {}
    return _set_manager(user, manager, SSO)


def _summary(source: str, changed: dict[str, tuple[Any, Any]]) -> str:
    details = ", ".join(f"{name}: {old!r} → {new!r}" for name, (old, new) in changed.items())
    return f"{source}: {details}"


@transaction.atomic
def user_update_from_claims(
    *, user: User, claims: dict[str, Any], request: HttpRequest | None = None
) -> User:
    """Bring the account in line with the provider's claims; audited when anything changes."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    changed = _apply(locked, fields_from_claims(claims), SSO)
    changed.update(_manager_from_claims(locked, claims))
    role = _role_from_groups(locked, claims.get(settings.OIDC_GROUPS_CLAIM))
    if changed:
        locked.save()
        audit_record(
            actor=None,
            action="accounts.user.update",
            target=locked,
            summary=_summary(SSO, changed),
            request=request,
        )
    if role is not None and role != locked.role:
        before = locked.role
        locked.role = role
        locked.save(update_fields=["role", "updated_at"])
        audit_record(
            actor=None,
            action="accounts.user.role",
            target=locked,
            summary=f"{SSO} (groups): role: {before!r} → {role!r}",
            request=request,
        )
    return locked


@transaction.atomic
def user_create_from_claims(
    *, claims: dict[str, Any], request: HttpRequest | None = None
) -> User | None:
    """A new employee from the claims (`OIDC_CREATE_USERS`); None when the claims cannot make a
    valid account (the callback says so)."""
    username = username_from_claims(claims)[: User._meta.get_field("username").max_length]
    user = User(username=username, role=User.Role.EMPLOYEE)
    user.set_unusable_password()
    fields = fields_from_claims(claims)
    for name, value in fields.items():
        setattr(user, name, value or None if name == "employee_id" else value)
    try:
        user.full_clean()
    except ValidationError as error:
        logger.warning("%s: no account made for %r: %s", SSO, username, error)
        return None
    user.save()
    audit_record(
        actor=None,
        action="accounts.user.create",
        target=user,
        summary=f"{SSO}: role: employee",
        request=request,
    )
    manager = _manager_from_claims(user, claims)
    if manager:
        user.save(update_fields=["manager", "updated_at"])
        audit_record(
            actor=None,
            action="accounts.user.update",
            target=user,
            summary=_summary(SSO, manager),
            request=request,
        )
    role = _role_from_groups(user, claims.get(settings.OIDC_GROUPS_CLAIM))
    if role == User.Role.MODERATOR:
        user.role = role
        user.save(update_fields=["role", "updated_at"])
        audit_record(
            actor=None,
            action="accounts.user.role",
            target=user,
            summary=f"{SSO} (groups): role: 'employee' → 'moderator'",
            request=request,
        )
    return user


def refusal_record(*, user: User, request: HttpRequest | None = None) -> None:
    """A deactivated person came back through the provider: kept out, and written down."""
    audit_record(
        actor=None,
        action="accounts.sign_in.refused",
        target=user,
        summary=f"{SSO}: account deactivated",
        request=request,
    )


# --- The company directory (accounts.directory) -----------------------------------------------
DIRECTORY = "directory"


def _is_admin(user: User) -> bool:
    return user.is_superuser or user.role == User.Role.ADMIN


def _directory_role(user: User, entry) -> str | None:
    if not settings.LDAP_MODERATOR_GROUP_DN or _is_admin(user):
        return None
    return (User.Role.MODERATOR if entry.moderator else User.Role.EMPLOYEE).value


def _stored(name: str, value: str) -> Any:
    return value or None if name == "employee_id" else value


def directory_changes(user: User, entry) -> dict[str, tuple[Any, Any]]:
    """What the entry would change on the account (fields, role, the entry's DN)."""
    changes = {
        name: (getattr(user, name), _stored(name, value))
        for name, value in entry.fields.items()
        if getattr(user, name) != _stored(name, value)
    }
    role = _directory_role(user, entry)
    if role is not None and role != user.role:
        changes["role"] = (user.role, role)
    if user.directory_dn != entry.dn:
        changes["directory_dn"] = (user.directory_dn, entry.dn)
    return changes


@transaction.atomic
def user_update_from_directory(
    *, user: User, entry, request: HttpRequest | None = None, with_manager: bool = False
) -> User:
    """Bring a (non-administrator) account in line with its directory entry; audited.
    `with_manager` (sign-in): the manager too (`sync_directory` sets managers in a second pass,
    `directory_manager_set`)."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    if _is_admin(locked):
        return locked  # the directory never changes an administrator
    wanted = directory_changes(locked, entry)
    fields = {name: entry.fields[name] for name in wanted if name in entry.fields}
    changed = _apply(locked, fields, DIRECTORY)
    if "role" in wanted:
        locked.role = wanted["role"][1]
        changed["role"] = wanted["role"]
    if "directory_dn" in wanted:
        locked.directory_dn = entry.dn
    if with_manager and entry.manager_dn:
        manager = account_for_dn(entry.manager_dn)
        if manager is None:
            logger.warning(
                "%s: manager of %s unknown: %s", DIRECTORY, locked.username, entry.manager_dn
            )
        else:
            changed.update(_set_manager(locked, manager, DIRECTORY))
    if changed or "directory_dn" in wanted:
        locked.save()
    if changed:
        audit_record(
            actor=None,
            action="accounts.user.update",
            target=locked,
            summary=_summary(DIRECTORY, changed),
            request=request,
        )
    return locked


def directory_refusal(entry) -> str:
    """Why an entry cannot make an account ("" when it can)."""
    if not entry.username:
        return "no username in the entry"
    user = User(username=entry.username, role=User.Role.EMPLOYEE)
    for name, value in entry.fields.items():
        setattr(user, name, _stored(name, value))
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as error:
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
    return ""


@transaction.atomic
def user_create_from_directory(*, entry, request: HttpRequest | None = None) -> User | None:
    """A new employee from a directory entry; None when the entry cannot make one (logged)."""
    refusal = directory_refusal(entry)
    if refusal:
        logger.warning("%s: no account made for %r: %s", DIRECTORY, entry.username, refusal)
        return None
    role = _directory_role(User(role=User.Role.EMPLOYEE), entry) or User.Role.EMPLOYEE
    user = User(username=entry.username, role=role, directory_dn=entry.dn)
    for name, value in entry.fields.items():
        setattr(user, name, _stored(name, value))
    user.set_unusable_password()
    user.save()
    audit_record(
        actor=None,
        action="accounts.user.create",
        target=user,
        summary=f"{DIRECTORY}: role: {role}",
        request=request,
    )
    return user


def account_for_dn(dn: str) -> User | None:
    """The account synced from the directory entry `dn` (compared as the directory does:
    capitals and spaces around separators ignored)."""
    from accounts import directory

    exact = User.objects.filter(directory_dn__iexact=dn.strip()).order_by("pk").first()
    if exact is not None:
        return exact
    key = directory.dn_key(dn)
    candidates = User.objects.filter(directory_dn__icontains=directory.first_value(dn))
    return next(
        (u for u in candidates.order_by("pk") if directory.dn_key(u.directory_dn) == key), None
    )


@transaction.atomic
def directory_manager_set(*, user: User, manager: User, request: HttpRequest | None = None) -> str:
    """`user` reports to `manager`, as the directory says; audited. Why not ("" when done or
    already so): a reporting cycle, or an administrator (never changed by the directory)."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    if _is_admin(locked):
        return "administrator: never changed by the directory"
    refusal = reporting_cycle_refusal(locked, manager.pk)
    if refusal:
        return refusal
    changed = _set_manager(locked, manager, DIRECTORY)
    if changed:
        locked.save(update_fields=["manager", "updated_at"])
        audit_record(
            actor=None,
            action="accounts.user.update",
            target=locked,
            summary=_summary(DIRECTORY, changed),
            request=request,
        )
    return ""
