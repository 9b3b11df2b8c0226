"""Reads of the reporting channel: only for the holders of `handle_concerns`."""

from __future__ import annotations

from django.contrib.auth.hashers import check_password, make_password
from django.db.models import Q, QuerySet

from accounts.models import PermissionGrant, User
from complaints.concerns.permissions import HANDLE
from complaints.models import Concern, ConcernMessage

STATES = ("open", "closed", "all")


def normalise_code(code: str) -> str:
    """Receipt codes are read back by people: case, spaces and dashes do not matter."""
    compact = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return "-".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def concern_for_receipt(*, code: str, secret: str) -> Concern | None:
    """The report whose code and secret these are, else None (same work either way)."""
    concern = Concern.objects.filter(code=normalise_code(code)).first()
    if concern is None:
        make_password(secret)  # as slow as a real check: timing tells nothing
        return None
    return concern if check_password(secret, concern.secret_hash) else None


def concerns_for_handlers(*, state: str = "open") -> QuerySet[Concern]:
    queryset = Concern.objects.order_by("-created_at", "-pk")
    if state == "open":
        return queryset.filter(status__in=Concern.OPEN_STATUSES)
    if state == "closed":
        return queryset.filter(status__in=Concern.CLOSED_STATUSES)
    return queryset


def concern_get(*, pk: int) -> Concern:
    return Concern.objects.select_related("reporter").get(pk=pk)


def concern_timeline(*, concern: Concern, for_reporter: bool) -> QuerySet[ConcernMessage]:
    messages = concern.messages.select_related("author")
    if for_reporter:
        messages = messages.filter(kind__in=ConcernMessage.VISIBLE_TO_REPORTER)
    return messages.order_by("created_at", "pk")


def concern_handlers() -> QuerySet[User]:
    """Active holders of the right (own, a group's, a delegation in force) and administrators."""
    app_label, codename = HANDLE.split(".")
    right = Q(
        user_permissions__content_type__app_label=app_label,
        user_permissions__codename=codename,
    ) | Q(
        groups__permissions__content_type__app_label=app_label,
        groups__permissions__codename=codename,
    )
    delegated = PermissionGrant.objects.active().filter(
        scope_type__isnull=True,
        permission__content_type__app_label=app_label,
        permission__codename=codename,
    )
    right |= Q(pk__in=delegated.values("user_id"))
    ids = User.objects.filter(Q(is_superuser=True) | right).values("pk")
    return User.objects.filter(is_active=True, pk__in=ids).order_by("pk")
