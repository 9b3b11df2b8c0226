"""Reads about people."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from accounts.models import User
from intrasphere.search import SearchGroup, SearchHit, text_search


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


def departments() -> list[str]:
    return list(
        User.objects.filter(is_active=True)
        .exclude(department="")
        .order_by("department")
        .values_list("department", flat=True)
        .distinct()
    )


def dashboard_stats(*, user: User) -> list[tuple[str, int, str]]:
    """(label, value, url name) tiles for the dashboard."""
    return [(_("Colleagues"), active_people().count(), "accounts:directory")]


def search_groups(*, user: User, query: str, language: str) -> list[SearchGroup]:
    people = text_search(
        active_people(),
        query,
        ["username", "first_name", "last_name", "display_name", "department", "position"],
        language=language,
    )
    return [
        SearchGroup(
            key="people",
            label=_("People"),
            queryset=people,
            to_hit=lambda person: SearchHit(
                title=person.name,
                url=person.get_absolute_url(),
                meta=" · ".join(filter(None, [person.position, person.department])),
            ),
        )
    ]
