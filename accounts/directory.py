"""The company directory (LDAP / Active Directory): reading it, and signing in with its passwords.

- `read_people()` reads every person of `LDAP_USER_SEARCH_BASE` that `LDAP_USER_FILTER` matches
  (`%(user)s` as `*`), with the fields of `LDAP_ATTR_MAP` and membership of
  `LDAP_MODERATOR_GROUP_DN`; `DirectoryUnavailable` when the directory cannot be reached. It
  reads page by page (paged results, `LDAP_PAGE_SIZE` entries a page): Active Directory refuses
  more than 1000 entries to one plain search.
  `accounts.services_identity.directory_sync` compares it with the accounts.
- `DirectoryBackend` (django-auth-ldap) checks a password with the directory: the account is
  found ignoring capitals, made from the entry when missing, and brought in line with it
  through the same rule as the sync (audited). It holds no rights. When the directory cannot be
  reached the sign-in form says so (`request.directory_unreachable`) and local accounts
  (administrators) still sign in through the model backend, which is asked first.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import ldap
import ldap.dn
from django.conf import settings
from django_auth_ldap.backend import LDAPBackend, LDAPSettings
from django_auth_ldap.config import LDAPSearch
from ldap.controls import SimplePagedResultsControl

logger = logging.getLogger("intrasphere.directory")

DEFAULT_ATTR_MAP = {"givenName": "first_name", "sn": "last_name", "mail": "email"}
FIELDS = ("first_name", "last_name", "email", "department", "position", "employee_id")
AD_DISABLED = 0x2  # userAccountControl: ACCOUNTDISABLE


class DirectoryUnavailable(Exception):
    """The directory could not be reached or refused the portal's bind."""


def enabled() -> bool:
    return bool(settings.LDAP_SERVER_URI and settings.LDAP_USER_SEARCH_BASE)


def username_attribute() -> str:
    """The attribute `LDAP_USER_FILTER` compares with the username (uid, sAMAccountName…)."""
    found = re.search(r"\(([A-Za-z0-9-]+)=%\(user\)s\)", settings.LDAP_USER_FILTER)
    return found.group(1) if found else "uid"


def attr_map() -> dict[str, str]:
    """attribute (lower-case) → field, `LDAP_ATTR_MAP` added to the defaults."""
    mapping = {**DEFAULT_ATTR_MAP, **settings.LDAP_ATTR_MAP}
    return {attr.lower(): name for attr, name in mapping.items() if name in FIELDS}


@dataclass
class Entry:
    """One person as the directory describes them."""

    dn: str
    username: str
    fields: dict[str, str] = field(default_factory=dict)
    moderator: bool = False
    disabled: bool = False
    # The DN of the person's manager (`LDAP_MANAGER_ATTR`); None when the entry has none.
    manager_dn: str | None = None


def _text(values: list[bytes] | list[str] | None) -> str:
    """The first value (python-ldap gives bytes, django-auth-ldap str)."""
    if not values:
        return ""
    value = values[0]
    return (value.decode("utf-8", "replace") if isinstance(value, bytes) else value).strip()


def entry_from(dn: str, attrs: dict, moderator_dns: set[str] | None) -> Entry:
    attrs = {name.lower(): values for name, values in attrs.items()}
    fields = {name: _text(attrs.get(attr)) for attr, name in attr_map().items() if attr in attrs}
    control = _text(attrs.get("useraccountcontrol"))
    manager_attr = settings.LDAP_MANAGER_ATTR.lower()
    return Entry(
        dn=dn,
        username=_text(attrs.get(username_attribute().lower())),
        fields=fields,
        moderator=moderator_dns is not None and dn.lower() in moderator_dns,
        disabled=control.isdigit() and bool(int(control) & AD_DISABLED),
        manager_dn=(_text(attrs.get(manager_attr)) or None) if manager_attr else None,
    )


def first_value(dn: str) -> str:
    """The value of the DN's first part (`alice` in uid=alice,ou=people,…)."""
    try:
        return ldap.dn.str2dn(dn)[0][0][1]
    except (ldap.DECODING_ERROR, IndexError):
        return dn.split(",")[0].split("=")[-1].strip()


def dn_key(dn: str) -> str:
    """A DN compared as the directory does: capitals and spaces around separators ignored."""
    try:
        return ldap.dn.dn2str(ldap.dn.str2dn(dn)).casefold()
    except ldap.DECODING_ERROR:
        return dn.strip().casefold()


def _connect():
    connection = ldap.initialize(settings.LDAP_SERVER_URI)
    connection.set_option(ldap.OPT_REFERRALS, 0)
    connection.set_option(ldap.OPT_NETWORK_TIMEOUT, settings.LDAP_TIMEOUT)
    connection.set_option(ldap.OPT_TIMEOUT, settings.LDAP_TIMEOUT)
    if settings.LDAP_START_TLS:
        connection.start_tls_s()
    connection.simple_bind_s(settings.LDAP_BIND_DN, settings.LDAP_BIND_PASSWORD)
    return connection


def moderator_dns(connection) -> set[str] | None:
    """The members of `LDAP_MODERATOR_GROUP_DN` (lower-case DNs); None when it is not set."""
    group = settings.LDAP_MODERATOR_GROUP_DN
    if not group:
        return None
    found = connection.search_s(group, ldap.SCOPE_BASE, "(objectClass=*)", ["member"])
    members = {name.lower(): values for name, values in found[0][1].items()} if found else {}
    return {value.decode().lower() for value in members.get("member", [])}


def _pages(connection, base: str, query: str):
    """The entries of a subtree search, one page (`LDAP_PAGE_SIZE` entries) at a time."""
    control = SimplePagedResultsControl(True, size=settings.LDAP_PAGE_SIZE, cookie="")
    while True:
        message = connection.search_ext(base, ldap.SCOPE_SUBTREE, query, serverctrls=[control])
        _kind, found, _id, controls = connection.result3(message)
        yield found
        cookies = [
            answer.cookie
            for answer in controls
            if answer.controlType == SimplePagedResultsControl.controlType
        ]
        if not cookies or not cookies[0]:
            return
        control.cookie = cookies[0]


def read_people() -> list[Entry]:
    """Every person the filter matches; `DirectoryUnavailable` when it cannot be read."""
    query = settings.LDAP_USER_FILTER.replace("%(user)s", "*")
    people: list[Entry] = []
    try:
        connection = _connect()
        try:
            moderators = moderator_dns(connection)
            for page in _pages(connection, settings.LDAP_USER_SEARCH_BASE, query):
                people += [entry_from(dn, attrs, moderators) for dn, attrs in page if dn]
        finally:
            connection.unbind_s()
    except ldap.LDAPError as error:
        logger.warning("directory unreachable (%s): %s", settings.LDAP_SERVER_URI, error)
        raise DirectoryUnavailable(describe(error)) from error
    return people


def describe(error: ldap.LDAPError) -> str:
    detail = error.args[0] if error.args and isinstance(error.args[0], dict) else {}
    return str(detail.get("desc") or error)


def entry_for(ldap_user) -> Entry:
    """The `Entry` of a django-auth-ldap user (sign-in), with the moderator group read."""
    moderators = None
    if settings.LDAP_MODERATOR_GROUP_DN:
        try:
            moderators = moderator_dns(ldap_user.connection)
        except ldap.LDAPError as error:
            logger.warning("moderator group unreadable: %s", error)
    return entry_from(ldap_user.dn, ldap_user.attrs or {}, moderators)


class DirectoryBackend(LDAPBackend):
    """django-auth-ldap from the portal's LDAP_* settings; accounts written by our services."""

    @property
    def settings(self):
        if self._settings is None:
            self._settings = LDAPSettings(
                self.settings_prefix,
                {
                    "SERVER_URI": settings.LDAP_SERVER_URI,
                    "BIND_DN": settings.LDAP_BIND_DN,
                    "BIND_PASSWORD": settings.LDAP_BIND_PASSWORD,
                    "START_TLS": settings.LDAP_START_TLS,
                    "USER_SEARCH": LDAPSearch(
                        settings.LDAP_USER_SEARCH_BASE,
                        ldap.SCOPE_SUBTREE,
                        settings.LDAP_USER_FILTER,
                    ),
                    "CONNECTION_OPTIONS": {
                        ldap.OPT_NETWORK_TIMEOUT: settings.LDAP_TIMEOUT,
                        ldap.OPT_TIMEOUT: settings.LDAP_TIMEOUT,
                        ldap.OPT_REFERRALS: 0,
                    },
                    "ALWAYS_UPDATE_USER": False,  # services_identity does it, audited
                    "USER_ATTR_MAP": {},
                },
            )
        return self._settings

    @settings.setter
    def settings(self, value) -> None:
        self._settings = value

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not enabled() or username is None or password is None:
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None or not user.is_active:
            return user
        from accounts import services_identity

        updated = services_identity.user_update_from_directory(
            user=user, entry=entry_for(user.ldap_user), request=request, with_manager=True
        )
        updated.ldap_user = user.ldap_user
        return updated

    def get_or_build_user(self, username, ldap_user):
        from accounts import services_identity
        from accounts.models import User

        user = User.objects.filter(username__iexact=username).order_by("pk").first()
        if user is not None and (user.is_superuser or user.role == User.Role.ADMIN):
            # Administrators keep their portal password: a directory entry with the same name
            # (whoever controls it) never opens an administrator's account.
            raise ldap_user.AuthenticationFailed("administrators sign in with the portal password")
        if user is None:
            user = services_identity.user_create_from_directory(entry=entry_for(ldap_user))
        if user is None:
            raise ldap_user.AuthenticationFailed("the directory entry cannot make an account")
        return user, False

    def get_user(self, user_id):
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None

    def get_all_permissions(self, user, obj=None) -> set[str]:
        return set()

    def get_group_permissions(self, user, obj=None) -> set[str]:
        return set()

    def has_perm(self, user, perm, obj=None) -> bool:
        return False

    def has_module_perms(self, user, app_label) -> bool:
        return False


def on_ldap_error(sender, context: str, user=None, request=None, exception=None, **kwargs):
    """django-auth-ldap's `ldap_error` (connected in accounts.apps): the form tells the person."""
    logger.warning("directory error during %s: %s", context, exception)
    if request is not None:
        request.directory_unreachable = True
