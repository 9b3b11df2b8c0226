"""The personal calendar feed for calendar apps: a secret address instead of a session."""

from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from content import services
from content.models import CalendarFeedToken
from intrasphere.models import AuditLog
from tests.content.factories import EventFactory
from tests.factories import UserFactory

LIST = reverse("content:event_list")


def feed_url(token: str) -> str:
    return reverse("content:event_feed_token", kwargs={"token": token})


def summaries(response) -> list[str]:
    return [str(e["summary"]) for e in Calendar.from_ical(response.content).walk("VEVENT")]


def test_a_valid_token_serves_that_persons_events_only_without_a_session(employee):
    mine = EventFactory(title="Team lunch")
    theirs = EventFactory(title="Board meeting")
    other = UserFactory()
    services.event_rsvp(user=employee, event=mine, status="going")
    services.event_rsvp(user=other, event=theirs, status="going")
    EventFactory(title="Nobody goes")
    token = services.calendar_feed_token_regenerate(user=employee).token
    response = Client().get(feed_url(token))  # a calendar app: no cookies
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Cache-Control"] == "private, no-store"
    assert summaries(response) == ["Team lunch"]


def test_a_bad_token_is_404(db):
    assert Client().get(feed_url("guessed-token")).status_code == 404


def test_a_regenerated_token_replaces_the_old_one(employee):
    old = services.calendar_feed_token_regenerate(user=employee).token
    new = services.calendar_feed_token_regenerate(user=employee).token
    assert old != new and len(new) >= 40
    assert Client().get(feed_url(old)).status_code == 404
    assert Client().get(feed_url(new)).status_code == 200
    assert CalendarFeedToken.objects.filter(user=employee).count() == 1


def test_a_revoked_token_and_a_deactivated_owner_are_404(employee):
    token = services.calendar_feed_token_regenerate(user=employee).token
    employee.is_active = False
    employee.save()
    assert Client().get(feed_url(token)).status_code == 404
    employee.is_active = True
    employee.save()
    assert services.calendar_feed_token_revoke(user=employee) is True
    assert Client().get(feed_url(token)).status_code == 404
    assert services.calendar_feed_token_revoke(user=employee) is False


def test_events_page_creates_shows_and_revokes_the_address(employee_client, employee):
    page = employee_client.get(LIST).content.decode()
    assert reverse("content:event_feed_regenerate") in page
    assert 'id="calendar-feed-url"' not in page
    response = employee_client.post(reverse("content:event_feed_regenerate"))
    assert response.status_code == 302 and response["Location"].endswith("#calendar-feed")
    token = CalendarFeedToken.objects.get(user=employee).token
    page = employee_client.get(LIST).content.decode()
    assert f"http://testserver{feed_url(token)}" in page
    assert AuditLog.objects.filter(action="content.calendar_feed.regenerate").exists()
    employee_client.post(reverse("content:event_feed_revoke"))
    assert not CalendarFeedToken.objects.filter(user=employee).exists()
    assert 'id="calendar-feed-url"' not in employee_client.get(LIST).content.decode()


def test_one_persons_address_never_shows_on_anothers_page(employee_client, employee):
    other = UserFactory()
    token = services.calendar_feed_token_regenerate(user=other).token
    assert token not in employee_client.get(LIST).content.decode()


def test_regenerate_and_revoke_need_post_and_a_session(employee_client):
    assert employee_client.get(reverse("content:event_feed_regenerate")).status_code == 405
    response = Client().post(reverse("content:event_feed_regenerate"))
    assert response.status_code == 302 and "login" in response["Location"]
