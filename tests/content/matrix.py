"""Matrix cases for announcements, documents, events, pages and categories."""

from content import services
from content.models import AnnouncementComment, AnnouncementCommentReport, EventRSVP
from tests.content.factories import (
    AnnouncementFactory,
    CategoryFactory,
    EventFactory,
    PageFactory,
    make_announcement_with_image,
    make_document,
)
from tests.factories import UserFactory
from tests.matrix import Case, everyone, needs, public

MA = "content.manage_announcements"
MD = "content.manage_documents"
ME = "content.manage_events"
MC = "content.manage_content"

OBJECTS = {
    "announcement": lambda w: AnnouncementFactory(author=w.user("admin"), important=True),
    # Meant for Finance only: the matrix users work in Operations, so readers get 404.
    "targeted": lambda w: AnnouncementFactory(
        author=w.user("admin"), audience_departments="|Finance|", audience_restricted=True
    ),
    "pictured": lambda w: make_announcement_with_image(actor=w.user("admin")),
    "draft": lambda w: AnnouncementFactory(author=w.user("admin"), draft=True),
    # Written by someone outside the matrix roles, so every role may report it.
    "comment": lambda w: AnnouncementComment.objects.create(
        announcement=w.get("announcement"), author=UserFactory(), content="A *comment*"
    ),
    "comment_report": lambda w: AnnouncementCommentReport.objects.create(
        comment=w.get("comment"), reporter=UserFactory(), reason="Off topic"
    ),
    "document": lambda w: make_document(actor=w.user("admin")),
    "event": lambda w: EventFactory(organiser=w.user("admin"), capacity=10),
    "page": lambda w: PageFactory(author=w.user("admin")),
    "draft_page": lambda w: PageFactory(author=w.user("admin"), status="draft"),
    "category": lambda w: CategoryFactory(),
    "feed": lambda w: services.calendar_feed_token_regenerate(user=w.user("employee")),
}


def pk(name):
    return lambda w: {"pk": w.get(name).pk}


def slug(name):
    return lambda w: {"slug": w.get(name).slug}


def announcement_data(w):
    return {
        "title": "Matrix news",
        "content": "Body",
        "type": "news",
        "icon": "info",
        "publish_at": "2024-01-01T10:00",
    }


def event_data(w):
    return {
        "title": "Matrix event",
        "type": "meeting",
        "starts_at": "2030-01-01T10:00",
        "ends_at": "2030-01-01T11:00",
    }


CASES = [
    # Announcements
    Case("content:announcement_list", everyone()),
    Case("content:announcement_list", everyone(), query="type=policy&category=999", label="filter"),
    Case("content:announcement_detail", everyone(), kwargs=pk("announcement")),
    Case(
        "content:announcement_detail",
        {**needs(MA, denied=404), "moderator": 404},
        kwargs=pk("targeted"),
        label="other audience",
    ),
    Case(
        "content:announcement_detail",
        {**needs(MA, denied=404), "moderator": 404},
        kwargs=pk("draft"),
        label="draft",
    ),
    Case("content:announcement_create", needs(MA)),
    Case(
        "content:announcement_create",
        needs(MA),
        method="POST",
        data=lambda w: {**announcement_data(w), "action": "preview"},
        label="preview",
    ),
    Case("content:announcement_audience_count", needs(MA), query="departments=Operations"),
    # Reactions and comments: every reader; moderation: moderators and content managers.
    Case(
        "content:announcement_react",
        everyone(302),
        method="POST",
        kwargs=pk("announcement"),
        data=lambda w: {"kind": "thanks"},
    ),
    Case(
        "content:announcement_comment",
        everyone(302),
        method="POST",
        kwargs=pk("announcement"),
        data=lambda w: {"content": "Well said"},
    ),
    Case("content:comment_report", everyone(), kwargs=pk("comment")),
    Case("content:comment_reports", needs(MA, moderator=200)),
    Case(
        "content:comment_report_dismiss",
        needs(MA, ok=302, moderator=302),
        method="POST",
        kwargs=pk("comment_report"),
    ),
    Case(
        "content:comment_hide",
        needs(MA, ok=302, moderator=302),
        method="POST",
        kwargs=pk("comment"),
    ),
    Case(
        "content:comment_delete",
        needs(MA, ok=302, moderator=302),
        method="POST",
        kwargs=pk("comment"),
    ),
    Case("content:announcement_create", needs(MA, ok=302), method="POST", data=announcement_data),
    Case("content:announcement_edit", needs(MA), kwargs=pk("announcement")),
    Case(
        "content:announcement_edit",
        needs(MA, ok=302),
        method="POST",
        kwargs=pk("announcement"),
        data=announcement_data,
    ),
    Case("content:announcement_delete", needs(MA), kwargs=pk("announcement")),
    Case(
        "content:announcement_delete", needs(MA, ok=302), method="POST", kwargs=pk("announcement")
    ),
    Case("content:announcement_image", everyone(), kwargs=pk("pictured")),
    Case("content:announcement_thumbnail", everyone(), kwargs=pk("pictured")),
    Case("content:announcement_thumbnail", everyone(404), kwargs=pk("announcement"), label="none"),
    Case(
        "content:announcement_acknowledge", everyone(302), method="POST", kwargs=pk("announcement")
    ),
    Case("content:announcement_acknowledge", everyone(405), kwargs=pk("announcement"), label="GET"),
    # The author (admin) and announcement managers follow the readers.
    Case("content:announcement_acknowledgements", needs(MA), kwargs=pk("announcement")),
    Case("content:announcement_acknowledgements_csv", needs(MA), kwargs=pk("announcement")),
    Case(
        "content:announcement_remind", needs(MA, ok=302), method="POST", kwargs=pk("announcement")
    ),
    # Documents
    Case("content:document_list", everyone()),
    Case("content:document_list", everyone(), query="q=rules", label="search"),
    Case("content:document_detail", everyone(), kwargs=pk("document")),
    Case(
        "content:document_detail", everyone(404), kwargs=lambda w: {"pk": 999999}, label="unknown"
    ),
    Case("content:document_download", everyone(), kwargs=pk("document")),
    Case(
        "content:document_version_download",
        everyone(),
        kwargs=lambda w: {"pk": w.get("document").pk, "number": 1},
    ),
    Case(
        "content:document_version_download",
        everyone(404),
        kwargs=lambda w: {"pk": w.get("document").pk, "number": 7},
        label="unknown version",
    ),
    Case("content:document_acknowledge", everyone(302), method="POST", kwargs=pk("document")),
    Case("content:document_create", needs(MD)),
    Case("content:document_edit", needs(MD), kwargs=pk("document")),
    Case(
        "content:document_edit",
        needs(MD, ok=302),
        method="POST",
        kwargs=pk("document"),
        data=lambda w: {"title": "Renamed"},
    ),
    Case("content:document_delete", needs(MD), kwargs=pk("document")),
    Case("content:document_delete", needs(MD, ok=302), method="POST", kwargs=pk("document")),
    Case("content:document_version_create", needs(MD), kwargs=pk("document")),
    Case(
        "content:document_version_restore",
        needs(MD, ok=302),
        method="POST",
        kwargs=lambda w: {"pk": w.get("document").pk, "number": 1},
    ),
    # Events
    Case("content:event_list", everyone()),
    Case("content:event_list", everyone(), query="when=past", label="past"),
    Case("content:event_calendar", everyone()),
    Case("content:event_calendar_month", everyone(), kwargs=lambda w: {"year": 2030, "month": 2}),
    Case(
        "content:event_calendar_month",
        everyone(404),
        kwargs=lambda w: {"year": 2030, "month": 13},
        label="bad month",
    ),
    Case("content:event_feed", everyone()),
    # The secret address stands for the session: calendar apps fetch it without signing in.
    Case("content:event_feed_token", public(), kwargs=lambda w: {"token": w.get("feed").token}),
    Case(
        "content:event_feed_token",
        public(404),
        kwargs=lambda w: {"token": "not-a-real-token"},
        label="bad token",
    ),
    Case("content:event_feed_regenerate", everyone(302), method="POST"),
    Case("content:event_feed_regenerate", everyone(405), label="GET"),
    Case("content:event_feed_revoke", everyone(302), method="POST"),
    Case("content:event_feed_revoke", everyone(405), label="GET"),
    Case("content:event_detail", everyone(), kwargs=pk("event")),
    Case("content:event_ics", everyone(), kwargs=pk("event")),
    Case(
        "content:event_rsvp",
        everyone(302),
        method="POST",
        kwargs=pk("event"),
        data=lambda w: {"status": EventRSVP.Status.GOING},
    ),
    Case("content:event_create", needs(ME)),
    Case("content:event_create", needs(ME, ok=302), method="POST", data=event_data),
    Case("content:event_edit", needs(ME), kwargs=pk("event")),
    Case("content:event_delete", needs(ME), kwargs=pk("event")),
    Case("content:event_delete", needs(ME, ok=302), method="POST", kwargs=pk("event")),
    # Pages
    Case("content:page_list", everyone()),
    Case("content:page_detail", everyone(), kwargs=slug("page")),
    Case("content:page_detail", needs(MC, denied=404), kwargs=slug("draft_page"), label="draft"),
    Case("content:page_create", needs(MC)),
    Case("content:page_edit", needs(MC), kwargs=slug("page")),
    Case("content:page_delete", needs(MC), kwargs=slug("page")),
    Case("content:page_delete", needs(MC, ok=302), method="POST", kwargs=slug("page")),
    # Categories
    Case("content:category_list", needs(MC)),
    Case("content:category_create", needs(MC)),
    Case(
        "content:category_create",
        needs(MC, ok=302),
        method="POST",
        data=lambda w: {"name": "Matrix category"},
    ),
    Case("content:category_edit", needs(MC), kwargs=pk("category")),
    Case("content:category_delete", needs(MC), kwargs=pk("category")),
    Case("content:category_delete", needs(MC, ok=302), method="POST", kwargs=pk("category")),
]
