"""Global search: one query finds an announcement, a document and a forum post."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from content import services as content_services
from tests.content.factories import AnnouncementFactory
from tests.factories import UserFactory
from tests.forum.factories import topic_with_post

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def carpooling(db):
    author = UserFactory(first_name="Zoé", last_name="Lefèvre", is_superuser=True)
    AnnouncementFactory(title="Carpooling platform launched", content="Share your rides.")
    content_services.document_create(
        actor=author,
        data={"title": "Carpooling charter", "description": "Rules for shared rides."},
        upload=SimpleUploadedFile("charter.txt", b"Be on time.", content_type="text/plain"),
    )
    topic_with_post(author=author, title="Seminar logistics", content="Any carpooling from Lyon?")


def test_global_search_finds_content_of_every_kind(employee_page, carpooling, assert_accessible):
    page = employee_page
    page.goto("/")
    assert_accessible(page)
    search = page.get_by_role("search").get_by_label("Search")
    search.fill("carpooling")
    search.press("Enter")
    expect(page).to_have_url("/search/?q=carpooling")

    announcements = page.get_by_role("region", name="Announcements")
    expect(announcements.get_by_role("link", name="Carpooling platform launched")).to_be_visible()
    documents = page.get_by_role("region", name="Documents")
    expect(documents.get_by_role("link", name="Carpooling charter")).to_be_visible()
    posts = page.get_by_role("region", name="Forum posts")
    expect(posts.get_by_role("link", name="Seminar logistics")).to_be_visible()
    expect(posts).to_contain_text("Zoé Lefèvre")
    assert_accessible(page)

    posts.get_by_role("link", name="Seminar logistics").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Seminar logistics")
    expect(page.get_by_role("article").filter(has_text="Any carpooling from Lyon?")).to_be_visible()
    assert_accessible(page)
