"""The audience rule every domain shares: "everyone", or some departments and employee
categories (an announcement's readers, a mandatory training's people).

Departments are stored as ``|Dept A|Dept B|`` (a text column any model can hold), categories as
ids. One rule, two forms: a ``Q`` over users (who is in it) and a test of one person in memory.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Q


def departments_store(names: Iterable[str]) -> str:
    """``["A", "B"]`` → ``"|A|B|"`` (empty for none); the form read back by `departments_of`."""
    kept = sorted({name.strip() for name in names if name and name.strip()})
    return f"|{'|'.join(kept)}|" if kept else ""


def departments_of(stored: str) -> list[str]:
    return [name for name in stored.split("|") if name]


def audience_people_q(*, restricted: bool, departments: str, category_ids: Iterable[int]) -> Q:
    """Users in the audience (an unrestricted audience is everyone)."""
    if not restricted:
        return Q()
    return Q(department__in=departments_of(departments)) | Q(
        employee_category_id__in=list(category_ids)
    )


def audience_includes(
    *,
    restricted: bool,
    departments: str,
    category_ids: Iterable[int],
    department: str,
    category_id: int | None,
) -> bool:
    """`audience_people_q` for one person in memory."""
    if not restricted:
        return True
    if department and f"|{department}|" in departments:
        return True
    return category_id is not None and category_id in set(category_ids)


def audience_entered_since_q(
    *, restricted: bool, departments: str, category_ids: Iterable[int], day: datetime.date
) -> Q:
    """Users of the audience who entered it on or after `day` (`audience_entered_on` ≥ `day`):
    each way in that they have is dated, and none before `day`."""
    if not restricted:
        return Q(pk__in=[])
    by_department = Q(department__in=departments_of(departments))
    by_category = Q(employee_category_id__in=list(category_ids))
    return (~by_department | Q(department_since__gte=day)) & (
        ~by_category | Q(category_since__gte=day)
    )


def audience_entered_on(
    *,
    restricted: bool,
    departments: str,
    category_ids: Iterable[int],
    department: str,
    category_id: int | None,
    department_since: datetime.date | None,
    category_since: datetime.date | None,
) -> datetime.date | None:
    """The day a person entered the audience: through their department or their category,
    whichever came first. None when they are in it since they joined (an unrestricted audience,
    a way in without a date) or not in it at all."""
    if not restricted:
        return None
    ways = []
    if department and f"|{department}|" in departments:
        ways.append(department_since)
    if category_id is not None and category_id in set(category_ids):
        ways.append(category_since)
    if not ways or None in ways:
        return None
    return min(ways)
