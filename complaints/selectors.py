"""Reads about complaints, already limited to what the user may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.contrib.auth.models import Permission
from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import PermissionGrant, User
from complaints.models import (
    Complaint,
    ComplaintEvent,
    ComplaintReply,
    SavedFilter,
    SavedReply,
    SubmitterReveal,
)
from complaints.permissions import (
    MANAGE,
    can_see_submitter,
    is_complaint_manager,
)
from intrasphere import caching
from intrasphere.search import SearchGroup, SearchHit, snippet, text_search

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


def complaints_visible_to(user: User | AnonymousUser) -> QuerySet[Complaint]:
    """Managers see every complaint; others their own and those assigned to them (one query).

    Confidential complaints follow the same rule: only the submitter, the assignee and holders
    of `manage_complaints` ever see them.
    """
    complaints = Complaint.objects.select_related("submitter", "assignee")
    if not user.is_authenticated:
        return complaints.none()
    if is_complaint_manager(user):
        return complaints
    return complaints.filter(Q(submitter=user) | Q(assignee=user))


def with_submitter_revealed(complaints: QuerySet[Complaint], user: User) -> QuerySet[Complaint]:
    """`submitter_revealed` on each complaint: whether its submitter was revealed to `user`
    (read by `permissions.can_see_submitter`, one subquery instead of one query a row)."""
    revealed = SubmitterReveal.objects.filter(complaint=OuterRef("pk"), revealed_to_id=user.pk)
    return complaints.annotate(submitter_revealed=Exists(revealed))


def complaint_get_visible(*, user: User, pk: int) -> Complaint:
    """The complaint, or 404 for one that does not exist or that `user` may not see."""
    try:
        return with_submitter_revealed(complaints_visible_to(user), user).get(pk=pk)
    except Complaint.DoesNotExist:
        raise Http404(_("No such complaint.")) from None


def complaints_of_submitter(*, user: User) -> QuerySet[Complaint]:
    return (
        Complaint.objects.filter(submitter=user)
        .select_related("assignee")
        .order_by("-updated_at", "-pk")
    )


def complaints_handled_by(*, user: User) -> QuerySet[Complaint]:
    """The handling list: every complaint for managers, the assigned ones for assignees."""
    complaints = with_submitter_revealed(
        Complaint.objects.select_related("submitter", "assignee"), user
    )
    if is_complaint_manager(user):
        return complaints
    return complaints.filter(assignee=user)


def complaint_count(*, user: User, **filters: Any) -> int:
    """The number of rows of `complaint_filter(complaints_handled_by(user=user), **filters)`,
    shared by every manager (an assignee's own) until a complaint changes; the TTL bounds how
    late a complaint passing its due date is counted overdue. Counting every open complaint at
    each view grows with them."""
    scope = "all" if is_complaint_manager(user) else user.pk
    key = tuple(
        sorted((name, getattr(value, "pk", value)) for name, value in filters.items() if value)
    )
    return caching.shared_value(
        "complaint_list_count",
        vary=(scope, repr(key)),
        compute=lambda: complaint_filter(complaints_handled_by(user=user), **filters).count(),
    )


def overdue_q() -> Q:
    """Overdue: open, on the clock (a complaint waiting for its submitter is paused) and past
    its due date. The one rule for lists, counts and reports (`Complaint.is_overdue` too)."""
    return Q(status__in=Complaint.CLOCK_STATUSES, due_at__lt=timezone.now())


SORTS = {
    "newest": ("-created_at", "-pk"),
    "oldest": ("created_at", "pk"),
    "due": (F("due_at").asc(nulls_last=True), "pk"),
    "updated": ("-updated_at", "-pk"),
    "priority": ("-priority_rank", "-created_at", "-pk"),
}


def complaint_filter(
    complaints: QuerySet[Complaint],
    *,
    status: str = "",
    priority: str = "",
    category: str = "",
    assignee: User | None = None,
    unassigned: bool = False,
    mine_or_unassigned: User | None = None,
    overdue: bool = False,
    created_from: date | None = None,
    created_to: date | None = None,
    resolved_from: date | None = None,
    resolved_to: date | None = None,
    sort: str = "newest",
) -> QuerySet[Complaint]:
    """The handling list's filters; `created_from`/`created_to` (inclusive) are the reports'
    period and `resolved_from`/`resolved_to` a month of its "resolved per month" chart, so
    every figure of the reports opens the list it counts."""
    if status == "open":
        complaints = complaints.filter(status__in=Complaint.OPEN_STATUSES)
    elif status:
        complaints = complaints.filter(status=status)
    if priority:
        complaints = complaints.filter(priority=priority)
    if category:
        complaints = complaints.filter(category=category)
    if unassigned:
        complaints = complaints.filter(assignee__isnull=True)
    elif assignee is not None:
        complaints = complaints.filter(assignee=assignee)
    elif mine_or_unassigned is not None:
        complaints = complaints.filter(Q(assignee=mine_or_unassigned) | Q(assignee__isnull=True))
    if overdue:
        complaints = complaints.filter(overdue_q())
    complaints = _within_days(complaints, "created_at", created_from, created_to)
    complaints = _within_days(complaints, "resolved_at", resolved_from, resolved_to)
    if sort == "priority":
        ranks = {"low": 0, "normal": 1, "high": 2, "urgent": 3}
        complaints = complaints.annotate(
            priority_rank=Case(
                *[When(priority=key, then=Value(rank)) for key, rank in ranks.items()],
                output_field=IntegerField(),
            )
        )
    return complaints.order_by(*SORTS.get(sort, SORTS["newest"]))


def complaint_handlers() -> QuerySet[User]:
    """Active users who may be assigned complaints: holders of the right (their own, a group's,
    or a delegation in force) and administrators. The holders are a UNION of four small sets,
    each read by an index, so that the list does not grow with the number of people (an OR over
    joins read every account)."""
    app_label, codename = MANAGE.split(".")
    right = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    holders = (
        User.objects.filter(is_superuser=True)
        .order_by()
        .values("pk")
        .union(
            User.user_permissions.through.objects.filter(permission__in=right).values("user_id"),
            User.groups.through.objects.filter(group__permissions__in=right).values("user_id"),
            PermissionGrant.objects.active()
            .filter(scope_type__isnull=True, permission__in=right)
            .order_by()
            .values("user_id"),
        )
    )
    return User.objects.filter(is_active=True, pk__in=holders).order_by(
        "last_name", "first_name", "username"
    )


def _within_days(
    complaints: QuerySet[Complaint], field: str, first: date | None, last: date | None
) -> QuerySet[Complaint]:
    """`complaints` whose `field` falls on the days `first` to `last` (both included, either
    open), in the portal's time zone."""
    tz = timezone.get_current_timezone()
    if first:
        complaints = complaints.filter(
            **{f"{field}__gte": datetime.combine(first, time.min, tzinfo=tz)}
        )
    if last:
        end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=tz)
        complaints = complaints.filter(**{f"{field}__lt": end})
    return complaints


def complaint_timeline(*, complaint: Complaint) -> QuerySet[ComplaintEvent]:
    return complaint.events.select_related("actor").order_by("created_at", "id")


def complaint_replies(*, complaint: Complaint, include_internal: bool) -> QuerySet[ComplaintReply]:
    """Public replies; internal notes only when `include_internal` (handlers)."""
    replies = complaint.replies.select_related("author").order_by("created_at", "id")
    if not include_internal:
        replies = replies.filter(internal=False)
    return replies


@dataclass
class ThreadEntry:
    """One entry of a request's thread: a message (public reply or internal note) or a change
    (submitted, status, assignee, priority, category, edit, reveal) shown as a compact line."""

    at: datetime
    reply: ComplaintReply | None = None
    event: ComplaintEvent | None = None


def complaint_thread(
    *, replies: list[ComplaintReply], events: list[ComplaintEvent]
) -> list[ThreadEntry]:
    """The conversation and the timeline as one chronological thread (`replies` already
    limited to what the viewer may read: `complaint_replies`), by time (an update of the panel
    writes its message, then its changes)."""
    entries = [
        (event.created_at, 0, event.pk, ThreadEntry(event.created_at, event=event))
        for event in events
    ]
    entries += [
        (reply.created_at, 1, reply.pk, ThreadEntry(reply.created_at, reply=reply))
        for reply in replies
    ]
    return [entry for *_key, entry in sorted(entries, key=lambda row: row[:3])]


def similar_resolved(*, user: User, query: str, language: str, limit: int = 5) -> list[Complaint]:
    """Resolved complaints the user may see that look like `query` (shown before submitting)."""
    resolved = complaints_visible_to(user).filter(
        status__in=(Complaint.Status.RESOLVED, Complaint.Status.CLOSED)
    )
    return list(text_search(resolved, query, ["title", "description"], language=language)[:limit])


def submitter_label(user: User, complaint: Complaint) -> str:
    """The submitter's name, or "Confidential" where `user` may not see it (detail, timeline,
    conversation, search, CSV, handling list: every place a name appears)."""
    if can_see_submitter(user, complaint):
        return complaint.submitter.name
    return _("Confidential")


def reveal_candidates(*, complaint: Complaint) -> QuerySet[User]:
    """Complaint managers a confidential submitter may be revealed to: those who do not see it
    already (the submitter, the assignee, administrators, earlier reveals)."""
    already = SubmitterReveal.objects.filter(complaint=complaint).values("revealed_to_id")
    return (
        complaint_handlers()
        .filter(is_superuser=False)
        .exclude(pk__in=[complaint.submitter_id, complaint.assignee_id or 0])
        .exclude(pk__in=already)
    )


def with_submitter_labels(complaints, *, user: User) -> list[Complaint]:
    """The complaints with `submitter_shown`: their submitter's name, or "Confidential" where
    `user` may not see it (`submitter_label`; `submitter_revealed` annotated by the query)."""
    complaints = list(complaints)
    for complaint in complaints:
        complaint.submitter_shown = submitter_label(user, complaint)
    return complaints


# --- Dashboard and search -------------------------------------------------------------------


def handled_counts(*, user: User) -> dict[str, int]:
    """The complaints `user` handles (every complaint for managers, else those assigned to
    them): how many per status (`status_<value>`), and how many open ones are `overdue`. The
    dashboard reads it once for its tiles and its chart; for managers it is the same for all
    of them, so shared ("overdue" follows time within the cache's TTL, `STATS_CACHE_TTL`)."""
    if is_complaint_manager(user):
        rows = caching.shared_value(
            "complaint_counts", vary=(), compute=lambda: _count_by_status(Complaint.objects)
        )
    else:
        rows = _count_by_status(Complaint.objects.filter(assignee=user))
    counts = {f"status_{value}": 0 for value, _label in Complaint.Status.choices}
    counts["overdue"] = 0
    for status, count, late in rows:
        counts[f"status_{status}"] = count
        if status in Complaint.CLOCK_STATUSES:  # waiting for the submitter: clock paused
            counts["overdue"] += late
    return counts


def _count_by_status(complaints: QuerySet[Complaint]) -> list[tuple[str, int, int]]:
    """(status, count, overdue count) of `complaints`, one grouped query."""
    rows = (
        complaints.order_by()
        .values("status")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(due_at__lt=timezone.now())))
    )
    return [(row["status"], row["n"], row["late"]) for row in rows]


# Open complaints waiting for their handler (not for the submitter's answer).
WAITING_ON_HANDLER = tuple(
    status for status in Complaint.OPEN_STATUSES if status != Complaint.Status.WAITING
)


def dashboard_stats(*, user: User, counts: dict[str, int]) -> list[tuple[str, int, str]]:
    """Open and overdue complaints for the people who handle them (`counts`: `handled_counts`)."""
    open_count = sum(counts[f"status_{status}"] for status in Complaint.OPEN_STATUSES)
    if not open_count and not is_complaint_manager(user):
        return []
    # Each tile opens the handling list filtered to what it counts (not the list's default,
    # "open, assigned to me or unassigned").
    return [
        (_("Open complaints"), open_count, f"complaints:handling_list?{OPEN_QUERY}"),
        (_("Overdue complaints"), counts["overdue"], f"complaints:handling_list?{OVERDUE_QUERY}"),
    ]


OPEN_QUERY = "status=open&assignee="
OVERDUE_QUERY = "status=open&assignee=&overdue=on"


def dashboard_status_counts(*, user: User, counts: dict[str, int]) -> list[tuple[str, int]] | None:
    """(status label, count) for the dashboard chart, from `handled_counts`.

    Managers count every complaint, assignees those assigned to them; None for people who
    handle no complaint (no chart for them).
    """
    statuses = Complaint.Status.choices
    values = [counts[f"status_{value}"] for value, _label in statuses]
    if not is_complaint_manager(user) and not any(values):
        return None
    return [(str(label), value) for (_value, label), value in zip(statuses, values, strict=True)]


def dashboard_obligations(*, user: User, limit: int = 10) -> list[dict]:
    """Complaints waiting for me: assigned to me and open, or waiting for my answer, as the
    dashboard's "To do" items (`{"kind", "label", "url", "due", "overdue", "since", "note"}`)."""
    waiting = (
        Complaint.objects.filter(
            Q(assignee=user, status__in=WAITING_ON_HANDLER)
            | Q(submitter=user, status=Complaint.Status.WAITING)
        )
        .only("pk", "title", "status", "due_at", "updated_at", "submitter_id", "assignee_id")
        .order_by(F("due_at").asc(nulls_last=True), "pk")[:limit]
    )
    now = timezone.now()
    items = []
    for complaint in waiting:
        if complaint.submitter_id == user.pk and complaint.status == Complaint.Status.WAITING:
            label = _("Answer the helpdesk: %(title)s") % {"title": complaint.title}
            items.append(
                {
                    "kind": _("Waiting for your reply"),
                    "label": label,
                    "url": complaint.get_absolute_url(),
                    "due": None,
                    "overdue": False,
                    "since": complaint.updated_at,
                    "note": "",
                }
            )
            continue
        items.append(
            {
                "kind": _("Assigned to you"),
                "label": _("Handle complaint: %(title)s") % {"title": complaint.title},
                "url": complaint.get_absolute_url(),
                "due": timezone.localdate(complaint.due_at) if complaint.due_at else None,
                "overdue": bool(complaint.due_at and complaint.due_at < now),
                "since": complaint.updated_at,
                "note": "",
            }
        )
    return items


def search_groups(*, user: User, query: str, language: str) -> list[SearchGroup]:
    """The complaints `user` may see, with the submitter's name only where they may see it:
    the viewer's own, so the preview is kept per viewer (their id in the key, never shared)."""

    def to_hit(complaint: Complaint) -> SearchHit:
        return SearchHit(
            title=str(complaint),
            url=complaint.get_absolute_url(),
            snippet=snippet(complaint, complaint.description, query),
            meta=" · ".join([complaint.get_status_display(), submitter_label(user, complaint)]),
        )

    return [
        SearchGroup(
            key="complaints",
            label=_("Complaints"),
            rows=lambda: text_search(
                with_submitter_revealed(complaints_visible_to(user), user),
                query,
                ["title", "description"],
                language=language,
            ),
            to_hit=to_hit,
            shared=(query, language, user.pk, is_complaint_manager(user)),
        )
    ]


# --- Reports --------------------------------------------------------------------------------


@dataclass
class ComplaintReport:
    start: date
    end: date
    total: int
    by_status: list[tuple[str, int]]
    by_category: list[tuple[str, int]]
    by_priority: list[tuple[str, int]]
    by_month: list[tuple[str, int]]
    resolved_by_month: list[tuple[str, int]]
    average_resolution: timedelta | None
    overdue: int
    average_rating: float | None


def _period(start: date, end: date) -> QuerySet[Complaint]:
    tz = timezone.get_current_timezone()
    return Complaint.objects.filter(
        created_at__gte=datetime.combine(start, time.min, tzinfo=tz),
        created_at__lt=datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
    )


def _counts(complaints: QuerySet[Complaint], field: str, choices) -> list[tuple[str, int]]:
    found = dict(complaints.order_by().values_list(field).annotate(n=Count("pk")))
    return [(str(label), found.get(value, 0)) for value, label in choices]


def _months(start: date, end: date) -> list[date]:
    months, current = [], start.replace(day=1)
    while current <= end:
        months.append(current)
        current = (current + timedelta(days=32)).replace(day=1)
    return months


def _by_month(complaints: QuerySet[Complaint], field: str, start: date, end: date):
    tz = timezone.get_current_timezone()
    rows = (
        complaints.exclude(**{f"{field}__isnull": True})
        .annotate(month=TruncMonth(field, tzinfo=tz))
        .order_by()
        .values_list("month")
        .annotate(n=Count("pk"))
    )
    found = {}
    for month, n in rows:
        key = month.date() if isinstance(month, datetime) else month
        found[key] = found.get(key, 0) + n
    return [
        (formats.date_format(m, "YEAR_MONTH_FORMAT"), found.get(m, 0)) for m in _months(start, end)
    ]


def complaint_report(*, start: date, end: date) -> ComplaintReport:
    """Counts for the reports page: complaints created between `start` and `end` inclusive."""
    complaints = _period(start, end)
    resolved = complaints.filter(resolved_at__isnull=False)
    aggregates = resolved.aggregate(
        duration=Avg(F("resolved_at") - F("created_at")), rating=Avg("satisfaction_rating")
    )
    return ComplaintReport(
        start=start,
        end=end,
        total=complaints.count(),
        by_status=_counts(complaints, "status", Complaint.Status.choices),
        by_category=_counts(complaints, "category", Complaint.Category.choices),
        by_priority=_counts(complaints, "priority", Complaint.Priority.choices),
        by_month=_by_month(complaints, "created_at", start, end),
        resolved_by_month=_by_month(complaints, "resolved_at", start, end),
        average_resolution=aggregates["duration"],
        overdue=complaints.filter(overdue_q()).count(),
        average_rating=aggregates["rating"],
    )


def complaint_export_rows(*, start: date, end: date, user: User) -> QuerySet[Complaint]:
    """The CSV's rows; `submitter_revealed` for `user` (confidential submitters)."""
    rows = _period(start, end).select_related("submitter", "assignee")
    return with_submitter_revealed(rows, user).order_by("created_at", "pk")


def saved_replies() -> QuerySet[SavedReply]:
    return SavedReply.objects.order_by("title", "pk")


def assignee_choices(*, complaint: Complaint) -> QuerySet[User]:
    """Who the update panel offers: the people who may handle complaints, and the current
    assignee (who may hold the right on this complaint only)."""
    return User.objects.filter(
        Q(pk__in=complaint_handlers().values("pk")) | Q(pk=complaint.assignee_id or 0)
    ).order_by("last_name", "first_name", "username")


def saved_filters(*, user: User) -> QuerySet[SavedFilter]:
    return SavedFilter.objects.filter(user_id=user.pk).order_by("name", "pk")


# --- charts: each status in its badge's colour, each figure a link to the list it counts -----
# The tones of `templates/complaints/_status_badge.html` (intrasphere.charts tones).
STATUS_TONES = {
    Complaint.Status.NEW: "info",
    Complaint.Status.REOPENED: "info",
    Complaint.Status.IN_PROGRESS: "accent",
    Complaint.Status.WAITING: "warning",
    Complaint.Status.RESOLVED: "success",
    Complaint.Status.REJECTED: "danger",
    Complaint.Status.CLOSED: "neutral",
}


def handling_list_url(**filters: object) -> str:
    """The handling list with `filters` (its form's fields; `assignee=""`: anyone I handle)."""
    query = urlencode({"assignee": "", **{k: str(v) for k, v in filters.items()}})
    return f"{reverse('complaints:handling_list')}?{query}"


def status_chart_rows(*, counts: list[tuple[str, int]]) -> list[tuple[str, int, str, str]]:
    """(label, count, tone, url) per status for `counts` (`dashboard_status_counts`, in the
    order of `Complaint.Status`)."""
    return [
        (label, count, STATUS_TONES[status], handling_list_url(status=status))
        for (label, count), status in zip(counts, Complaint.Status.values, strict=True)
    ]


def report_months(*, start: date, end: date) -> list[tuple[date, date]]:
    """The reports' months: (first day, last day) of each, clipped to `start`…`end`."""
    months = []
    for first in _months(start, end):
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        months.append((max(first, start), min(last, end)))
    return months
