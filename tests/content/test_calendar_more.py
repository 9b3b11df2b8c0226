"""The events calendar shows at most three events a day, then "+N more": the list of that day's
events (`?day=YYYY-MM-DD` on the events list), so a month's page does not grow with its events."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.content.factories import EventFactory
from tests.factories import UserFactory
from tests.pages import page_of, signed_in, warmed

EVENTS = reverse("content:event_list")
DAY = datetime.date(2030, 2, 12)


def month_of(year, month):
    return reverse("content:event_calendar_month", args=[year, month])


def day_list(value):
    return f"{EVENTS}?day={value}"


def at(day, hour, minute=0):
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
    )


def event_at(day, hour, title, *, days=0):
    starts = at(day, hour)
    return EventFactory(
        title=title, starts_at=starts, ends_at=starts + datetime.timedelta(days=days, hours=1)
    )


def five_on_the_day():
    """Five events of `DAY`, created out of order: 08:00, 09:00 … 12:00."""
    for hour in (12, 8, 10, 9, 11):
        event_at(DAY, hour, f"Session {hour}h")


def cell_of(body, day):
    """The grid's cell of `day` (the calendar table only, not the phone agenda)."""
    grid = body.split('<section class="calendar-agenda')[0]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", grid, flags=re.S)
    return next(cell for cell in cells if f'<span class="calendar-day">{day}</span>' in cell)


def shown_in(html):
    """The events linked in a piece of the calendar, in order ("HH:MM title" links)."""
    return re.findall(r">\d\d:\d\d (.*?)</a>", html)


def agenda_of(body):
    return body.split('<section class="calendar-agenda')[1]


@pytest.mark.django_db
def test_a_day_with_five_events_shows_the_first_three_then_two_more():
    five_on_the_day()
    body, _ = page_of(signed_in(UserFactory()), month_of(2030, 2))
    cell = cell_of(body, 12)
    assert shown_in(cell) == ["Session 8h", "Session 9h", "Session 10h"]  # by start time
    assert "+2 more" in cell
    assert f'href="{day_list("2030-02-12")}"' in cell
    # Screen readers hear which day the link lists.
    assert '<span class="visually-hidden"> events on Tuesday 12 February 2030</span>' in cell
    agenda = agenda_of(body)  # the phone agenda follows the same cap
    assert shown_in(agenda) == ["Session 8h", "Session 9h", "Session 10h"]
    assert "+2 more" in agenda and day_list("2030-02-12") in agenda


@pytest.mark.django_db
def test_a_day_with_three_events_or_fewer_has_no_more_link():
    for hour in (8, 9, 10):
        event_at(DAY, hour, f"Session {hour}h")
    body, _ = page_of(signed_in(UserFactory()), month_of(2030, 2))
    assert shown_in(cell_of(body, 12)) == ["Session 8h", "Session 9h", "Session 10h"]
    assert "more" not in cell_of(body, 12) and "?day=" not in body


@pytest.mark.django_db
def test_a_multi_day_event_counts_on_each_of_its_days():
    event_at(datetime.date(2030, 2, 11), 7, "Offsite", days=2)  # the 11th to the 13th
    five_on_the_day()
    body, _ = page_of(signed_in(UserFactory()), month_of(2030, 2))
    assert "Offsite" in cell_of(body, 11) and "Offsite" in cell_of(body, 13)
    twelfth = cell_of(body, 12)
    assert shown_in(twelfth) == ["Offsite", "Session 8h", "Session 9h"]
    assert "+3 more" in twelfth


@pytest.mark.django_db
def test_the_calendar_query_count_is_the_same_at_five_and_fifty_events():
    client = warmed(UserFactory(), month_of(2030, 2))
    five_on_the_day()
    few, few_queries = page_of(client, month_of(2030, 2))
    for index in range(45):
        event_at(datetime.date(2030, 2, 1 + index % 28), 14, f"Workshop {index}")
    many, many_queries = page_of(client, month_of(2030, 2))
    assert "+2 more" in cell_of(few, 12)
    assert "+4 more" in cell_of(many, 12)  # two workshops more on the 12th
    assert few_queries == many_queries <= 2
    assert many.count("Workshop") <= 3 * 28 * 2  # grid and agenda, three a day at most


@pytest.mark.django_db
def test_the_day_list_shows_every_event_running_that_day_and_only_those():
    five_on_the_day()
    event_at(datetime.date(2030, 2, 10), 9, "Offsite", days=3)  # the 10th to the 13th
    event_at(datetime.date(2030, 2, 11), 9, "Day before")
    event_at(datetime.date(2030, 2, 13), 9, "Day after")
    body, _ = page_of(signed_in(UserFactory()), day_list("2030-02-12"))
    listed = re.findall(r"<strong>(.*?)</strong>", body)
    assert listed == ["Offsite", *(f"Session {hour}h" for hour in (8, 9, 10, 11, 12))]
    assert "Events on Tuesday 12 February 2030" in body
    assert f'href="{month_of(2030, 2)}">Calendar</a>' in body  # back to the day's month
    # Its filter chip removes the filter.
    assert re.search(rf'<a class="chip" href="{EVENTS}">.*Day: 2030-02-12', body)


@pytest.mark.django_db
def test_the_day_list_shows_past_days_too():
    event_at(datetime.date(2020, 3, 4), 9, "Old kick-off")
    event_at(datetime.date(2030, 3, 4), 9, "Future kick-off")
    body, _ = page_of(signed_in(UserFactory()), day_list("2020-03-04"))
    assert "Old kick-off" in body and "Future kick-off" not in body


@pytest.mark.django_db
def test_an_empty_day_says_so():
    event_at(datetime.date(2030, 2, 11), 9, "Day before")
    body, _ = page_of(signed_in(UserFactory()), day_list("2030-02-12"))
    assert "Day before" not in body
    assert "Nothing is planned on Tuesday 12 February 2030." in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    "value", ["yesterday", "2030-02-30", "2030-13-01", "12/02/2030", "0001-01-01", "9999-12-31"]
)
def test_a_day_that_is_not_a_date_is_reported_and_ignored(value):
    upcoming = EventFactory(title="Upcoming party")
    body, _ = page_of(signed_in(UserFactory()), day_list(value))
    assert 'class="alert alert-warning" role="alert"' in body
    assert "The day filter is ignored." in body
    assert upcoming.title in body  # the upcoming events, as without the filter


@pytest.mark.django_db
def test_the_more_link_and_the_day_list_are_translated():
    five_on_the_day()
    client = signed_in(UserFactory(), language="fr")
    calendar, _ = page_of(client, month_of(2030, 2))
    assert "+2 autres" in cell_of(calendar, 12)
    assert "événements du mardi 12 février 2030" in cell_of(calendar, 12)
    listed, _ = page_of(client, day_list("2030-02-12"))
    assert "Événements du mardi 12 février 2030" in listed
