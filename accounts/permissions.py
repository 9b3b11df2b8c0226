"""The delegable rights and the checks of the /manage/ pages.

`DELEGABLE_RIGHTS` is the registry of the rights an admin may delegate (CONTRIBUTING.md,
"Permissions"). Each domain declares its codename in its model's `Meta.permissions`; a right whose
`Permission` row does not exist yet (its app has no model for it on this branch) is simply left out
of the forms and pages, so the registry can name every right up front.

`scope_model` names the model a grant may be limited to ("app_label.ModelName"): such a grant is a
django-guardian object permission on one object of that model (see `accounts/backends.py`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class DelegableRight:
    perm: str  # "app_label.codename"
    label: str | Promise
    scope_model: str | None = None  # "app_label.ModelName" when the right may be scoped

    @property
    def app_label(self) -> str:
        return self.perm.split(".")[0]

    @property
    def codename(self) -> str:
        return self.perm.split(".")[1]

    def scope_model_class(self) -> type[Model] | None:
        if not self.scope_model:
            return None
        try:
            return apps.get_model(self.scope_model)
        except LookupError:
            return None


DELEGABLE_RIGHTS: list[DelegableRight] = [
    DelegableRight("content.manage_announcements", _("Manage announcements")),
    DelegableRight("content.manage_documents", _("Manage documents")),
    DelegableRight("content.manage_events", _("Manage events")),
    DelegableRight("content.manage_content", _("Manage content pages")),
    DelegableRight("training.manage_trainings", _("Manage trainings"), "training.Training"),
    DelegableRight("forum.manage_forum", _("Manage the forum"), "forum.Category"),
    DelegableRight("forum.validate_topics", _("Validate forum topics"), "forum.Category"),
    DelegableRight("forum.validate_posts", _("Validate forum posts"), "forum.Category"),
    DelegableRight("complaints.manage_complaints", _("Manage complaints")),
    DelegableRight("complaints.handle_concerns", _("Handle reports of the reporting channel")),
    DelegableRight("accounts.manage_users", _("Manage users")),
    DelegableRight("accounts.handle_privacy_requests", _("Handle personal data requests")),
    DelegableRight("accounts.manage_employee_categories", _("Manage employee categories")),
]


def right_for(perm: str) -> DelegableRight | None:
    return next((right for right in DELEGABLE_RIGHTS if right.perm == perm), None)


def available_rights() -> list[tuple[DelegableRight, Permission]]:
    """The registry's rights whose Permission row exists, in registry order (one query)."""
    wanted = {(right.app_label, right.codename) for right in DELEGABLE_RIGHTS}
    found = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.select_related("content_type").filter(
            codename__in={codename for _app, codename in wanted}
        )
        if (p.content_type.app_label, p.codename) in wanted
    }
    return [
        (right, found[(right.app_label, right.codename)])
        for right in DELEGABLE_RIGHTS
        if (right.app_label, right.codename) in found
    ]


# --- Checks of the /manage/ pages (views and the nav use the same functions) ------------------


def can_manage_permissions(user) -> bool:
    """Only administrators grant, revoke and inspect rights."""
    return user.is_authenticated and user.is_superuser


def can_manage_users(user) -> bool:
    return user.is_authenticated and user.has_perm("accounts.manage_users")


def can_manage_categories(user) -> bool:
    return user.is_authenticated and user.has_perm("accounts.manage_employee_categories")


def can_change_role(user) -> bool:
    """Roles decide who is an administrator: only administrators change them."""
    return can_manage_permissions(user)


def can_edit_user(actor, target) -> bool:
    """User managers edit people, but only an administrator touches an administrator."""
    return can_manage_users(actor) and (actor.is_superuser or not target.is_superuser)


def ensure_can_edit_user(actor, target) -> None:
    if not can_edit_user(actor, target):
        raise PermissionDenied


PRIVACY_REQUESTS = "accounts.handle_privacy_requests"


def can_handle_privacy_requests(user) -> bool:
    """Export someone's data and anonymise people: administrators and the holders of the
    delegable right `accounts.handle_privacy_requests` (not `manage_users` alone)."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm(PRIVACY_REQUESTS))
    )


# --- Who may change what about a person ---------------------------------------------------------
# One rule, used by the manage pages, the services, invitations and the Django admin:
# HR data (department, position, employee id, category) is set by user managers, never by the
# person; the credentials (email, username, password state) of an account that holds a role or
# a right its manager does not hold are changed by administrators only, so a delegated user
# manager cannot take over a moderator's or complaint handler's account.
HR_FIELDS = frozenset({"department", "position", "employee_id", "employee_category"})
CREDENTIAL_FIELDS = frozenset({"email", "username", "password"})


def _rights_held(user) -> set[str]:
    """Every right `user` holds or would hold when active: global ones and object ones."""
    from guardian.models import UserObjectPermissionBase

    probe = type(user).objects.get(pk=user.pk)
    probe.is_active = True  # a deactivated account gets its rights back with activation
    held = set(probe.get_all_permissions())
    for model in apps.get_models():
        if issubclass(model, UserObjectPermissionBase) and not model._meta.abstract:
            rows = model.objects.filter(user_id=user.pk).values_list(
                "permission__content_type__app_label", "permission__codename"
            )
            held.update(f"{app_label}.{codename}" for app_label, codename in rows.distinct())
    return held


def credentials_refusal(actor, target) -> str | None:
    """Why `actor` may not change `target`'s email, username or password; None when they may.

    `actor=None` is the system (an operator's command)."""
    if actor is None or actor.is_superuser or target.pk is None:
        return None
    if target.is_superuser or target.role == "admin":
        return str(_("Only an administrator may change an administrator's sign-in details."))
    if target.role != "employee" and target.role != actor.role:
        return str(
            _(
                "%(user)s is a %(role)s: only an administrator may change their email, username "
                "or password."
            )
            % {"user": target.username, "role": target.get_role_display().lower()}
        )
    missing = sorted(right for right in _rights_held(target) if not actor.has_perm(right))
    if missing:
        return str(
            _(
                "%(user)s holds rights you do not hold (%(rights)s): only an administrator may "
                "change their email, username or password."
            )
            % {"user": target.username, "rights": ", ".join(missing)}
        )
    return None


def manages(user, person) -> bool:
    """`person` reports directly to `user` (their team: "My team", reminders)."""
    return person.manager_id is not None and person.manager_id == user.pk


def ensure_manages(user, person) -> None:
    if not manages(user, person):
        raise PermissionDenied(_("Only their manager can do this."))
