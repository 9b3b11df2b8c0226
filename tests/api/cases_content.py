"""API matrix cases: announcements (+ acknowledgements), documents (+ versions), events
(+ RSVP), content pages and categories. Objects come from tests/content/matrix.py."""

from tests.api.cases import needs, signed_in
from tests.matrix import Case

MA = "content.manage_announcements"
MD = "content.manage_documents"
ME = "content.manage_events"
MC = "content.manage_content"


def pk(name):
    return lambda w: {"pk": w.get(name).pk}


def version(name, number):
    return lambda w: {"pk": w.get(name).pk, "number": number}


def announcement_data(w):
    return {
        "title": "API news",
        "content": "Body",
        "type": "news",
        "icon": "info",
        "publish_at": "2024-01-01T10:00",
    }


def event_data(w):
    return {
        "title": "API event",
        "type": "meeting",
        "starts_at": "2030-01-01T10:00",
        "ends_at": "2030-01-01T11:00",
    }


def page_data(w):
    return {"title": "API page", "status": "published", "body": "Text"}


def hidden(perm, ok=200):
    """Managers get `ok`; readers do not even see the object (404)."""
    return {**needs(perm, ok=ok, denied=404)}


CASES = [
    # Announcements
    Case("api:announcement-list", signed_in()),
    Case("api:announcement-list", signed_in(), query="type=policy", label="filter"),
    Case("api:announcement-list", signed_in(400), query="category=abc", label="bad filter"),
    Case("api:announcement-list", needs(MA, ok=201), method="POST", data=announcement_data),
    Case(
        "api:announcement-list",
        needs(MA, ok=400),
        method="POST",
        data=lambda w: {"title": "", "content": "x"},
        label="bad input",
    ),
    Case("api:announcement-detail", signed_in(), kwargs=pk("announcement")),
    Case(
        "api:announcement-detail",
        hidden(MA),
        kwargs=pk("targeted"),
        label="other audience",
    ),
    Case(
        "api:announcement-detail",
        needs(MA),
        method="PUT",
        kwargs=pk("announcement"),
        data=announcement_data,
    ),
    Case(
        "api:announcement-detail",
        needs(MA),
        method="PATCH",
        kwargs=pk("announcement"),
        data=lambda w: {"title": "Renamed"},
    ),
    Case("api:announcement-detail", needs(MA, ok=204), method="DELETE", kwargs=pk("announcement")),
    Case("api:announcement-acknowledge", signed_in(), method="POST", kwargs=pk("announcement")),
    Case(
        "api:announcement-acknowledge",
        hidden(MA, ok=400),  # managers see it; it is not a must-read
        method="POST",
        kwargs=pk("targeted"),
        label="other audience",
    ),
    Case("api:announcement-acknowledgements", needs(MA), kwargs=pk("announcement")),
    Case(
        "api:announcement-acknowledgements",
        needs(MA),
        kwargs=pk("announcement"),
        query="show=read",
        label="read",
    ),
    Case("api:announcement-remind", needs(MA), method="POST", kwargs=pk("announcement")),
    # Comments and reactions: every reader of the announcement; deleting another's comment is
    # for moderators and content managers.
    Case("api:announcement-comment-list", signed_in(), kwargs=pk("announcement")),
    Case("api:announcement-comment-list", hidden(MA), kwargs=pk("draft"), label="draft"),
    Case(
        "api:announcement-comment-list",
        signed_in(201),
        method="POST",
        kwargs=pk("announcement"),
        data=lambda w: {"content": "Well said"},
    ),
    Case(
        "api:announcement-comment-list",
        signed_in(400),
        method="POST",
        kwargs=pk("announcement"),
        data=lambda w: {"content": ""},
        label="bad input",
    ),
    Case(
        "api:announcement-comment-detail",
        needs(MA, ok=204, moderator=204),
        method="DELETE",
        kwargs=lambda w: {"pk": w.get("announcement").pk, "comment_pk": w.get("comment").pk},
    ),
    Case("api:announcement-reactions", signed_in(), kwargs=pk("announcement")),
    Case(
        "api:announcement-reactions",
        signed_in(),
        method="POST",
        kwargs=pk("announcement"),
        data=lambda w: {"kind": "celebrate"},
    ),
    Case(
        "api:announcement-reactions",
        signed_in(400),
        method="POST",
        kwargs=pk("announcement"),
        data=lambda w: {"kind": "love"},
        label="bad input",
    ),
    # Documents
    Case("api:document-list", signed_in()),
    Case("api:document-list", signed_in(), query="q=rules", label="search"),
    Case("api:document-list", needs(MD, ok=400), method="POST", data=lambda w: {"title": "x"}),
    Case("api:document-detail", signed_in(), kwargs=pk("document")),
    # File bytes with a token: the page's download view behind the API's authentication.
    Case("api:announcement-image", signed_in(), kwargs=pk("pictured")),
    Case("api:announcement-image", signed_in(404), kwargs=pk("announcement"), label="none"),
    Case(
        "api:announcement-image", signed_in(404), kwargs=lambda w: {"pk": 999999}, label="unknown"
    ),
    Case("api:document-file", signed_in(), kwargs=pk("document")),
    Case("api:document-file", signed_in(404), kwargs=lambda w: {"pk": 999999}, label="unknown"),
    Case(
        "api:document-version-file",
        signed_in(),
        kwargs=lambda w: {"pk": w.get("document").pk, "number": 1},
    ),
    Case(
        "api:document-version-file",
        signed_in(404),
        kwargs=lambda w: {"pk": w.get("document").pk, "number": 99},
        label="unknown",
    ),
    Case("api:document-detail", signed_in(404), kwargs=lambda w: {"pk": 999999}, label="unknown"),
    Case(
        "api:document-detail",
        needs(MD),
        method="PATCH",
        kwargs=pk("document"),
        data=lambda w: {"title": "Renamed"},
    ),
    Case(
        "api:document-detail",
        needs(MD),
        method="PUT",
        kwargs=pk("document"),
        data=lambda w: {"title": "Renamed", "description": ""},
    ),
    Case("api:document-detail", needs(MD, ok=204), method="DELETE", kwargs=pk("document")),
    Case("api:document-version-list", signed_in(), kwargs=pk("document")),
    Case(
        "api:document-version-list",
        needs(MD, ok=400),
        method="POST",
        kwargs=pk("document"),
        data=lambda w: {"change_note": "no file"},
    ),
    Case(
        "api:document-version-restore",
        needs(MD),
        method="POST",
        kwargs=version("document", 1),
    ),
    Case(
        "api:document-version-restore",
        needs(MD, ok=404),
        method="POST",
        kwargs=version("document", 7),
        label="unknown version",
    ),
    # The matrix document does not ask for acknowledgement: a 400 for everyone.
    Case("api:document-acknowledge", signed_in(400), method="POST", kwargs=pk("document")),
    # Events
    Case("api:event-list", signed_in()),
    Case("api:event-list", signed_in(), query="when=past", label="past"),
    Case("api:event-list", needs(ME, ok=201), method="POST", data=event_data),
    Case("api:event-detail", signed_in(), kwargs=pk("event")),
    Case("api:event-detail", needs(ME), method="PUT", kwargs=pk("event"), data=event_data),
    Case(
        "api:event-detail",
        needs(ME),
        method="PATCH",
        kwargs=pk("event"),
        data=lambda w: {"location": "Room 2"},
    ),
    Case("api:event-detail", needs(ME, ok=204), method="DELETE", kwargs=pk("event")),
    Case(
        "api:event-rsvp",
        signed_in(),
        method="POST",
        kwargs=pk("event"),
        data=lambda w: {"status": "going"},
    ),
    Case(
        "api:event-rsvp",
        signed_in(400),
        method="POST",
        kwargs=pk("event"),
        data=lambda w: {"status": "maybe"},
        label="bad input",
    ),
    Case("api:event-participants", needs(ME), kwargs=pk("event")),
    # Content pages
    Case("api:content-list", signed_in()),
    Case("api:content-list", needs(MC, ok=201), method="POST", data=page_data),
    Case("api:content-detail", signed_in(), kwargs=pk("page")),
    Case("api:content-detail", hidden(MC), kwargs=pk("draft_page"), label="draft"),
    Case("api:content-detail", needs(MC), method="PUT", kwargs=pk("page"), data=page_data),
    Case(
        "api:content-detail",
        needs(MC),
        method="PATCH",
        kwargs=pk("page"),
        data=lambda w: {"status": "draft"},
    ),
    Case("api:content-detail", needs(MC, ok=204), method="DELETE", kwargs=pk("page")),
    # Categories (content managers, as on /categories/)
    Case("api:category-list", needs(MC)),
    Case(
        "api:category-list",
        needs(MC, ok=201),
        method="POST",
        data=lambda w: {"name": "API category", "description": ""},
    ),
    Case(
        "api:category-list",
        needs(MC, ok=400),
        method="POST",
        data=lambda w: {"name": ""},
        label="bad input",
    ),
    Case("api:category-detail", needs(MC), kwargs=pk("category")),
    Case(
        "api:category-detail",
        needs(MC),
        method="PUT",
        kwargs=pk("category"),
        data=lambda w: {"name": "Renamed", "slug": "", "description": ""},
    ),
    Case(
        "api:category-detail",
        needs(MC),
        method="PATCH",
        kwargs=pk("category"),
        data=lambda w: {"description": "More"},
    ),
    Case("api:category-detail", needs(MC, ok=204), method="DELETE", kwargs=pk("category")),
]
