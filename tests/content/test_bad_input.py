"""Bad input on the content forms and lists: a clear message, nothing saved, never a 500."""

import pytest
from django.urls import reverse

from content.models import Announcement, Event
from tests.content.factories import AnnouncementFactory, EventFactory, make_document
from tests.factories import UserFactory

EVENT = {
    "title": "Town hall",
    "type": "meeting",
    "starts_at": "2030-01-01T10:00",
    "ends_at": "2030-01-01T11:00",
}
ANNOUNCEMENT = {
    "title": "News",
    "content": "Body",
    "type": "news",
    "icon": "info",
    "publish_at": "2024-01-01T10:00",
}
SCRIPT = "<script>alert('x')</script>"


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"capacity": "99999999999999"}, "capacity", "less than or equal to 100000"),
        ({"capacity": "0"}, "capacity", "greater than or equal to 1"),
        ({"capacity": "-3"}, "capacity", "greater than or equal to 1"),
        ({"starts_at": "0001-01-01T00:00", "ends_at": "0001-01-01T01:00"}, "starts_at", "1900"),
        ({"starts_at": "9999-12-31T22:00", "ends_at": "9999-12-31T23:00"}, "ends_at", "2999"),
        ({"ends_at": "2029-12-31T10:00"}, "ends_at", "cannot end before it starts"),
        ({"title": "x" * 5000}, "title", "at most 200 characters"),
        ({"starts_at": "tomorrow"}, "starts_at", "valid date"),
    ],
)
def test_event_form_refuses_bad_input(admin_client, extra, field, message):
    response = admin_client.post(reverse("content:event_create"), {**EVENT, **extra})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"publish_at": "0001-01-01T00:00"}, "publish_at", "1900"),
        ({"unpublish_at": "9999-12-31T23:59"}, "unpublish_at", "2999"),
        ({"unpublish_at": "2023-12-31T10:00"}, "unpublish_at", "must come after"),
        ({"title": "x" * 500}, "title", "at most 200 characters"),
    ],
)
def test_announcement_form_refuses_bad_input(admin_client, extra, field, message):
    response = admin_client.post(reverse("content:announcement_create"), {**ANNOUNCEMENT, **extra})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Announcement.objects.exists()


def test_scripts_in_titles_are_stored_as_typed_and_shown_escaped(admin_client):
    admin_client.post(reverse("content:event_create"), {**EVENT, "title": SCRIPT})
    admin_client.post(
        reverse("content:announcement_create"),
        {**ANNOUNCEMENT, "title": SCRIPT, "content": f"Hello {SCRIPT}"},
    )
    event = Event.objects.get()
    announcement = Announcement.objects.get()
    document = make_document(title=SCRIPT, description=SCRIPT)
    assert event.title == SCRIPT and announcement.title == SCRIPT
    for url in (
        reverse("content:event_list"),
        event.get_absolute_url(),
        reverse("content:announcement_list"),
        announcement.get_absolute_url(),
        reverse("content:document_list"),
        document.get_absolute_url(),
        reverse("dashboard"),
    ):
        html = admin_client.get(url).content.decode()
        assert "<script>alert" not in html, url


def test_pages_past_the_end_are_404(admin_client):
    event = EventFactory()
    document = make_document()
    must_read = AnnouncementFactory(important=True)
    for url in (
        reverse("content:event_list"),
        event.get_absolute_url(),
        document.get_absolute_url(),
        reverse("content:announcement_acknowledgements", args=[must_read.pk]),
        reverse("content:page_list"),
        reverse("content:category_list"),
    ):
        assert admin_client.get(url, {"page": "7"}).status_code == 404, url
        assert admin_client.get(url, {"page": "x"}).status_code == 404, url


def test_event_participants_are_paginated_for_organisers(admin_client):
    event = EventFactory()
    for index in range(25):
        event.rsvps.create(user=UserFactory(last_name=f"Guest{index:02d}"), status="going")
    first = admin_client.get(event.get_absolute_url())
    assert first.context["page"].paginator.num_pages == 2
    assert "Guest24" in admin_client.get(event.get_absolute_url(), {"page": 2}).content.decode()


def test_empty_lists_say_so(employee_client):
    assert "No events" in employee_client.get(reverse("content:event_list")).content.decode()
    past = employee_client.get(reverse("content:event_list"), {"when": "past"})
    assert "No event has taken place yet." in past.content.decode()
    assert (
        "No announcements"
        in employee_client.get(reverse("content:announcement_list")).content.decode()
    )
    assert "No documents" in employee_client.get(reverse("content:document_list")).content.decode()
    assert "No pages yet" in employee_client.get(reverse("content:page_list")).content.decode()


def test_empty_page_and_category_lists_offer_the_first_step_to_managers(admin_client):
    pages = admin_client.get(reverse("content:page_list")).content.decode()
    assert "Write the first page" in pages and reverse("content:page_create") in pages
    categories = admin_client.get(reverse("content:category_list")).content.decode()
    assert "Create the first one." in categories


def test_employees_get_no_create_action_on_an_empty_page_list(employee_client):
    html = employee_client.get(reverse("content:page_list")).content.decode()
    assert "Write the first page" not in html
