"""Where a user's rights come from, and how delegated rights expire without any job.

Four sources, one authentication backend each (`settings.AUTHENTICATION_BACKENDS`):

1. **Role** (`RoleBackend`): administrators are superusers (Django answers yes to everything);
   moderators get the moderation rights of `ROLE_PERMISSIONS`; employees get nothing by default.
2. **Django permissions** (`ModelBackend`, Django's with the user's and the groups' permissions
   read in one query instead of two): `user_permissions` and groups, left for ops and tests.
3. **Global grants** (`GrantBackend`): an admin's `accounts.PermissionGrant` without a scope. The
   backend reads the grants in force *at the moment of the check* (`revoked_at` empty and
   `expires_at` empty or in the future), so an expired grant stops working on the next request
   without any scheduled job. Grants are never copied into `user_permissions`.
4. **Object rights** (`ObjectPermissionBackend`, a subclass of guardian's): guardian rows, from
   any domain (a training's instructor, a complaint's assignee…) and from scoped grants. A scoped
   grant writes its guardian row with `assign_perm` when it is given and removes it when it is
   revoked. When it *expires*, the row is still there, so this backend vetoes a guardian row that
   is backed by a lapsed grant (expired, not revoked) and by no grant in force. Lists that use
   `guardian.shortcuts.get_objects_for_user` directly should go through
   `accounts.selectors.objects_for_user`, which removes the objects of lapsed grants too.

Each backend caches its answer on the user object; sources 2 and 3 are read together
(`_global_rights`, two ORM queries) and kept in the shared cache per user until they can change:
any change of permissions, groups, memberships or grants bumps the "rights" generation (signals
in `accounts.apps`), and an entry lapses when its first grant expires. A request pays one cache
read, or the queries after a change. "A grant in force" is written once, in
`PermissionGrant.objects.active()` (`PermissionGrantQuerySet.in_force`).
Inactive users hold nothing (and cannot sign in: ModelBackend refuses them).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.contrib.auth.backends import BaseBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import BooleanField, ExpressionWrapper, Model, Q
from django.utils import timezone
from guardian.backends import ObjectPermissionBackend as GuardianObjectPermissionBackend

from intrasphere import caching

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "moderator": frozenset({"forum.validate_topics", "forum.validate_posts"}),
}


def _holds_nothing(user_obj) -> bool:
    return user_obj.is_anonymous or not user_obj.is_active


DJANGO_SOURCE, GRANT_SOURCE = "django", "grant"


RIGHTS_GENERATION = "rights"
# Changes bump the generation and expiries are checked on read; the TTL bounds what a process
# without a shared cache (several workers and no Redis: a misconfiguration) could keep.
RIGHTS_CACHE_TTL = 60  # seconds


def _read_global_rights(user_id: int, now: datetime) -> tuple[dict[str, set[str]], datetime | None]:
    """Both sources from the database (two queries), and when the first grant in force expires."""
    from accounts.models import PermissionGrant, User

    own = User.user_permissions.through.objects.filter(user_id=user_id).values("permission_id")
    of_groups = Group.permissions.through.objects.filter(group__user=user_id).values(
        "permission_id"
    )
    django_perms = Permission.objects.filter(Q(pk__in=own) | Q(pk__in=of_groups)).values_list(
        "content_type__app_label", "codename"
    )
    grants = (
        PermissionGrant.objects.active(now=now)
        .filter(user_id=user_id, scope_type__isnull=True)
        .values_list("permission__content_type__app_label", "permission__codename", "expires_at")
    )
    rights: dict[str, set[str]] = {
        DJANGO_SOURCE: {f"{app_label}.{codename}" for app_label, codename in django_perms},
        GRANT_SOURCE: set(),
    }
    expiries = []
    for app_label, codename, expires_at in grants:
        rights[GRANT_SOURCE].add(f"{app_label}.{codename}")
        if expires_at is not None:
            expiries.append(expires_at)
    return rights, min(expiries, default=None)


def _valid_entry(entry: Any, generation: int, now: datetime) -> bool:
    return entry is not None and entry[0] == generation and (entry[1] is None or now < entry[1])


def cached_rights(key: str, read: Callable[[datetime], tuple[Any, datetime | None]]) -> Any:
    """`read(now)` (the rights, and when the first grant behind them expires) kept in the shared
    cache under `key` while the "rights" generation is current and nothing has expired: one
    round trip reads the generation and the entry together."""
    now = timezone.now()
    generation_key = caching.generation_key(RIGHTS_GENERATION)
    found = cache.get_many([generation_key, key])
    generation, entry = found.get(generation_key, 0), found.get(key)
    if _valid_entry(entry, generation, now):
        return entry[2]
    rights, valid_until = read(now)
    cache.set(key, (generation, valid_until, rights), RIGHTS_CACHE_TTL)
    return rights


def _global_rights_key(user_obj) -> str:
    return f"rights:{user_obj.pk}"


def _global_rights(user_obj) -> dict[str, set[str]]:
    """The user's global rights by source: Django permissions (their own and their groups') and
    the global grants in force now (`PermissionGrant.objects.active()`).

    Kept on the user object for the request (as Django's backends keep theirs) and in the
    shared cache (`cached_rights`).
    """
    if not hasattr(user_obj, "_global_rights_cache"):
        user_obj._global_rights_cache = cached_rights(
            _global_rights_key(user_obj), lambda now: _read_global_rights(user_obj.pk, now)
        )
    return user_obj._global_rights_cache


def rights_changed(sender: type, **kwargs) -> None:
    """Signal receiver: a permission, group, membership or grant changed; cached rights lapse."""
    if "action" in kwargs and not kwargs["action"].startswith("post_"):
        return
    caching.bump({RIGHTS_GENERATION})


class ModelBackend(DjangoModelBackend):
    """Django's backend; its permission set is read with the grants' (`_global_rights`)."""

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if _holds_nothing(user_obj) or obj is not None:
            return set()
        if user_obj.is_superuser:
            return super().get_all_permissions(user_obj, obj)
        return _global_rights(user_obj)[DJANGO_SOURCE]


class RoleBackend(BaseBackend):
    """Global permissions implied by `user.role` (object-level rights come from guardian)."""

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if obj is not None or _holds_nothing(user_obj):
            return set()
        return set(ROLE_PERMISSIONS.get(getattr(user_obj, "role", ""), ()))

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return perm in self.get_all_permissions(user_obj, obj)


def _grant_perm_string(app_label: str, codename: str) -> str:
    return f"{app_label}.{codename}"


class GrantBackend(BaseBackend):
    """Global rights from `PermissionGrant` rows in force now (expiry needs no job)."""

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if obj is not None or _holds_nothing(user_obj):
            return set()
        return set(_global_rights(user_obj)[GRANT_SOURCE])

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return perm in self.get_all_permissions(user_obj, obj)


def lapsed_scoped_grants(user_obj) -> set[tuple[str, int, str]]:
    """(perm, content type id, object id) of the user's expired scoped grants not renewed."""
    if not hasattr(user_obj, "_lapsed_grant_cache"):
        from accounts.models import PermissionGrant, PermissionGrantQuerySet

        now = timezone.now()
        scoped = (
            PermissionGrant.objects.filter(
                user_id=user_obj.pk, scope_type__isnull=False, revoked_at__isnull=True
            )
            .annotate(
                in_force=ExpressionWrapper(
                    PermissionGrantQuerySet.in_force(now), output_field=BooleanField()
                )
            )
            .values_list(
                "permission__content_type__app_label",
                "permission__codename",
                "scope_type_id",
                "scope_id",
                "expires_at",
                "in_force",
            )
        )
        lapsed, active, next_expiry = set(), set(), None
        for app_label, codename, type_id, object_id, expires_at, in_force in scoped:
            key = (_grant_perm_string(app_label, codename), type_id, object_id)
            (active if in_force else lapsed).add(key)
            if in_force and expires_at is not None:
                next_expiry = expires_at if next_expiry is None else min(next_expiry, expires_at)
        user_obj._lapsed_grant_cache = lapsed - active
        user_obj._next_scoped_grant_expiry = next_expiry
    return user_obj._lapsed_grant_cache


def next_scoped_grant_expiry(user_obj) -> datetime | None:
    """When the first of the user's scoped grants in force expires (object rights change)."""
    lapsed_scoped_grants(user_obj)
    return user_obj._next_scoped_grant_expiry


class ObjectPermissionBackend(GuardianObjectPermissionBackend):
    """Guardian's object permissions, minus those whose only source is an expired grant."""

    def _vetoed(self, user_obj, obj: Model) -> set[str]:
        lapsed = lapsed_scoped_grants(user_obj)
        if not lapsed:
            return set()
        type_id = ContentType.objects.get_for_model(obj).pk
        return {
            perm
            for perm, lapsed_type, object_id in lapsed
            if lapsed_type == type_id and object_id == str(obj.pk)
        }

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        if obj is None or not super().has_perm(user_obj, perm, obj):
            return False
        if "." not in perm:
            perm = f"{ContentType.objects.get_for_model(obj).app_label}.{perm}"
        return perm not in self._vetoed(user_obj, obj)

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        perms = set(super().get_all_permissions(user_obj, obj))
        if not perms or obj is None:
            return perms
        vetoed = {perm.split(".", 1)[1] for perm in self._vetoed(user_obj, obj)}
        return perms - vetoed
