"""The header's unread counters (notifications, messages), which every signed-in page shows.

Read alone in one statement (`unread_counts`), or with a statement a page runs anyway, as two
more columns (`unread_columns`, then `keep_unread_counts`) or beside a list of ids
(`ids_with_unread_counts`): the dashboard, the forum's topic list and topic page, the
announcement list, the training catalog and a training's pages save the round trip. Composing
the count with the ORM cost ~1.2 ms of Python per request against ~0.2 ms for the SQL
(bench/RESULTS.md): names come from the models, quoted; the values are parameters.
"""

from __future__ import annotations

import functools
from typing import Any

from django.db import connection

from accounts.models import Message, User
from intrasphere.models import Notification
from intrasphere.rows import prepared_cursor


@functools.cache
def unread_columns() -> tuple[str, str]:
    """Two scalar subqueries, the unread notifications and the unread messages of a user
    given once to each as a parameter (`user.pk, user.pk`)."""
    quote = connection.ops.quote_name
    counts = []
    for model in (Notification, Message):
        table = quote(model._meta.db_table)
        recipient = quote(model._meta.get_field("recipient").column)
        read_at = quote(model._meta.get_field("read_at").column)
        counts.append(
            f"(SELECT COUNT(*) FROM {table} WHERE {recipient} = %s AND {read_at} IS NULL)"  # noqa: S608
        )
    return counts[0], counts[1]


def keep_unread_counts(user: User, notifications: int, messages: int) -> None:
    """The counts read with a page's own statement, kept for the rest of the request."""
    user._unread_counts = {"notifications": notifications, "messages": messages}


def unread_counts(user: User) -> dict[str, int]:
    """Unread notifications and messages (header and dashboard): one query per request, none
    when the page's own statement read them."""
    if not hasattr(user, "_unread_counts"):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(unread_columns())}", [user.pk, user.pk])  # noqa: S608
            keep_unread_counts(user, *cursor.fetchone())
    return user._unread_counts


@functools.cache
def _with_unread_counts(ids_sql: str) -> str:
    notifications, messages = unread_columns()
    return (
        f"SELECT 0, {notifications}, {messages} "  # noqa: S608 (names from the models)
        f"UNION ALL SELECT 1, ids.*, 0 FROM ({ids_sql}) ids"
    )


def ids_with_unread_counts(user: User, ids_sql: str, params: list[Any]) -> list[Any]:
    """The values of the one column `ids_sql` selects (with `params`), read in one prepared
    statement with the header's unread counters, which are kept for the request: for a page
    whose own read is a list of ids (the training catalog's audience, a reader's
    acknowledgements)."""
    with prepared_cursor() as cursor:
        cursor.execute(_with_unread_counts(ids_sql), [user.pk, user.pk, *params])
        rows = cursor.fetchall()
    ids = []
    for kind, value, messages in rows:
        if kind == 1:
            ids.append(value)
        elif user.is_authenticated:
            keep_unread_counts(user, value, messages)
    return ids
