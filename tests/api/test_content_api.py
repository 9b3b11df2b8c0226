"""Content through the API: the pages' forms, services and visibility rules, lists whose
query count does not grow with their rows, and CSRF on session-authenticated writes."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from content.models import Announcement, AnnouncementAcknowledgement, Document, Event, Page
from intrasphere.models import AuditLog
from tests.api.helpers import ApiClient, token_for
from tests.content.factories import (
    AnnouncementFactory,
    CategoryFactory,
    EventFactory,
    PageFactory,
    make_document,
    png_upload,
    text_upload,
)
from tests.factories import UserFactory, grant


@pytest.fixture
def manager(db):
    user = UserFactory(username="editor")
    for perm in ("announcements", "documents", "events", "content"):
        user = grant(user, f"content.manage_{perm}")
    return user


def test_an_announcement_made_through_the_api_is_read_and_acknowledged(manager, employee):
    api = ApiClient(token_for(manager))
    made = api.post(
        "/api/v1/announcements",
        {
            "title": "New rules",
            "content": "Read **this**.",
            "type": "policy",
            "icon": "info",
            "important": True,
            "publish_at": "2024-01-01T10:00",
        },
    )
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    assert made.json()["author"]["username"] == "editor"
    reader = ApiClient(token_for(employee))
    listed = reader.get("/api/v1/announcements", {"type": "policy"}).json()
    assert [row["id"] for row in listed["results"]] == [pk]
    assert reader.get(f"/api/v1/announcements/{pk}").json()["acknowledged"] is False
    assert reader.post(f"/api/v1/announcements/{pk}/acknowledge").json()["acknowledged"] is True
    assert AnnouncementAcknowledgement.objects.filter(user=employee).count() == 1
    readers = api.get(f"/api/v1/announcements/{pk}/acknowledgements", {"show": "read"}).json()
    assert [row["person"]["username"] for row in readers["results"]] == ["employee"]
    assert AuditLog.objects.filter(action="content.announcement.create").exists()


def test_an_announcement_for_another_audience_is_invisible(employee):
    targeted = AnnouncementFactory(audience_departments="|Finance|", audience_restricted=True)
    reader = ApiClient(token_for(employee))
    assert reader.get(f"/api/v1/announcements/{targeted.pk}").status_code == 404
    assert reader.get("/api/v1/announcements").json()["count"] == 0


def test_an_employee_may_not_publish(employee):
    response = ApiClient(token_for(employee)).post(
        "/api/v1/announcements", {"title": "Mine", "content": "x"}
    )
    assert response.status_code == 403
    assert response.json()["type"] == "permission_denied"
    assert not Announcement.objects.exists()


@pytest.mark.parametrize(
    "body, field",
    [
        ({"title": "", "content": "x"}, "title"),
        ({"title": "x", "content": "x", "type": "nonsense"}, "type"),
        ({"title": ["x"], "content": "x"}, "title"),
        (
            {
                "title": "x",
                "content": "x",
                "publish_at": "2024-01-02T10:00",
                "unpublish_at": "2024-01-01T10:00",
            },
            "unpublish_at",
        ),
        ({"title": "x", "content": "x", "publish_at": "0001-01-01T00:00"}, "publish_at"),
    ],
)
def test_a_refused_announcement_answers_400_with_the_field(manager, body, field):
    response = ApiClient(token_for(manager)).post("/api/v1/announcements", body)
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not Announcement.objects.exists()


def test_an_announcement_image_goes_through_multipart_with_the_forms_checks(manager, client):
    headers = {"Authorization": f"Bearer {token_for(manager)}"}
    data = {
        "title": "Pictured",
        "content": "x",
        "type": "news",
        "icon": "info",
        "publish_at": "2024-01-01T10:00",
    }
    made = client.post(
        "/api/v1/announcements", {**data, "image_upload": png_upload()}, headers=headers
    )
    assert made.status_code == 201, made.content
    assert made.json()["image_url"].endswith(f"/api/v1/announcements/{made.json()['id']}/image")
    fake = text_upload("fake.png", "not a picture")
    refused = client.post("/api/v1/announcements", {**data, "image_upload": fake}, headers=headers)
    assert refused.status_code == 400
    assert "image_upload" in refused.json()["errors"]


def test_a_document_with_its_versions_and_protected_download(manager, client, employee):
    headers = {"Authorization": f"Bearer {token_for(manager)}"}
    made = client.post(
        "/api/v1/documents",
        {"title": "Handbook", "description": "", "file": text_upload()},
        headers=headers,
    )
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    assert made.json()["download_url"] == f"/api/v1/documents/{pk}/file"
    added = client.post(
        f"/api/v1/documents/{pk}/versions",
        {"file": text_upload(text="Rule two."), "change_note": "Second"},
        headers=headers,
    )
    assert added.status_code == 201, added.content
    assert added.json()["number"] == 2
    reader = ApiClient(token_for(employee))
    versions = reader.get(f"/api/v1/documents/{pk}/versions").json()
    assert [v["number"] for v in versions["results"]] == [2, 1]
    assert versions["results"][1]["download_url"] == f"/api/v1/documents/{pk}/versions/1/file"
    restored = ApiClient(token_for(manager)).post(f"/api/v1/documents/{pk}/versions/1/restore")
    assert restored.json()["number"] == 3
    assert reader.get(f"/api/v1/documents/{pk}").json()["current_version"]["number"] == 3


def test_a_document_file_of_a_refused_kind_answers_400(manager, client):
    headers = {"Authorization": f"Bearer {token_for(manager)}"}
    response = client.post(
        "/api/v1/documents",
        {"title": "Script", "file": text_upload("run.exe", "MZ binary")},
        headers=headers,
    )
    assert response.status_code == 400
    assert "file" in response.json()["errors"]
    assert not Document.objects.exists()


def test_a_document_acknowledgement(employee):
    document = make_document(requires_acknowledgement=True)
    reader = ApiClient(token_for(employee))
    assert reader.post(f"/api/v1/documents/{document.pk}/acknowledge").status_code == 200
    assert reader.get(f"/api/v1/documents/{document.pk}").json()["acknowledged"] is True


def test_rsvp_keeps_the_events_limit(manager, employee):
    event = EventFactory(capacity=1)
    first = ApiClient(token_for(employee)).post(
        f"/api/v1/events/{event.pk}/rsvp", {"status": "going"}
    )
    assert first.status_code == 200
    assert first.json()["my_status"] == "going"
    late = ApiClient(token_for(UserFactory())).post(
        f"/api/v1/events/{event.pk}/rsvp", {"status": "going"}
    )
    assert late.status_code == 400
    assert late.json()["errors"]["non_field_errors"]
    participants = ApiClient(token_for(manager)).get(f"/api/v1/events/{event.pk}/participants")
    assert [p["username"] for p in participants.json()["results"]] == ["employee"]
    lowered = ApiClient(token_for(manager)).patch(f"/api/v1/events/{event.pk}", {"capacity": 0})
    assert lowered.status_code == 400
    assert Event.objects.get(pk=event.pk).going_count == 1


def test_an_event_ending_before_it_starts_is_refused(manager):
    response = ApiClient(token_for(manager)).post(
        "/api/v1/events",
        {
            "title": "Backwards",
            "type": "meeting",
            "starts_at": "2030-01-01T10:00",
            "ends_at": "2030-01-01T09:00",
        },
    )
    assert response.status_code == 400
    assert "ends_at" in response.json()["errors"]


def test_draft_pages_are_for_content_managers_only(manager, employee):
    draft = PageFactory(status="draft")
    assert ApiClient(token_for(employee)).get(f"/api/v1/contents/{draft.pk}").status_code == 404
    api = ApiClient(token_for(manager))
    assert api.get(f"/api/v1/contents/{draft.pk}").status_code == 200
    published = api.patch(f"/api/v1/contents/{draft.pk}", {"status": "published"})
    assert published.json()["status"] == "published"
    taken = api.post("/api/v1/contents", {"title": "Other", "slug": draft.slug, "body": "x"})
    assert taken.status_code == 400
    assert "slug" in taken.json()["errors"]
    assert Page.objects.count() == 1


def test_categories_slug_is_built_from_the_name(manager):
    api = ApiClient(token_for(manager))
    made = api.post("/api/v1/categories", {"name": "Human Resources"})
    assert made.status_code == 201
    assert made.json()["slug"] == "human-resources"
    again = api.post("/api/v1/categories", {"name": "Human Resources"})
    assert again.status_code == 400


LISTS = {
    "/api/v1/announcements": lambda: AnnouncementFactory(category=CategoryFactory()),
    "/api/v1/documents": lambda: make_document(category=CategoryFactory()),
    "/api/v1/events": lambda: EventFactory(),
    "/api/v1/contents": lambda: PageFactory(category=CategoryFactory()),
    "/api/v1/categories": lambda: CategoryFactory(),
}


@pytest.mark.parametrize("url", list(LISTS))
def test_lists_cost_the_same_queries_for_5_and_50_rows(manager, url):
    client = ApiClient(token_for(manager))

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"page_size": 100}).status_code == 200
        return len(queries)

    for _ in range(5):
        LISTS[url]()
    count()  # the token's first use notes its last use
    few = count()
    for _ in range(45):
        LISTS[url]()
    count()  # the first call after the writes counts the rows again (a shared count)
    assert count() == few <= 15


def test_a_session_write_needs_the_csrf_token(manager):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(manager)
    body = {"name": "Via the browser"}
    refused = browser.post("/api/v1/categories", body, content_type="application/json")
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"
    browser.get("/announcements/")  # a page with a form sets the cookie
    token = browser.cookies["csrftoken"].value
    accepted = browser.post(
        "/api/v1/categories", body, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert accepted.status_code == 201, accepted.content


def test_nested_lists_cost_the_same_queries_for_5_and_50_rows(manager):
    from content import services
    from content.models import EventRSVP

    client = ApiClient(token_for(manager))
    document = make_document(actor=manager)
    event = EventFactory()
    announcement = AnnouncementFactory(author=manager, important=True)

    def add(n):
        for _ in range(n):
            services.document_version_add(
                actor=manager, document=document, upload=text_upload(), change_note="x"
            )
            person = UserFactory()
            EventRSVP.objects.create(event=event, user=person, status="going")
            services.announcement_acknowledge(user=person, announcement=announcement)

    urls = [
        f"/api/v1/documents/{document.pk}/versions",
        f"/api/v1/events/{event.pk}/participants",
        f"/api/v1/announcements/{announcement.pk}/acknowledgements?show=read",
        f"/api/v1/announcements/{announcement.pk}/acknowledgements",
    ]

    def counts():
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url, {"page_size": 100}).status_code == 200
            found.append(len(queries))
        return found

    add(5)
    counts()
    few = counts()
    add(45)
    counts()  # the writes emptied the shared copy of the announcement: read it again once
    assert counts() == few
    assert max(few) <= 15
