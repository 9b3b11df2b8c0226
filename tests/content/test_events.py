"""Events: lists, calendar, RSVP with a participant limit (also under concurrency), iCalendar."""

import datetime
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from content import services
from content.models import Event, EventRSVP
from tests.content.factories import EventFactory
from tests.factories import UserFactory, grant

LIST = reverse("content:event_list")


def rsvp(client, event, status="going"):
    return client.post(reverse("content:event_rsvp", args=[event.pk]), {"status": status})


@pytest.fixture
def organiser_client(db):
    client = Client()
    client.force_login(grant(UserFactory(username="planner"), "content.manage_events"))
    return client


def test_upcoming_and_past_lists(employee_client):
    EventFactory(title="soon")
    EventFactory(
        title="gone",
        starts_at=timezone.now() - datetime.timedelta(days=3),
        ends_at=timezone.now() - datetime.timedelta(days=3, hours=-1),
    )
    upcoming = employee_client.get(LIST)
    assert [e.title for e in upcoming.context["page"].object_list] == ["soon"]
    past = employee_client.get(LIST, {"when": "past"})
    assert [e.title for e in past.context["page"].object_list] == ["gone"]


def test_rsvp_counts_and_cancelling(employee_client, employee):
    event = EventFactory(capacity=50)
    assert rsvp(employee_client, event).status_code == 302
    event.refresh_from_db()
    assert event.going_count == 1
    assert "1 / 50" in employee_client.get(event.get_absolute_url()).content.decode()
    rsvp(employee_client, event)  # a second "going" changes nothing
    event.refresh_from_db()
    assert event.going_count == 1
    rsvp(employee_client, event, "not_going")
    event.refresh_from_db()
    assert event.going_count == 0
    assert EventRSVP.objects.get(user=employee).status == "not_going"


def test_rsvp_beyond_the_limit_is_refused(employee_client, employee):
    event = EventFactory(capacity=1)
    services.event_rsvp(user=UserFactory(), event=event, status="going")
    response = rsvp(employee_client, event)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.going_count == 1
    assert not EventRSVP.objects.filter(user=employee).exists()
    page = employee_client.get(event.get_absolute_url()).content.decode()
    assert "full" in page


def test_someone_going_can_always_cancel_even_when_full(db):
    event = EventFactory(capacity=1)
    person = UserFactory()
    services.event_rsvp(user=person, event=event, status="going")
    event = services.event_rsvp(user=person, event=event, status="not_going")
    assert event.going_count == 0


def test_bad_rsvp_value_is_refused(employee_client):
    event = EventFactory()
    response = rsvp(employee_client, event, "maybe")
    assert response.status_code == 302
    assert not EventRSVP.objects.exists()


def test_rsvp_to_a_past_event_is_refused(employee_client):
    event = EventFactory(
        starts_at=timezone.now() - datetime.timedelta(days=2),
        ends_at=timezone.now() - datetime.timedelta(days=1),
    )
    rsvp(employee_client, event)
    assert not EventRSVP.objects.exists()


def test_event_that_ends_before_it_starts_is_refused(organiser_client):
    response = organiser_client.post(
        reverse("content:event_create"),
        {
            "title": "Backwards",
            "type": "meeting",
            "starts_at": "2030-01-02T10:00",
            "ends_at": "2030-01-01T10:00",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["ends_at"]
    assert not Event.objects.exists()


def test_limit_cannot_go_below_current_participants(organiser_client):
    event = EventFactory(capacity=5)
    for _index in range(3):
        services.event_rsvp(user=UserFactory(), event=event, status="going")
    response = organiser_client.post(
        reverse("content:event_edit", args=[event.pk]),
        {
            "title": event.title,
            "type": "meeting",
            "starts_at": "2030-01-01T10:00",
            "ends_at": "2030-01-01T11:00",
            "capacity": 2,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["capacity"]
    event.refresh_from_db()
    assert event.capacity == 5


def test_organiser_creates_event_and_script_is_escaped(organiser_client, employee_client):
    organiser_client.post(
        reverse("content:event_create"),
        {
            "title": "<script>alert(1)</script>",
            "description": "<img src=x onerror=alert(1)>",
            "type": "meeting",
            "location": "Room 1",
            "starts_at": "2030-01-01T10:00",
            "ends_at": "2030-01-01T11:00",
            "capacity": 10,
        },
    )
    event = Event.objects.get()
    html = employee_client.get(event.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "onerror" not in html


def test_employee_cannot_create_events(employee_client):
    assert employee_client.get(reverse("content:event_create")).status_code == 403


def test_calendar_shows_the_month_and_navigation(employee_client):
    EventFactory(
        title="Board meeting",
        starts_at=datetime.datetime(2030, 2, 14, 9, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2030, 2, 14, 10, tzinfo=datetime.UTC),
    )
    response = employee_client.get(reverse("content:event_calendar_month", args=[2030, 2]))
    html = response.content.decode()
    assert "Board meeting" in html
    assert reverse("content:event_calendar_month", args=[2030, 1]) in html
    assert reverse("content:event_calendar_month", args=[2030, 3]) in html
    december = employee_client.get(reverse("content:event_calendar_month", args=[2030, 12]))
    assert reverse("content:event_calendar_month", args=[2031, 1]) in december.content.decode()
    assert (
        employee_client.get(reverse("content:event_calendar_month", args=[2030, 0])).status_code
        == 404
    )


def test_ics_download_and_personal_feed(employee_client, employee):
    going = EventFactory(title="Team lunch", location="Canteen")
    EventFactory(title="Not for me")
    services.event_rsvp(user=employee, event=going, status="going")
    response = employee_client.get(reverse("content:event_ics", args=[going.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    parsed = Calendar.from_ical(response.content)
    assert [str(e["summary"]) for e in parsed.walk("VEVENT")] == ["Team lunch"]
    feed = Calendar.from_ical(employee_client.get(reverse("content:event_feed")).content)
    assert [str(e["summary"]) for e in feed.walk("VEVENT")] == ["Team lunch"]


def test_list_query_count(employee_client, django_assert_max_num_queries):
    organiser = UserFactory()
    for _index in range(30):
        EventFactory(organiser=organiser, capacity=20)
    # 12 + the calendar-feed address (one query, whatever the number of events).
    with django_assert_max_num_queries(13):
        assert employee_client.get(LIST).status_code == 200


def test_calendar_query_count(employee_client, django_assert_max_num_queries):
    today = timezone.localdate()
    for day in range(1, 25):
        start = timezone.make_aware(datetime.datetime(today.year, today.month, min(day, 28), 9))
        EventFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=1))
    with django_assert_max_num_queries(12):
        assert employee_client.get(reverse("content:event_calendar")).status_code == 200


@pytest.mark.postgres
def test_limit_holds_under_parallel_rsvps(on_postgres, transactional_db):
    """Eight people race for three seats through real parallel requests: three get in."""
    event = EventFactory(capacity=3)
    people = [UserFactory() for _index in range(8)]
    barrier = threading.Barrier(len(people))
    statuses = []

    def attempt(person):
        client = Client()
        client.force_login(person)
        barrier.wait()
        try:
            statuses.append(rsvp(client, event).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    event.refresh_from_db()
    assert statuses == [302] * 8
    assert event.going_count == 3
    assert EventRSVP.objects.filter(event=event, status="going").count() == 3
