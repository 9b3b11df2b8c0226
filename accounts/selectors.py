"""Reads about people."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Model, Q, QuerySet
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.backends import (
    ROLE_PERMISSIONS,
)
from accounts.models import (
    MAX_REPORTING_DEPTH,
    EmployeeCategory,
    Message,
    PermissionGrant,
    User,
)
from intrasphere import caching, unread
from intrasphere.models import AuditLog
from intrasphere.search import SearchGroup, SearchHit, text_search
from intrasphere.unread import unread_counts


def active_people() -> QuerySet[User]:
    return User.objects.filter(is_active=True).select_related("employee_category")


def people_directory(*, query: str = "", department: str = "") -> QuerySet[User]:
    people = active_people()
    if query:
        for word in query.split()[:5]:
            people = people.filter(
                Q(username__icontains=word)
                | Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(display_name__icontains=word)
                | Q(position__icontains=word)
                | Q(department__icontains=word)
            )
    if department:
        people = people.filter(department=department)
    return people.order_by("last_name", "first_name", "username")


def people_count(*, department: str = "") -> int:
    """The number of rows of `people_directory` without a query, shared until an account
    changes (counting 100,000 people at every view grows with them)."""
    return caching.shared_value(
        "people_count",
        vary=(department,),
        compute=lambda: people_directory(department=department).count(),
    )


def directory_audience() -> tuple[()]:
    """What the directory's body depends on about the viewer: nothing. Every signed-in employee
    sees the same active people (`people_directory` takes no viewer) and the page has no button
    that depends on a right."""
    return ()


def person_get(*, username: str) -> User:
    """An active colleague by username, or 404."""
    person = active_people().filter(username=username).first()
    if person is None:
        raise Http404(_("No one by this name."))
    return person


def profile_get(*, user: User) -> User:
    """A fresh copy of the signed-in user's own row, for editing."""
    return User.objects.select_related("employee_category").get(pk=user.pk)


def departments() -> list[str]:
    """Departments of active people (directory filter, audiences): a DISTINCT over every
    account, shared until a user is saved."""
    return caching.shared_value(
        "departments",
        vary=(),
        compute=lambda: list(
            User.objects.filter(is_active=True)
            .exclude(department="")
            .order_by("department")
            .values_list("department", flat=True)
            .distinct()
        ),
    )


def search_groups(*, user: User, query: str, language: str) -> list[SearchGroup]:
    """Active colleagues: the same for every viewer (shared per query and language)."""
    return [
        SearchGroup(
            key="people",
            label=_("People"),
            rows=lambda: text_search(
                active_people(),
                query,
                ["username", "first_name", "last_name", "display_name", "department", "position"],
                language=language,
            ),
            shared=(query, language),
            to_hit=lambda person: SearchHit(
                title=person.name,
                url=person.get_absolute_url(),
                meta=" · ".join(filter(None, [person.position, person.department])),
            ),
        )
    ]


def message_inbox(*, user: User) -> QuerySet[Message]:
    return (
        Message.objects.filter(recipient=user)
        .select_related("sender")
        .order_by("-created_at", "-id")
    )


def message_sent(*, user: User) -> QuerySet[Message]:
    return (
        Message.objects.filter(sender=user)
        .select_related("recipient")
        .order_by("-created_at", "-id")
    )


def message_get(*, user: User, pk: int) -> Message:
    """A message its sender or recipient may open; 404 for anyone else (ids leak nothing)."""
    message = (
        Message.objects.filter(Q(sender=user) | Q(recipient=user), pk=pk)
        .select_related("sender", "recipient", "parent")
        .first()
    )
    if message is None:
        raise Http404(_("No such message."))
    return message


def message_counterpart(*, message: Message, user: User) -> User:
    """The other party of a conversation, seen from `user`."""
    return message.sender if message.recipient_id == user.pk else message.recipient


# --- Delegated rights, users and the audit log (the /manage/ pages) ---------------------------


def object_rights(user: User, model: type[Model]) -> dict[int, frozenset[str]]:
    """Every object right `user` holds on `model` objects (own guardian rows and their groups'),
    minus those backed only by an expired scoped grant: {object pk: {"app.codename", …}}.

    Kept on the user object for the rest of the request, so a page can ask "may I moderate
    this?" for every row and "which ones do I moderate?" for its list without a guardian query
    each time, and in the shared cache with the global rights (`accounts.backends.cached_rights`:
    any guardian row, membership or grant change bumps the "rights" generation; a scoped grant's
    expiry ends the entry). Global rights are not included: callers ask `user.has_perm(perm)`
    first.
    """
    memo = user.__dict__.setdefault("_object_rights_cache", {})
    if model not in memo:
        if user.is_authenticated and user.is_active:
            from accounts.backends import cached_rights

            memo[model] = cached_rights(
                _object_rights_key(user, model), lambda now: _read_object_rights(user, model)
            )
        else:
            memo[model] = {}
    return memo[model]


def _object_rights_key(user: User, model: type[Model]) -> str:
    return f"object-rights:{user.pk}:{model._meta.label}"


def _read_object_rights(
    user: User, model: type[Model]
) -> tuple[dict[int, frozenset[str]], datetime | None]:
    """`object_rights` from the database, and when a scoped grant behind them next expires."""
    from guardian.utils import get_group_obj_perms_model, get_user_obj_perms_model

    from accounts.backends import lapsed_scoped_grants, next_scoped_grant_expiry

    content_type = ContentType.objects.get_for_model(model)
    type_id = content_type.pk
    # Own guardian rows and the groups' in one query; the object's id read as text, since
    # guardian's generic tables keep it as text and a domain's direct tables as a foreign key.
    sides = []
    for perms_model, owner in (
        (get_user_obj_perms_model(model), Q(user=user)),
        (get_group_obj_perms_model(model), Q(group__user=user)),
    ):
        rows = perms_model.objects.filter(owner, permission__content_type=content_type)
        if perms_model.objects.is_generic():  # guardian's tables for every model
            rows, column = rows.filter(content_type=content_type), "object_pk"
        else:  # a domain's direct table for this model
            column = "content_object_id"
        sides.append(
            rows.order_by()
            .annotate(object_key=Cast(column, output_field=CharField(max_length=255)))
            .values_list("object_key", "permission__codename")
        )
    held = [
        (f"{content_type.app_label}.{codename}", object_pk)
        for object_pk, codename in sides[0].union(sides[1], all=True)
    ]
    if not held:
        return {}, None
    lapsed = {
        (perm, object_id)
        for perm, grant_type_id, object_id in lapsed_scoped_grants(user)
        if grant_type_id == type_id
    }
    rights: dict[int, set[str]] = {}
    to_pk = model._meta.pk.to_python
    for perm, object_pk in held:
        if (perm, str(object_pk)) not in lapsed:
            rights.setdefault(to_pk(object_pk), set()).add(perm)
    frozen = {pk: frozenset(perms) for pk, perms in rights.items()}
    return frozen, next_scoped_grant_expiry(user)


def objects_for_user(user: User, perm: str, queryset: QuerySet) -> QuerySet:
    """`guardian.shortcuts.get_objects_for_user`, minus the objects of expired scoped grants.

    Use it where a list is filtered by an object right that a scoped grant may give.
    """
    from guardian.shortcuts import get_objects_for_user

    from accounts.backends import lapsed_scoped_grants

    objects = get_objects_for_user(user, perm, queryset)
    if user.has_perm(perm):
        return objects
    type_id = ContentType.objects.get_for_model(queryset.model).pk
    lapsed = [oid for p, tid, oid in lapsed_scoped_grants(user) if p == perm and tid == type_id]
    return objects.exclude(pk__in=lapsed) if lapsed else objects


def grant_list(
    *, user_query: str = "", perm: str = "", status: str = "active", now=None
) -> QuerySet[PermissionGrant]:
    """Grants with user, right and granter, newest first; status: active/expired/revoked/all."""
    now = now or timezone.now()
    grants = PermissionGrant.objects.select_related(
        "user", "permission__content_type", "granted_by", "revoked_by", "scope_type"
    )
    if status == "active":
        grants = grants.active(now=now)
    elif status == "expired":
        grants = grants.lapsed(now=now)
    elif status == "revoked":
        grants = grants.filter(revoked_at__isnull=False)
    if user_query:
        grants = grants.filter(
            Q(user__username__icontains=user_query)
            | Q(user__first_name__icontains=user_query)
            | Q(user__last_name__icontains=user_query)
            | Q(user__display_name__icontains=user_query)
        )
    if perm and "." in perm:
        app_label, codename = perm.split(".", 1)
        grants = grants.filter(
            permission__content_type__app_label=app_label, permission__codename=codename
        )
    return grants.order_by("-granted_at", "-id")


def user_rights(*, user: User, now=None) -> list[dict]:
    """Every delegable right `user` holds and why: role, grant (with expiry), or other source.

    One entry per (right, source): {"right", "source", "grant", "scope", "expires_at"}.
    """
    from guardian.models import UserObjectPermission

    from accounts.permissions import available_rights

    now = now or timezone.now()
    rows: list[dict] = []
    if not user.is_active:
        return rows
    grants = list(
        PermissionGrant.objects.active(now=now)
        .filter(user=user)
        .select_related("permission__content_type", "granted_by", "scope_type")
    )
    direct = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in user.user_permissions.select_related("content_type")
    } | {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Permission.objects.filter(group__user=user).select_related("content_type")
    }
    role_perms = ROLE_PERMISSIONS.get(user.role, frozenset())
    granted_objects = {(g.permission_id, g.scope_type_id, g.scope_id) for g in grants}
    other_objects = [
        row
        for row in UserObjectPermission.objects.filter(user=user)
        .select_related("permission__content_type", "content_type")
        .prefetch_related("content_object")  # one query per kind of object, not per row
        if (row.permission_id, row.content_type_id, row.object_pk) not in granted_objects
    ]
    for right, permission in available_rights():
        if user.is_superuser:
            rows.append({"right": right, "source": "admin"})
            continue
        if right.perm in role_perms:
            rows.append({"right": right, "source": "role"})
        if right.perm in direct:
            rows.append({"right": right, "source": "direct"})
        for grant in grants:
            if grant.permission_id == permission.pk:
                rows.append(
                    {
                        "right": right,
                        "source": "grant",
                        "grant": grant,
                        "scope": grant.scope_label,
                        "expires_at": grant.expires_at,
                    }
                )
        for row in other_objects:
            if row.permission_id == permission.pk:
                rows.append({"right": right, "source": "object", "scope": str(row.content_object)})
    return rows


def _state_filter(state: str) -> Q | None:
    """`User.account_state` as a filter (unusable passwords start with "!")."""
    invited = Q(invited_at__isnull=False, password__startswith="!")
    return {
        "deactivated": Q(is_active=False),
        "invited": Q(is_active=True) & invited,
        "active": Q(is_active=True, last_login__isnull=False) & ~invited,
        "never_signed_in": Q(is_active=True, last_login__isnull=True) & ~invited,
    }.get(state)


def managed_users(
    *, query: str = "", role: str = "", department: str = "", active: str = "", state: str = ""
) -> QuerySet[User]:
    """Every account (active or not) for the user-management list."""
    users = User.objects.select_related("employee_category")
    for word in query.split()[:5]:
        users = users.filter(
            Q(username__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(display_name__icontains=word)
            | Q(email__icontains=word)
            | Q(employee_id__icontains=word)
        )
    if role:
        users = users.filter(role=role)
    if department:
        users = users.filter(department=department)
    if active in ("yes", "no"):
        users = users.filter(is_active=active == "yes")
    if _state_filter(state) is not None:
        users = users.filter(_state_filter(state))
    return users.order_by("last_name", "first_name", "username")


def all_departments() -> list[str]:
    return list(
        User.objects.exclude(department="")
        .order_by("department")
        .values_list("department", flat=True)
        .distinct()
    )


def employee_categories() -> QuerySet[EmployeeCategory]:
    return EmployeeCategory.objects.annotate(member_count=Count("members")).order_by("name")


def audit_entries(
    *,
    actor: str = "",
    action: str = "",
    target_type: str = "",
    target: str = "",
    date_from=None,
    date_to=None,
) -> QuerySet[AuditLog]:
    """The audit log, newest first, filtered; dates are whole days in the current time zone."""
    entries = AuditLog.objects.all()
    if actor:
        entries = entries.filter(actor_label__icontains=actor)
    if action:
        entries = entries.filter(action=action)
    if target_type:
        entries = entries.filter(target_type=target_type)
    if target:
        entries = entries.filter(Q(target_label__icontains=target) | Q(target_id=target))
    tz = timezone.get_current_timezone()
    if date_from:
        start = datetime.combine(date_from, time.min, tzinfo=tz)
        entries = entries.filter(created_at__gte=start)
    if date_to:
        end = datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=tz)
        entries = entries.filter(created_at__lt=end)
    return entries.order_by("-created_at", "-id")


def audit_actions() -> list[str]:
    return list(AuditLog.objects.order_by("action").values_list("action", flat=True).distinct())


def audit_target_types() -> list[str]:
    return list(
        AuditLog.objects.exclude(target_type="")
        .order_by("target_type")
        .values_list("target_type", flat=True)
        .distinct()
    )


def scope_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Objects a scoped grant may name, grouped by model (one query per scope model)."""
    from accounts.permissions import DELEGABLE_RIGHTS

    groups, seen = [], set()
    for right in DELEGABLE_RIGHTS:
        model = right.scope_model_class()
        if model is None or model in seen:
            continue
        seen.add(model)
        options = [
            (f"{model._meta.label}:{obj.pk}", str(obj))
            for obj in model._default_manager.all()[:SCOPE_CHOICES_LIMIT]
        ]
        if options:
            groups.append((str(model._meta.verbose_name_plural).capitalize(), options))
    return groups


SCOPE_CHOICES_LIMIT = 500


# --- Teams: managers and their reports ---------------------------------------------------------


def reporting_line(*, person: User) -> list[User]:
    """`person`'s managers, nearest first (one query a level; the line is short and
    `reporting_cycle_refusal` keeps it free of cycles)."""
    line: list[User] = []
    seen = {person.pk}
    current = person.manager_id
    while current is not None and current not in seen and len(line) < MAX_REPORTING_DEPTH:
        seen.add(current)
        manager = User.objects.filter(pk=current).only(*TEAM_FIELDS).first()
        if manager is None:
            break
        line.append(manager)
        current = manager.manager_id
    return line


TEAM_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "display_name",
    "position",
    "department",
    "avatar",
    "manager_id",
    "anonymised_at",
    "is_active",
    # What "My team" reads of each person (the mandatory trainings' audience and deadlines)
    # and the avatar's version.
    "employee_category_id",
    "date_joined",
    "department_since",
    "category_since",
    "updated_at",
)


def _with_report_counts(people: QuerySet[User]) -> QuerySet[User]:
    return people.only(*TEAM_FIELDS).annotate(
        report_count=Count("direct_reports", filter=Q(direct_reports__is_active=True))
    )


def direct_reports(*, person: User) -> QuerySet[User]:
    """The active people reporting to `person`, with how many report to each, by name."""
    return _with_report_counts(User.objects.filter(manager_id=person.pk, is_active=True)).order_by(
        "last_name", "first_name", "username", "pk"
    )


def has_direct_reports(*, person: User) -> bool:
    return User.objects.filter(manager_id=person.pk, is_active=True).exists()


def has_team(*, user: User) -> bool:
    """Whether `user` manages someone (the main navigation's "My team"): a header counter
    (`intrasphere.unread`), forgotten when someone's manager or active state changes
    (`team_changed`, `team_forget`)."""
    return bool(unread_counts(user).get("reports"))


def team_forget(user_ids) -> None:
    """These managers' "My team" entry is computed again (now and after the commit)."""
    unread.forget(user_ids)


def team_changed(sender, instance: User, update_fields=None, **kwargs) -> None:
    """`post_save`/`post_delete` of a person: their manager, and the one they reported to
    before, may have gained or lost a report (also when the person is deactivated)."""
    if update_fields is not None and not {"manager", "manager_id", "is_active"} & set(
        update_fields
    ):
        return
    team_forget([instance.manager_id, getattr(instance, "_manager_loaded", None)])


def org_chart_roots() -> QuerySet[User]:
    """The top of the org chart: active people without an active manager, by name."""
    people = User.objects.filter(is_active=True).filter(
        Q(manager__isnull=True) | Q(manager__is_active=False)
    )
    return _with_report_counts(people).order_by("last_name", "first_name", "username", "pk")


def org_chart_search(*, query: str) -> QuerySet[User]:
    """People matching `query` (the directory's rule), each with their report count."""
    found = people_directory(query=query).values("pk")
    return _with_report_counts(User.objects.filter(pk__in=found)).order_by(
        "last_name", "first_name", "username", "pk"
    )
