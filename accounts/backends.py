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
(`_global_rights`), so a request pays one query for the global rights.
Inactive users hold nothing (and cannot sign in: ModelBackend refuses them).
"""

from __future__ import annotations

from django.contrib.auth.backends import BaseBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, Value
from django.utils import timezone
from guardian.backends import ObjectPermissionBackend as GuardianObjectPermissionBackend

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "moderator": frozenset({"forum.validate_topics", "forum.validate_posts"}),
}


def _holds_nothing(user_obj) -> bool:
    return user_obj.is_anonymous or not user_obj.is_active


DJANGO_SOURCE, GRANT_SOURCE = "django", "grant"


def _global_rights(user_obj) -> dict[str, set[str]]:
    """The user's global rights by source, read together in one query per request: Django
    permissions (their own and their groups') and the global grants in force now."""
    if not hasattr(user_obj, "_global_rights_cache"):
        from accounts.models import PermissionGrant

        django_rows = (
            Permission.objects.filter(Q(user=user_obj) | Q(group__user=user_obj))
            .annotate(source=Value(DJANGO_SOURCE))
            .values_list("source", "content_type__app_label", "codename")
            .order_by()  # Permission's default order is not allowed inside a UNION
        )
        grant_rows = (
            PermissionGrant.objects.active()
            .filter(user_id=user_obj.pk, scope_type__isnull=True)
            .annotate(source=Value(GRANT_SOURCE))
            .values_list("source", "permission__content_type__app_label", "permission__codename")
            .order_by()
        )
        rights: dict[str, set[str]] = {DJANGO_SOURCE: set(), GRANT_SOURCE: set()}
        for source, app_label, codename in django_rows.union(grant_rows, all=True):
            rights[source].add(f"{app_label}.{codename}")
        user_obj._global_rights_cache = rights
    return user_obj._global_rights_cache


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
        from accounts.models import PermissionGrant

        now = timezone.now()
        scoped = PermissionGrant.objects.filter(
            user_id=user_obj.pk, scope_type__isnull=False, revoked_at__isnull=True
        ).values_list(
            "permission__content_type__app_label",
            "permission__codename",
            "scope_type_id",
            "scope_id",
            "expires_at",
        )
        lapsed, active = set(), set()
        for app_label, codename, type_id, object_id, expires_at in scoped:
            key = (_grant_perm_string(app_label, codename), type_id, object_id)
            (lapsed if expires_at is not None and expires_at <= now else active).add(key)
        user_obj._lapsed_grant_cache = lapsed - active
    return user_obj._lapsed_grant_cache


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
