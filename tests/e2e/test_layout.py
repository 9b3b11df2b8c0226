"""The dark theme and the phone layout: still accessible, nothing wider than the screen."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from content import services as content_services
from intrasphere.services import notification_send
from tests.forum.factories import CategoryFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
PAGES = [
    "/",
    "/people/",
    "/search/?q=employee",
    "/notifications/",
    "/documents/",  # a table with a visually hidden header cell
    "/forum/",
    "/accounts/profile/",  # a long email address
]


def fits_the_screen(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_dark_theme_on_a_phone(open_page, employee, assert_accessible):
    notification_send(recipients=[employee], kind="test", message="A notification to show")
    employee.email = "firstname.lastname-with-a-long-name@subsidiary.example.com"
    employee.save()
    content_services.document_create(
        actor=employee,
        data={"title": "Travel policy"},
        upload=SimpleUploadedFile("travel.txt", b"Book early.", content_type="text/plain"),
    )
    CategoryFactory(name="General")
    page = open_page(employee, color_scheme="dark", viewport=PHONE, is_mobile=True, has_touch=True)
    for path in PAGES:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert fits_the_screen(page), f"{path} scrolls sideways on a phone"
        assert_accessible(page)
    # On a phone the header search box gives way to a link to the search page.
    page.get_by_role("banner").get_by_role("link", name="Search").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
