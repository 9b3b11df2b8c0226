"""Reads about people."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import Message, User
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


def person_get(*, username: str) -> User:
    """An active colleague by username, or 404."""
    person = active_people().filter(username=username).first()
    if person is None:
        raise Http404(_("No one by this name."))
    return person


def profile_get(*, user: User) -> User:
    """A fresh copy of the signed-in user's own row, for editing."""
    return User.objects.select_related("employee_category").get(pk=user.pk)


def people_lookup(*, query: str, exclude: User | None = None, limit: int = 10) -> list[User]:
    """A few active people matching `query`, for picking a message recipient."""
    if not query:
        return []
    people = people_directory(query=query)
    if exclude is not None:
        people = people.exclude(pk=exclude.pk)
    return list(people[:limit])


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
    return [
        (_("Colleagues"), active_people().count(), "accounts:directory"),
        (_("Unread messages"), unread_message_count(user=user), "messaging:inbox"),
    ]


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


def unread_message_count(*, user: User) -> int:
    return Message.objects.filter(recipient=user, read_at__isnull=True).count()
