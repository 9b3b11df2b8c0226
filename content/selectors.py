"""Reads about content, already limited to what the user may see."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.audience import audience_people_q, departments_store
from accounts.models import User
from content import permissions
from content.models import (
    Announcement,
    AnnouncementAcknowledgement,
    CalendarFeedToken,
    Category,
    Document,
    DocumentAcknowledgement,
    Event,
    EventRSVP,
    Page,
)
from intrasphere import caching
from intrasphere.search import SearchGroup, SearchHit, snippet, text_search


# --- Categories -----------------------------------------------------------------------------
def category_list() -> QuerySet[Category]:
    return Category.objects.order_by("name")


# --- Announcements --------------------------------------------------------------------------
def _published_q(now: datetime.datetime | None = None) -> Q:
    now = now or timezone.now()
    return (
        Q(draft=False)
        & Q(publish_at__lte=now)
        & (Q(unpublish_at__isnull=True) | Q(unpublish_at__gt=now))
    )


def _audience_q(user: User) -> Q:
    """Announcements whose audience includes `user` (an empty audience means everyone)."""
    condition = Q(audience_restricted=False)
    if user.department:
        condition |= Q(audience_departments__contains=f"|{user.department}|")
    if user.employee_category_id:
        condition |= Q(
            Exists(
                Announcement.audience_categories.through.objects.filter(
                    announcement_id=OuterRef("pk"),
                    employeecategory_id=user.employee_category_id,
                )
            )
        )
    return condition


def reader_audience(user: User) -> tuple[str, int | None]:
    """What `announcements_for_reader` depends on (`_audience_q`): the reader's department and
    category. The key of what is cached per audience."""
    return (user.department, user.employee_category_id)


def announcements_for_reader(*, user: User) -> QuerySet[Announcement]:
    """Published announcements meant for `user` (what an employee sees)."""
    return Announcement.objects.filter(_published_q() & _audience_q(user))


def announcement_list(
    *, user: User, type: str = "", category: Category | None = None
) -> QuerySet[Announcement]:
    """Important first, then newest; managers also see drafts, scheduled, expired and targeted
    ones; an author also sees their own drafts and scheduled ones."""
    if permissions.can_manage_announcements(user):
        announcements = Announcement.objects.all()
    else:
        announcements = Announcement.objects.filter(
            (_published_q() & _audience_q(user)) | Q(author_id=user.pk)
        )
    if type:
        announcements = announcements.filter(type=type)
    if category is not None:
        announcements = announcements.filter(category=category)
    return (
        announcements.select_related("author", "category")
        .annotate(acknowledged=Exists(_acknowledgements_of(user)))
        .order_by("-important", "-publish_at", "-pk")
    )


def announcement_count(*, user: User, type: str = "", category: Category | None = None) -> int:
    """The number of rows of `announcement_list`, shared by everybody who sees the same list
    (one audience, or every manager) until an announcement changes; the TTL bounds how late a
    scheduled one is counted. Counting them at every view grows with the table."""
    who = "manager" if permissions.can_manage_announcements(user) else reader_audience(user)
    return caching.shared_value(
        "announcement_count",
        vary=(who, type, category.pk if category is not None else None),
        compute=lambda: announcement_list(user=user, type=type, category=category).count(),
    )


def _acknowledgements_of(user: User) -> QuerySet[AnnouncementAcknowledgement]:
    """`user`'s acknowledgement of the outer announcement (for `Exists`)."""
    return AnnouncementAcknowledgement.objects.filter(user_id=user.pk, announcement=OuterRef("pk"))


def _meant_for(announcement: Announcement, user: User) -> bool:
    """`_audience_q` for one announcement in memory (`audience_category_ids` loaded with it)."""
    return (
        not announcement.audience_restricted
        or bool(user.department and f"|{user.department}|" in announcement.audience_departments)
        or (
            user.employee_category_id is not None
            and user.employee_category_id in announcement.audience_category_ids
        )
    )


def _announcement_with_audience(pk: int) -> Announcement | None:
    announcement = Announcement.objects.select_related("author", "category").filter(pk=pk).first()
    if announcement is not None:
        announcement.audience_category_ids = frozenset(
            announcement.audience_categories.values_list("pk", flat=True)
        )
    return announcement


def announcement_readable(*, user: User, announcement: Announcement) -> bool:
    """Whether `user` may read `announcement` (one read with `_announcement_with_audience`):
    managers and its author every announcement, readers the published ones meant for them."""
    return permissions.can_see_unpublished_announcement(user, announcement) or (
        announcement.is_published and _meant_for(announcement, user)
    )


def announcement_get(*, user: User, pk: int) -> Announcement:
    """The announcement if `user` may see it, else 404.

    Read once for everybody (`shared_value`: an announcement page is opened by many people in a
    short time) and checked in memory with the rules of `announcement_list`: managers see every
    announcement, readers the published ones meant for them.
    """
    announcement = caching.shared_value(
        "announcement", vary=(pk,), compute=lambda: _announcement_with_audience(pk)
    )
    if announcement is None or not announcement_readable(user=user, announcement=announcement):
        raise Http404(_("No such announcement."))
    return announcement


def announcement_acknowledged(*, user: User, announcement: Announcement) -> bool:
    return AnnouncementAcknowledgement.objects.filter(announcement=announcement, user=user).exists()


def live_must_reads(*, user: User) -> list[Announcement]:
    """The live must-reads meant for `user`'s audience, newest first: the same for everybody in
    that audience, so shared (`intrasphere.caching.shared_value`; the fields banners show)."""
    return caching.shared_value(
        "live_must_reads",
        vary=reader_audience(user),
        compute=lambda: list(
            announcements_for_reader(user=user)
            .filter(important=True)
            .only("pk", "title", "publish_at")
            .order_by("-publish_at", "-pk")
        ),
    )


def must_reads_pending(*, user: User) -> QuerySet[Announcement]:
    """Live must-reads meant for `user` that they have not confirmed reading, newest first."""
    return (
        announcements_for_reader(user=user)
        .filter(important=True)
        .exclude(Exists(_acknowledgements_of(user)))
        .only("pk", "title", "publish_at")
        .order_by("-publish_at", "-pk")
    )


def must_reads_pending_of(*, people: Sequence[User]) -> dict[int, list[Announcement]]:
    """`must_reads_pending` for several people at once (a manager's team): each person's live
    must-reads meant for them and not confirmed, newest first. Three queries for any number of
    people (the live must-reads, their audiences' categories, the people's confirmations); the
    audience rule is `_meant_for`, the one `announcement_get` applies."""
    live = list(
        Announcement.objects.filter(_published_q(), important=True)
        .prefetch_related("audience_categories")
        .only("pk", "title", "publish_at", "audience_restricted", "audience_departments")
        .order_by("-publish_at", "-pk")
    )
    for announcement in live:
        announcement.audience_category_ids = frozenset(
            category.pk for category in announcement.audience_categories.all()
        )
    confirmed = (
        set(
            AnnouncementAcknowledgement.objects.filter(
                user_id__in=[person.pk for person in people],
                announcement_id__in=[announcement.pk for announcement in live],
            ).values_list("user_id", "announcement_id")
        )
        if live
        else set()
    )
    return {
        person.pk: [
            announcement
            for announcement in live
            if (person.pk, announcement.pk) not in confirmed and _meant_for(announcement, person)
        ]
        for person in people
    }


def must_reads_due_for_notice(*, now: datetime.datetime) -> QuerySet[Announcement]:
    """Live must-reads whose audience has not been notified yet (scheduled ones that went live)."""
    return (
        Announcement.objects.filter(important=True, notified_at__isnull=True)
        .filter(_published_q(now))
        .order_by("publish_at", "pk")
    )


def _audience_people(
    *, restricted: bool, departments: str, category_ids: Iterable[int]
) -> QuerySet[User]:
    """Active people in an audience (`accounts.audience`, the rule every audience follows)."""
    return User.objects.filter(is_active=True).filter(
        audience_people_q(restricted=restricted, departments=departments, category_ids=category_ids)
    )


def announcement_audience(*, announcement: Announcement) -> QuerySet[User]:
    """Active people the announcement is meant for."""
    category_ids = announcement.audience_categories.values_list("pk", flat=True)
    return _audience_people(
        restricted=announcement.audience_restricted,
        departments=announcement.audience_departments,
        category_ids=category_ids,
    ).order_by("last_name", "first_name", "username")


def audience_size(*, departments: Iterable[str], category_ids: Iterable[int]) -> int:
    """How many active people an audience of these departments and categories reaches (none
    chosen: everyone), by the rule the announcement will use once saved."""
    stored, category_ids = departments_store(departments), list(category_ids)
    return _audience_people(
        restricted=bool(stored or category_ids), departments=stored, category_ids=category_ids
    ).count()


@dataclass
class AcknowledgementReport:
    acknowledged: list[tuple[User, datetime.datetime]]
    pending: list[User]

    @property
    def total(self) -> int:
        return len(self.acknowledged) + len(self.pending)


def announcement_acknowledgement_report(*, announcement: Announcement) -> AcknowledgementReport:
    """Who in the audience has and has not confirmed reading (two queries)."""
    acks = {
        ack.user_id: ack.acknowledged_at
        for ack in AnnouncementAcknowledgement.objects.filter(announcement=announcement)
    }
    acknowledged, pending = [], []
    for person in announcement_audience(announcement=announcement):
        if person.pk in acks:
            acknowledged.append((person, acks[person.pk]))
        else:
            pending.append(person)
    return AcknowledgementReport(acknowledged=acknowledged, pending=pending)


# --- Documents ------------------------------------------------------------------------------
def document_list(
    *, user: User, query: str = "", category: Category | None = None, language: str = "en"
) -> QuerySet[Document]:
    """The library: every signed-in employee may read every document that has a file."""
    documents = Document.objects.filter(current_version__isnull=False).select_related(
        "category", "current_version"
    )
    if category is not None:
        documents = documents.filter(category=category)
    if query:
        return text_search(
            documents, query, ["title", "description"], language=language, newest="updated_at"
        )
    return documents.order_by("-updated_at", "-pk")


def document_count(*, user: User, category: Category | None = None) -> int:
    """The number of rows of `document_list` without a query (the same for every reader),
    shared until a document or a version changes."""
    return caching.shared_value(
        "document_count",
        vary=(category.pk if category is not None else None,),
        compute=lambda: document_list(user=user, category=category).count(),
    )


def document_get(*, user: User, pk: int) -> Document:
    return get_object_or_404(document_list(user=user), pk=pk)


def document_versions(*, document: Document):
    return document.versions.select_related("uploaded_by").order_by("-number")


def document_acknowledged(*, user: User, document: Document) -> bool:
    return DocumentAcknowledgement.objects.filter(
        version_id=document.current_version_id, user=user
    ).exists()


def documents_to_acknowledge(*, user: User, limit: int = 10) -> list[Document]:
    """Documents asking for acknowledgement whose current version `user` has not confirmed,
    newest first, at most `limit`: read in the order of a partial index and stopped there (a
    list of every document asking, minus the user's acknowledgements, grew with the library)."""
    confirmed = DocumentAcknowledgement.objects.filter(
        user_id=user.pk, version_id=OuterRef("current_version_id")
    )
    return list(
        Document.objects.filter(requires_acknowledgement=True, current_version__isnull=False)
        .filter(~Exists(confirmed))
        .select_related("current_version")
        .only("pk", "title", "updated_at", "current_version__number")
        .order_by("-updated_at", "-pk")[:limit]
    )


def documents_to_acknowledge_of(
    *, people: Sequence[User], limit: int = 10, window: int = 200
) -> dict[int, list[Document]]:
    """`documents_to_acknowledge` for several people at once (a manager's team): among the
    `window` newest documents asking for acknowledgement, those each person has not confirmed,
    at most `limit` each (two queries, one when nothing asks)."""
    asking = list(
        Document.objects.filter(requires_acknowledgement=True, current_version__isnull=False)
        .select_related("current_version")
        .only("pk", "title", "updated_at", "current_version__number")
        .order_by("-updated_at", "-pk")[:window]
    )
    if not asking:
        return {person.pk: [] for person in people}
    confirmed = set(
        DocumentAcknowledgement.objects.filter(
            user_id__in=[person.pk for person in people],
            version_id__in=[document.current_version_id for document in asking],
        ).values_list("user_id", "version_id")
    )
    return {
        person.pk: [d for d in asking if (person.pk, d.current_version_id) not in confirmed][:limit]
        for person in people
    }


# --- Events ---------------------------------------------------------------------------------
def _day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The start of `day` and of the next day, in the current time zone."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
    return start, start + datetime.timedelta(days=1)


def event_list(
    *, user: User, past: bool = False, day: datetime.date | None = None
) -> QuerySet[Event]:
    """Upcoming events (soonest first), past ones (latest first), or those running on `day`
    (multi-day ones included, by start time): the calendar's "+N more" list of a day."""
    now = timezone.now()
    events = Event.objects.select_related("organiser")
    if day is not None:
        start, end = _day_bounds(day)
        return events.filter(starts_at__lt=end, ends_at__gte=start).order_by("starts_at", "pk")
    if past:
        return events.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    return events.filter(ends_at__gte=now).order_by("starts_at", "pk")


def event_get(*, user: User, pk: int) -> Event:
    return get_object_or_404(Event.objects.select_related("organiser"), pk=pk)


def event_rsvp_status(*, user: User, event: Event) -> str:
    return (
        EventRSVP.objects.filter(event=event, user=user).values_list("status", flat=True).first()
        or ""
    )


def event_participants(*, event: Event) -> QuerySet[User]:
    return User.objects.filter(
        event_rsvps__event=event, event_rsvps__status=EventRSVP.Status.GOING
    ).order_by("last_name", "first_name")


def events_attended(*, user: User) -> QuerySet[Event]:
    return Event.objects.filter(rsvps__user=user, rsvps__status=EventRSVP.Status.GOING).order_by(
        "starts_at"
    )


def calendar_feed_token_of(*, user: User) -> CalendarFeedToken | None:
    return CalendarFeedToken.objects.filter(user=user).first()


def calendar_feed_owner(*, token: str) -> User:
    """The active person whose secret feed URL carries `token`, else 404 (same for every miss)."""
    feed = get_object_or_404(
        CalendarFeedToken.objects.select_related("user"), token=token, user__is_active=True
    )
    return feed.user


# At most this many events are shown in a day of the calendar, then "+N more" (the day's list).
CALENDAR_EVENTS_PER_DAY = 3


@dataclass
class CalendarMonth:
    year: int
    month: int
    weeks: list[list[dict[str, Any]]]
    previous: datetime.date
    next: datetime.date

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)

    @property
    def days_with_events(self) -> list[dict[str, Any]]:
        """The month's own days that have events, in order (the agenda shown on phones)."""
        return [day for week in self.weeks for day in week if day["in_month"] and day["events"]]


def event_calendar(*, user: User, year: int, month: int) -> CalendarMonth:
    """A month grid (weeks × days, Monday first); each day holds its first events by start time
    (`events`, at most `CALENDAR_EVENTS_PER_DAY`) and how many more it has (`more`). One query,
    of the columns a cell shows: the rendering is bounded, the scan of the month is light."""
    first = datetime.date(year, month, 1)
    days_in_month = calendar.monthrange(year, month)[1]
    last_of_month = first.replace(day=days_in_month)
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=tz)
    end = start + datetime.timedelta(days=days_in_month)
    shown: dict[datetime.date, list[Event]] = {}
    more: dict[datetime.date, int] = {}
    events = (
        Event.objects.filter(starts_at__lt=end, ends_at__gte=start)
        .only("pk", "title", "starts_at", "ends_at")
        .order_by("starts_at", "pk")
    )
    one_day = datetime.timedelta(days=1)
    for event in events:
        day = max(timezone.localtime(event.starts_at, tz).date(), first)
        last = min(timezone.localtime(event.ends_at, tz).date(), last_of_month)
        while day <= last:
            cell = shown.setdefault(day, [])
            if len(cell) < CALENDAR_EVENTS_PER_DAY:
                cell.append(event)
            else:
                more[day] = more.get(day, 0) + 1
            day += one_day
    today = timezone.localdate()
    weeks = [
        [
            {
                "date": day,
                "in_month": day.month == month,
                "today": day == today,
                "events": shown.get(day, []),
                "more": more.get(day, 0),
            }
            for day in week
        ]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]
    previous = (first - one_day).replace(day=1)
    following = (first + datetime.timedelta(days=days_in_month)).replace(day=1)
    return CalendarMonth(year=year, month=month, weeks=weeks, previous=previous, next=following)


# --- Pages ----------------------------------------------------------------------------------
def page_list(*, user: User) -> QuerySet[Page]:
    pages = Page.objects.select_related("category")
    if not permissions.can_manage_content(user):
        pages = pages.filter(status=Page.Status.PUBLISHED)
    return pages.order_by("category__name", "title")


def page_get(*, user: User, slug: str) -> Page:
    return get_object_or_404(page_list(user=user), slug=slug)


# --- Dashboard and search -------------------------------------------------------------------
def dashboard_panels(*, user: User) -> tuple[list[str], dict[str, Any]]:
    """Panel templates and the context keys they read."""
    latest = list(
        announcements_for_reader(user=user)
        .select_related("author", "category")
        .order_by("-important", "-publish_at", "-pk")[:5]
    )
    upcoming = list(event_list(user=user)[:5])
    return (
        ["content/_dashboard_announcements.html", "content/_dashboard_events.html"],
        {"latest_announcements": latest, "upcoming_events": upcoming},
    )


def dashboard_obligations(
    *,
    user: User,
    must_reads: Sequence[Announcement | Any] | None = None,
    documents: Sequence[Document | Any] | None = None,
) -> list[dict[str, Any]]:
    """The dashboard's "To do" items (`{"kind", "label", "url", "due", "overdue", "since",
    "note"}`) for the must-reads and documents `user` has to acknowledge.

    `must_reads`: the caller's `must_reads_pending(user=user)[:10]`, `documents` its
    `documents_to_acknowledge(user=user)`, when it has them: models, or the dashboard's light
    rows with the same attributes (`title`, `get_absolute_url()`, `publish_at`/`updated_at`,
    `current_version.number`)."""
    if documents is None:
        documents = documents_to_acknowledge(user=user)
    if must_reads is None:
        must_reads = list(must_reads_pending(user=user)[:10])
    items = [
        {
            "kind": _("Must read"),
            "label": _("Read: %(title)s") % {"title": announcement.title},
            "url": announcement.get_absolute_url(),
            "due": None,
            "overdue": False,
            "since": announcement.publish_at,
            "note": "",
            "title": announcement.title,
            "acknowledge_url": reverse("content:announcement_acknowledge", args=[announcement.pk]),
        }
        for announcement in must_reads[:10]
    ]
    items += [
        {
            "kind": _("Document to acknowledge"),
            "label": _("Acknowledge: %(title)s") % {"title": document.title},
            "url": document.get_absolute_url(),
            "due": None,
            "overdue": False,
            "since": document.updated_at,
            "note": _("Version %(number)s") % {"number": document.current_version.number},
        }
        for document in documents[:10]
    ]
    return items


def page_search(*, query: str, language: str) -> QuerySet[Page]:
    """Published pages matching `query`, best first (pages are visible to every employee)."""
    return text_search(
        Page.objects.filter(status=Page.Status.PUBLISHED),
        query,
        ["title", "body"],
        language=language,
    )


def search_groups(*, user: User, query: str, language: str) -> list[SearchGroup]:
    """Announcements depend on the reader's audience only; documents, events and pages are the
    same for every employee: all four previews are shared (`SearchGroup.shared`)."""
    return [
        SearchGroup(
            key="announcements",
            label=_("Announcements"),
            rows=lambda: text_search(
                announcements_for_reader(user=user),
                query,
                ["title", "content"],
                language=language,
                newest="publish_at",
            ),
            shared=(query, language, *reader_audience(user)),
            to_hit=lambda a: SearchHit(
                title=a.title,
                url=a.get_absolute_url(),
                snippet=snippet(a, a.content, query),
                meta=a.get_type_display(),
            ),
        ),
        SearchGroup(
            key="documents",
            label=_("Documents"),
            rows=lambda: document_list(user=user, query=query, language=language),
            shared=(query, language),
            to_hit=lambda d: SearchHit(
                title=d.title, url=d.get_absolute_url(), snippet=snippet(d, d.description, query)
            ),
        ),
        SearchGroup(
            key="events",
            label=_("Events"),
            rows=lambda: text_search(
                Event.objects.all(), query, ["title", "location", "description"], language=language
            ),
            # The start shows in the current time zone.
            shared=(query, language, timezone.get_current_timezone_name()),
            to_hit=lambda e: SearchHit(
                title=e.title,
                url=e.get_absolute_url(),
                snippet=snippet(e, e.description, query),
                meta=formats.date_format(timezone.localtime(e.starts_at), "SHORT_DATETIME_FORMAT"),
            ),
        ),
        SearchGroup(
            key="pages",
            label=_("Pages"),
            rows=lambda: page_search(query=query, language=language),
            shared=(query, language),
            to_hit=lambda p: SearchHit(
                title=p.title, url=p.get_absolute_url(), snippet=snippet(p, p.body, query)
            ),
        ),
    ]
