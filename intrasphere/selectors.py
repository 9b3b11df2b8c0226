"""Reads that compose every domain: the dashboard and the global search."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.db import connection
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts import selectors as accounts_selectors
from accounts.models import User
from complaints import permissions as complaints_permissions
from complaints import selectors as complaints_selectors
from complaints.models import Complaint
from complaints.selectors import WAITING_ON_HANDLER
from content import selectors as content_selectors
from content.models import AnnouncementAcknowledgement, DocumentAcknowledgement
from forum import permissions as forum_permissions
from forum import selectors as forum_selectors
from forum.models import Category
from intrasphere import caching, charts, unread
from intrasphere import rows as model_rows
from intrasphere.models import Notification
from intrasphere.search import SearchGroup
from training import permissions as training_permissions
from training import selectors as training_selectors
from training.models import Certificate, Participant, Training
from training.selectors import EXPIRY_NOTICE_DAYS, SEATED_LIMIT

OBLIGATIONS_LIMIT = 10  # rows of each kind in "My obligations"
NOTIFICATIONS_LIMIT = 5


def notification_list(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


_charts: dict[tuple, SafeString] = {}


def _chart(key: tuple, draw: Callable[[], SafeString]) -> SafeString:
    """`draw()`, kept per process under `key` (the chart's kind and numbers) and the language:
    a chart's SVG depends on nothing else, and the same counts come back on every view (the
    managers' shared ones above all), where drawing took ~0.1 ms each."""
    key = (get_language(), *key)
    found = _charts.get(key)
    if found is None:
        if len(_charts) > 1000:  # numbers change slowly; a bound all the same
            _charts.clear()
        found = _charts[key] = draw()
    return found


def _completion_chart(completion: training_selectors.Completion, title: str) -> SafeString:
    return _chart(
        ("completion", title, completion.done, completion.in_progress, completion.not_started),
        lambda: charts.stacked_bar_svg(
            [
                (_("Done"), completion.done, charts.DONE_COLOR),
                (_("In progress"), completion.in_progress, charts.PROGRESS_COLOR),
                (_("Not started"), completion.not_started, charts.PENDING_COLOR),
            ],
            title=title,
        ),
    )


def dashboard_charts(
    user: User, *, mandatory: tuple[int, int, int] | None = None
) -> tuple[list[str], dict[str, Any]]:
    """Chart panels (complaints by status, training completion) for those they concern
    (`mandatory`: the training managers' shared completion, when the caller has it)."""
    panels: list[str] = []
    context: dict[str, Any] = {}
    completion = training_selectors.dashboard_completion(user=user, mandatory=mandatory)
    training_charts = [
        (title, _completion_chart(found, title))
        for title, found in (
            (_("My trainings"), completion["mine"]),
            (_("Mandatory trainings, all participants"), completion["mandatory"]),
        )
        if found is not None
    ]
    if training_charts:
        panels.append("training/_dashboard_completion_chart.html")
        context["training_charts"] = training_charts
    by_status = complaints_selectors.dashboard_status_counts(user=user)
    if by_status is not None:
        panels.append("complaints/_dashboard_status_chart.html")
        context["complaints_status_chart"] = (
            _chart(
                ("complaints", *by_status),
                lambda: charts.bar_chart_svg(
                    [label for label, _count in by_status],
                    [count for _label, count in by_status],
                    title=_("Complaints by status"),
                    label_width=170,
                    bar_width=220,
                ),
            )
            if any(count for _label, count in by_status)
            else None
        )
    return panels, context


def unread_message_count(user: User) -> int:
    return unread.unread_counts(user)["messages"]


def dashboard_counts(user: User) -> dict[str, int]:
    """The dashboard's global tiles (people, announcements of the reader's audience, documents,
    upcoming events), in one query, from the part shared by the audience (`dashboard_shared`)."""
    return dashboard_shared(user)["counts"]


def _count_global(user: User) -> dict[str, int]:
    return caching.count_together(
        {
            "people": accounts_selectors.active_people(),
            "announcements": content_selectors.announcements_for_reader(user=user),
            "documents": content_selectors.document_list(user=user),
            "events": content_selectors.event_list(user=user),
        }
    )


def dashboard_shared(user: User) -> dict[str, Any]:
    """What the dashboard shows the same to everybody in `user`'s audience, in their language:
    the global counts, the latest announcements, upcoming events and recent forum topics
    (rendered without the request, so nothing of a viewer is in them; "how long ago" is a
    viewer part), the live must-reads and the documents asking acknowledgement (light tuples;
    each viewer's acknowledgements are read apart). Computed again when a model of
    `caching.SHARED_VALUES["dashboard"]` changes; what time changes (an event ending, an
    announcement going live) within the TTL, as before (`STATS_CACHE_TTL`)."""
    return caching.shared_values([_dashboard_shared_request(user)])[0]


def _dashboard_shared_request(user: User) -> caching.SharedValueRequest:
    return (
        "dashboard",
        (get_language(), *content_selectors.reader_audience(user)),
        lambda: _dashboard_shared(user),
    )


def _dashboard_shared(user: User) -> dict[str, Any]:
    _panels, content_context = content_selectors.dashboard_panels(user=user)
    topics = forum_selectors.dashboard_recent_topics(user=user)
    return {
        "counts": _count_global(user),
        "announcements": caching.render_alone(
            "content/_dashboard_announcements.html", content_context
        ),
        "events": caching.render_alone("content/_dashboard_events.html", content_context),
        "forum": caching.render_alone(
            "forum/_dashboard_recent_topics.html", {"forum_recent_topics": topics}
        ),
        # URLs reversed once here, like the links of the rendered panels.
        "must_reads": [
            (a.pk, a.title, a.get_absolute_url())
            for a in content_selectors.live_must_reads(user=user)
        ],
        "documents_asking": [
            (d.pk, d.title, d.current_version_id, d.current_version.number, d.get_absolute_url())
            for d in content_selectors.documents_asking_acknowledgement()
        ],
    }


def dashboard_stats(user: User, counts: dict[str, int] | None = None) -> list[tuple[str, int, str]]:
    """The people and content tiles, from the shared counts (`counts`: the caller's, from
    `dashboard_shared`)."""
    if counts is None:
        counts = dashboard_counts(user)
    return [
        (_("Colleagues"), counts["people"], "accounts:directory"),
        (_("Unread messages"), unread_message_count(user), "messaging:inbox"),
        (_("Announcements"), counts["announcements"], "content:announcement_list"),
        (_("Documents"), counts["documents"], "content:document_list"),
        (_("Upcoming events"), counts["events"], "content:event_list"),
    ]


@dataclass(frozen=True)
class _Version:
    number: int


@dataclass(frozen=True)
class _Linked:
    """An announcement or document as the banner and obligations show it, from the shared
    tuples (no model instance, no `reverse` per row)."""

    pk: int
    title: str
    url: str
    current_version_id: int | None = None
    current_version: _Version | None = None

    def get_absolute_url(self) -> str:
        return self.url


@dataclass(frozen=True)
class SharedPanel:
    """A dashboard panel already rendered (shared); other panels are template names."""

    html: SafeString


# Every shared value the dashboard may show: their generations are read with the rights.
DASHBOARD_VALUES = (
    "dashboard",
    "complaint_counts",
    "mandatory_completion",
    "forum_moderation_waiting",
)


def dashboard_context(user: User) -> dict[str, Any]:
    """Each domain contributes its panels through its own selectors: what is the same for an
    audience from `dashboard_shared`, the viewer's own rows from one statement
    (`personal_reads`), what managers share from shared values.

    One round trip to the cache: the viewer's rights (global, and on forum categories) with
    the generations of every shared value the dashboard may show (those the rights call for
    are then read from the process's or the shared cache)."""
    found = accounts_selectors.read_rights_ahead(
        user,
        [Category],
        also=[key for name in DASHBOARD_VALUES for key in caching.value_generation_keys(name)],
    )
    complaint_manager = complaints_permissions.is_complaint_manager(user)
    training_manager = training_permissions.can_manage_all(user)
    moderator = forum_permissions.is_moderator_somewhere(user)
    requests = [_dashboard_shared_request(user)]
    if complaint_manager:
        requests.append(complaints_selectors.all_counts_request())
    if training_manager:
        requests.append(training_selectors.mandatory_completion_request())
    if moderator:
        requests.append(forum_selectors.moderation_waiting_request(user))
    shared, *values = caching.shared_values(requests, found=found)
    complaint_counts = values.pop(0) if complaint_manager else None
    mandatory = values.pop(0) if training_manager else None
    moderation_waiting = values.pop(0) if moderator else 0
    reads = personal_reads(
        user,
        announcement_ids=[row[0] for row in shared["must_reads"]],
        version_ids=[row[2] for row in shared["documents_asking"]],
        handled=not complaint_manager,
    )
    training_selectors.dashboard_use_seated(user=user, seated=reads.seated)
    handled = complaint_counts if reads.handled_by_status is None else reads.handled_by_status
    complaints_selectors.dashboard_use_handled(user=user, rows=handled)
    live = shared["must_reads"]
    pending = (row for row in live if row[0] not in reads.acknowledged_announcements)
    must_reads = [_Linked(pk, title, url) for pk, title, url in islice(pending, OBLIGATIONS_LIMIT)]
    asking = shared["documents_asking"]
    unconfirmed = (row for row in asking if row[2] not in reads.acknowledged_versions)
    documents = [
        _Linked(pk, title, url, version_pk, _Version(number))
        for pk, title, version_pk, number, url in islice(unconfirmed, OBLIGATIONS_LIMIT)
    ]
    chart_panels, chart_context = dashboard_charts(user, mandatory=mandatory)
    registered = training_selectors.dashboard_registered(user=user)
    forum = caching.fill_viewer_parts(shared["forum"], {"timesince": caching.timesince_parts})
    return {
        "stats": [
            *dashboard_stats(user, shared["counts"]),
            *training_selectors.dashboard_stats(user=user, registered=registered),
            *complaints_selectors.dashboard_stats(user=user),
        ],
        "panels": [
            SharedPanel(mark_safe(shared["announcements"])),  # noqa: S308 (our own rendering)
            SharedPanel(mark_safe(shared["events"])),  # noqa: S308 (our own rendering)
            *training_selectors.dashboard_panels(user=user),
            *chart_panels,
            SharedPanel(forum),
        ],
        "banners": ["content/_must_read_banner.html"],
        "obligations": [
            *content_selectors.dashboard_obligations(
                user=user, must_reads=must_reads, documents=documents
            ),
            *training_selectors.dashboard_obligations(
                user=user, registered=registered, expiring=reads.expiring_certificates
            ),
            *complaints_selectors.dashboard_obligations(
                user=user, waiting=reads.waiting_complaints
            ),
            *forum_selectors.dashboard_obligations(user=user, waiting=moderation_waiting),
        ],
        "training_progress": training_selectors.dashboard_progress(
            user=user, registered=registered
        ),
        "recent_notifications": reads.notifications,
        "must_reads": must_reads[:3],
        **chart_context,
    }


# --- The dashboard's personal reads, in one statement ------------------------------------------
# Each `ORM` query of the dashboard cost 0.4–1.5 ms of Python for a statement of ~0.1 ms
# (bench/RESULTS.md): the viewer's own rows of every domain are read together, each branch
# written from the models' metadata (quoted names; values are parameters), and handed to the
# domains' dashboard selectors.
@dataclass
class PersonalReads:
    """The viewer's own rows the dashboard shows (each list already ordered and limited)."""

    seated: list[Participant] = field(default_factory=list)
    expiring_certificates: list[Certificate] = field(default_factory=list)
    waiting_complaints: list[Complaint] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)
    acknowledged_announcements: set[int] = field(default_factory=set)
    acknowledged_versions: set[int] = field(default_factory=set)
    handled_by_status: list[tuple[str, int, int]] | None = None


def _q(model: type[Model], name: str | None = None) -> str:
    """The quoted table of `model`, or its quoted "table"."column" for field `name`."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    if name is None:
        return table
    return f"{table}.{quote(model._meta.get_field(name).column)}"


def _null(model: type[Model], name: str) -> str:
    """A NULL of the column type of `model.name` (UNION ALL branches need matching types)."""
    return f"CAST(NULL AS {model._meta.get_field(name).db_type(connection)})"


# Columns of every branch: kind, rank, id, ref, number, text, status, moment, day.
def _branch(kind: str, columns: list[str], rest: str) -> str:
    return f"SELECT * FROM (SELECT '{kind}' AS kind, {', '.join(columns)} {rest}) AS branch_{kind}"  # noqa: S608


@functools.cache
def _personal_sql(*, announcement_ids: int, version_ids: int, handled: bool) -> str:
    big, text = _null(Participant, "id"), "CAST(NULL AS TEXT)"
    moment, day = _null(Notification, "created_at"), _null(Participant, "due_date")
    small = "CAST(NULL AS INTEGER)"
    waiting_statuses = model_rows.placeholders(len(WAITING_ON_HANDLER))
    p, t = Participant, Training
    branches = [
        _branch(
            "p",
            [
                f"ROW_NUMBER() OVER (ORDER BY {_q(p, 'status')}, {_q(p, 'registered_at')} DESC, "
                f"{_q(p, 'id')} DESC) AS rank",
                f"{_q(p, 'id')} AS id",
                f"{_q(p, 'training')} AS ref",
                f"{_q(p, 'progress')} AS number",
                f"{_q(t, 'title')} AS text",
                f"{_q(p, 'status')} AS status",
                f"{moment} AS moment",
                f"{_q(p, 'due_date')} AS day",
            ],
            f"FROM {_q(p)} INNER JOIN {_q(t)} ON {_q(p, 'training')} = {_q(t, 'id')} "
            f"WHERE {_q(p, 'user')} = %s AND {_q(p, 'status')} IN (%s, %s) "
            f"ORDER BY 2 LIMIT {SEATED_LIMIT}",
        ),
        _branch(
            "c",
            [
                f"ROW_NUMBER() OVER (ORDER BY {_q(Certificate, 'issued_at')} DESC) AS rank",
                f"{_q(Certificate, 'id')} AS id",
                f"{_q(Certificate, 'training')} AS ref",
                f"{small} AS number",
                f"{_q(t, 'title')} AS text",
                f"{text} AS status",
                f"{_q(Certificate, 'expires_at')} AS moment",
                f"{day} AS day",
            ],
            f"FROM {_q(Certificate)} INNER JOIN {_q(t)} "
            f"ON {_q(Certificate, 'training')} = {_q(t, 'id')} "
            f"WHERE {_q(Certificate, 'user')} = %s AND {_q(Certificate, 'expires_at')} > %s "
            f"AND {_q(Certificate, 'expires_at')} <= %s ORDER BY 2 LIMIT {OBLIGATIONS_LIMIT}",
        ),
        _branch(
            "w",
            [
                f"ROW_NUMBER() OVER (ORDER BY CASE WHEN {_q(Complaint, 'due_at')} IS NULL THEN 1 "
                f"ELSE 0 END, {_q(Complaint, 'due_at')}, {_q(Complaint, 'id')}) AS rank",
                f"{_q(Complaint, 'id')} AS id",
                f"{_q(Complaint, 'submitter')} AS ref",
                f"{_q(Complaint, 'assignee')} AS number",
                f"{_q(Complaint, 'title')} AS text",
                f"{_q(Complaint, 'status')} AS status",
                f"{_q(Complaint, 'due_at')} AS moment",
                f"{day} AS day",
            ],
            f"FROM {_q(Complaint)} WHERE ({_q(Complaint, 'assignee')} = %s "
            f"AND {_q(Complaint, 'status')} IN ({waiting_statuses})) "
            f"OR ({_q(Complaint, 'submitter')} = %s AND {_q(Complaint, 'status')} = %s) "
            f"ORDER BY 2 LIMIT {OBLIGATIONS_LIMIT}",
        ),
        _branch(
            "n",
            [
                f"ROW_NUMBER() OVER (ORDER BY {_q(Notification, 'created_at')} DESC, "
                f"{_q(Notification, 'id')} DESC) AS rank",
                f"{_q(Notification, 'id')} AS id",
                f"{big} AS ref",
                f"{small} AS number",
                f"{_q(Notification, 'message')} AS text",
                f"{_q(Notification, 'url')} AS status",
                f"{_q(Notification, 'created_at')} AS moment",
                f"{day} AS day",
            ],
            f"FROM {_q(Notification)} WHERE {_q(Notification, 'recipient')} = %s "
            f"ORDER BY 2 LIMIT {NOTIFICATIONS_LIMIT}",
        ),
    ]
    notifications, messages = unread.unread_columns()
    branches.append(  # the header's counters, read here for the whole page
        _branch(
            "u",
            [
                f"0 AS rank, {notifications} AS id, {messages} AS ref, {small} AS number, "
                f"{text} AS text, {text} AS status, {moment} AS moment, {day} AS day"
            ],
            "",
        )
    )
    if announcement_ids:
        a = AnnouncementAcknowledgement
        branches.append(
            _branch(
                "a",
                [
                    f"0 AS rank, {_q(a, 'announcement')} AS id, {big} AS ref, {small} AS number, "
                    f"{text} AS text, {text} AS status, {moment} AS moment, {day} AS day"
                ],
                f"FROM {_q(a)} WHERE {_q(a, 'user')} = %s "
                f"AND {model_rows.among(_q(a, 'announcement'), announcement_ids)}",
            )
        )
    if version_ids:
        d = DocumentAcknowledgement
        branches.append(
            _branch(
                "d",
                [
                    f"0 AS rank, {_q(d, 'version')} AS id, {big} AS ref, {small} AS number, "
                    f"{text} AS text, {text} AS status, {moment} AS moment, {day} AS day"
                ],
                f"FROM {_q(d)} WHERE {_q(d, 'user')} = %s "
                f"AND {model_rows.among(_q(d, 'version'), version_ids)}",
            )
        )
    if handled:
        c = Complaint
        branches.append(
            _branch(
                "h",
                [
                    "0 AS rank",
                    "COUNT(*) AS id",
                    f"SUM(CASE WHEN {_q(c, 'due_at')} < %s THEN 1 ELSE 0 END) AS ref",
                    f"{small} AS number",
                    f"{text} AS text",
                    f"{_q(c, 'status')} AS status",
                    f"{moment} AS moment",
                    f"{day} AS day",
                ],
                f"FROM {_q(c)} WHERE {_q(c, 'assignee')} = %s GROUP BY {_q(c, 'status')}",
            )
        )
    return " UNION ALL ".join(branches)


# The fields of the statement's rows built as model instances (the others are deferred: no
# panel reads them; `test_personal_rows_are_those_of_the_orm` pins it).
_ROW_FIELDS = {
    Participant: ("id", "training", "user", "status", "progress", "due_date"),
    Training: ("id", "title"),
    Complaint: ("id", "submitter", "assignee", "title", "status", "due_at"),
    Notification: ("id", "recipient", "message", "url", "created_at"),
    Certificate: ("id", "training", "user", "expires_at"),
}


@functools.cache
def _fields(model: type[Model]) -> list[Any]:
    return [model._meta.get_field(name) for name in _ROW_FIELDS[model]]


def personal_reads(
    user: User, *, announcement_ids: list[int], version_ids: list[int], handled: bool
) -> PersonalReads:
    """The viewer's rows of every dashboard panel, in one statement: seated trainings,
    certificates expiring within 30 days, complaints waiting for them, latest notifications,
    their acknowledgements of `announcement_ids` and of document `version_ids`, the unread
    counters (kept for the header), and with `handled` the complaints assigned to them by status.
    """
    now = timezone.now()
    adapt = connection.ops.adapt_datetimefield_value
    params: list[Any] = [user.pk, *Participant.SEATED]
    params += [user.pk, adapt(now), adapt(now + datetime.timedelta(days=EXPIRY_NOTICE_DAYS))]
    params += [user.pk, *WAITING_ON_HANDLER, user.pk, Complaint.Status.WAITING]
    params += [user.pk, user.pk, user.pk]
    params += [user.pk, *model_rows.ids_param(announcement_ids)] if announcement_ids else []
    params += [user.pk, *model_rows.ids_param(version_ids)] if version_ids else []
    params += [adapt(now), user.pk] if handled else []
    sql = _personal_sql(
        announcement_ids=len(announcement_ids), version_ids=len(version_ids), handled=handled
    )
    with model_rows.prepared_cursor() as cursor:
        cursor.execute(sql, params)
        rows = sorted(cursor.fetchall(), key=lambda row: (row[0], row[1]))
    reads = PersonalReads(handled_by_status=[] if handled else None)
    for kind, _rank, pk, ref, number, text, status, moment, day in rows:
        if kind == "p":  # every seated participation (dozens for some): built as the ORM does
            participant = model_rows.from_row(
                Participant, [pk, ref, user.pk, status, number, day], _fields(Participant)
            )
            training = model_rows.from_row(Training, [ref, text], _fields(Training))
            Participant.training.field.set_cached_value(participant, training)
            reads.seated.append(participant)
        elif kind == "c":
            certificate = model_rows.from_row(
                Certificate, [pk, ref, user.pk, moment], _fields(Certificate)
            )
            training = model_rows.from_row(Training, [ref, text], _fields(Training))
            Certificate.training.field.set_cached_value(certificate, training)
            reads.expiring_certificates.append(certificate)
        elif kind == "w":
            reads.waiting_complaints.append(
                model_rows.from_row(
                    Complaint, [pk, ref, number, text, status, moment], _fields(Complaint)
                )
            )
        elif kind == "n":
            reads.notifications.append(
                model_rows.from_row(
                    Notification, [pk, user.pk, text, status, moment], _fields(Notification)
                )
            )
        elif kind == "u":
            unread.keep_unread_counts(user, notifications=pk, messages=ref)
        elif kind == "a":
            reads.acknowledged_announcements.add(pk)
        elif kind == "d":
            reads.acknowledged_versions.add(pk)
        elif kind == "h":
            reads.handled_by_status.append((status, pk, ref or 0))
    return reads


def search_groups(*, user: User, query: str, language: str) -> list[SearchGroup]:
    """Every domain's results for `query`, each already limited to what `user` may see."""
    if not query:
        return []
    groups: list[SearchGroup] = []
    groups += accounts_selectors.search_groups(user=user, query=query, language=language)
    groups += content_selectors.search_groups(user=user, query=query, language=language)
    groups += training_selectors.search_groups(user=user, query=query, language=language)
    groups += forum_selectors.search_groups(user=user, query=query, language=language)
    groups += complaints_selectors.search_groups(user=user, query=query, language=language)
    return groups


def help_pages(*, query: str, language: str, limit: int = 5) -> list:
    """Content pages that may answer a question (suggested before filing a complaint)."""
    if not query:
        return []
    return list(content_selectors.page_search(query=query, language=language)[:limit])


def privacy_periods() -> list[tuple[str, int]]:
    """The retention periods in days (0: never), as the privacy notice and docs state them."""
    from django.conf import settings
    from django.utils.translation import gettext as _

    return [
        (_("Deactivated accounts are anonymised after"), settings.PRIVACY_ANONYMISE_AFTER_DAYS),
        (_("Audit entries (with IP addresses) and sign-in records"), settings.PRIVACY_AUDIT_DAYS),
        (_("Read notifications"), settings.PRIVACY_READ_NOTIFICATION_DAYS),
        (_("Sent email"), settings.PRIVACY_SENT_MAIL_DAYS),
        (_("Forum reading marks"), settings.PRIVACY_TOPIC_VIEW_DAYS),
        (_("Django admin history"), settings.PRIVACY_ADMIN_LOG_DAYS),
    ]
