"""The document library and the events calendar: what each role sees, every write shown at
once, and a query count that does not grow with the rows."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from content import services
from tests.content.factories import CategoryFactory, EventFactory, make_document, text_upload
from tests.factories import UserFactory, grant
from tests.pages import page_of, signed_in, warmed

DOCUMENTS = reverse("content:document_list")
CALENDAR = reverse("content:event_calendar")


def month_of(year, month):
    return reverse("content:event_calendar_month", args=[year, month])


def event_on(day, title):
    starts = datetime.datetime.combine(
        day, datetime.time(10), tzinfo=timezone.get_current_timezone()
    )
    return EventFactory(title=title, starts_at=starts, ends_at=starts + datetime.timedelta(hours=1))


@pytest.fixture
def librarian(db):
    return grant(UserFactory(first_name="Lib", last_name="Rarian"), "content.manage_documents")


# --- Document library -----------------------------------------------------------------------
@pytest.mark.django_db
def test_the_library_query_count_does_not_grow_with_the_documents():
    reader = warmed(UserFactory(), DOCUMENTS)
    for index in range(3):
        make_document(title=f"Canteen rules {index}")
    few, few_queries = page_of(reader, DOCUMENTS)
    for index in range(3, 25):
        make_document(title=f"Canteen rules {index}")
    many, many_queries = page_of(reader, DOCUMENTS)
    assert few.count("Canteen rules") == 3 and many.count("Canteen rules") == 20
    assert few_queries == many_queries <= 15


@pytest.mark.django_db
def test_a_librarians_button_never_reaches_a_reader(librarian):
    make_document(title="Canteen rules")
    managed, _ = page_of(signed_in(librarian), DOCUMENTS)
    read, _ = page_of(signed_in(UserFactory()), DOCUMENTS)
    assert "New document" in managed and reverse("content:document_create") in managed
    assert "New document" not in read and reverse("content:document_create") not in read


@pytest.mark.django_db
def test_a_reader_page_is_not_shown_to_a_librarian(librarian):
    make_document(title="Canteen rules")
    read, _ = page_of(signed_in(UserFactory()), DOCUMENTS)
    managed, _ = page_of(signed_in(librarian), DOCUMENTS)
    assert "New document" not in read
    assert "New document" in managed


@pytest.mark.django_db
def test_the_library_holds_nothing_of_a_previous_viewer():
    make_document(title="Canteen rules")
    page_of(signed_in(UserFactory(first_name="Zoltan", last_name="Firstviewer")), DOCUMENTS)
    second, second_queries = page_of(signed_in(UserFactory(first_name="Maud")), DOCUMENTS)
    assert "Canteen rules" in second
    assert "Firstviewer" not in second  # the header is the viewer's own, not cached


@pytest.mark.django_db
def test_a_new_document_a_new_version_and_a_renamed_category_show_at_once(librarian):
    client = signed_in(UserFactory())
    category = CategoryFactory(name="Safety")
    document = make_document(title="Fire drill", category=category)
    body, _ = page_of(client, DOCUMENTS)
    assert "Fire drill" in body and "Safety" in body and "v1 ·" in body
    make_document(title="Parking rules")
    assert "Parking rules" in page_of(client, DOCUMENTS)[0]
    services.document_version_add(
        actor=librarian, document=document, upload=text_upload(text="two"), change_note="2"
    )
    assert "v2 ·" in page_of(client, DOCUMENTS)[0]
    category.name = "Health and safety"
    category.save()
    assert "Health and safety" in page_of(client, DOCUMENTS)[0]


@pytest.mark.django_db
def test_the_library_query_string_chooses_the_rows(settings):
    settings.PAGE_SIZE = 2
    hr = CategoryFactory(name="HR")
    make_document(title="Holiday rules", description="Leave days", category=hr)
    make_document(title="Parking", description="Where to park")
    make_document(title="Badges", description="Lost badges")
    client = signed_in(UserFactory())
    everything, _ = page_of(client, DOCUMENTS)
    searched, _ = page_of(client, DOCUMENTS + "?q=holiday")
    filtered, _ = page_of(client, DOCUMENTS + f"?category={hr.pk}")
    second, _ = page_of(client, DOCUMENTS + "?page=2")
    assert "Parking" in everything and 'aria-current="page">1<' in everything
    assert "Holiday rules" in searched and "Parking" not in searched
    assert "Holiday rules" in filtered and "Badges" not in filtered
    assert 'aria-current="page">2<' in second
    assert client.get(DOCUMENTS + "?page=99").status_code == 404
    assert client.get(DOCUMENTS + "?page=x").status_code == 404


# --- Events calendar ------------------------------------------------------------------------
@pytest.mark.django_db
def test_every_role_sees_the_months_events_in_a_few_queries():
    event_on(datetime.date(2030, 2, 12), "Board meeting")
    employee = warmed(UserFactory(), month_of(2030, 2))
    manager = warmed(grant(UserFactory(), "content.manage_events"), month_of(2030, 2))
    first, first_queries = page_of(employee, month_of(2030, 2))
    for day in range(1, 28):
        event_on(datetime.date(2030, 2, day), f"Stand-up {day}")
    second, second_queries = page_of(manager, month_of(2030, 2))
    assert "Board meeting" in first and "Board meeting" in second and "Stand-up 27" in second
    assert second_queries <= first_queries <= 15


@pytest.mark.django_db
def test_each_month_shows_its_own_events():
    event_on(datetime.date(2030, 2, 12), "February meeting")
    event_on(datetime.date(2030, 3, 12), "March meeting")
    client = signed_in(UserFactory())
    february, _ = page_of(client, month_of(2030, 2))
    march, _ = page_of(client, month_of(2030, 3))
    assert "February meeting" in february and "March meeting" not in february
    assert "March meeting" in march and "February meeting" not in march
    assert client.get(month_of(2030, 13)).status_code == 404
    assert client.get(month_of(1800, 1)).status_code == 404


def highlighted_day(body):
    return re.search(r'aria-current="date">\s*<span class="calendar-day">(\d+)<', body).group(1)


@pytest.mark.django_db
def test_the_highlighted_day_follows_the_date(monkeypatch):
    client = signed_in(UserFactory())
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2030, 2, 12))
    assert highlighted_day(page_of(client, CALENDAR)[0]) == "12"
    assert highlighted_day(page_of(client, month_of(2030, 2))[0]) == "12"
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2030, 2, 13))
    assert highlighted_day(page_of(client, CALENDAR)[0]) == "13"  # same month, another day
    assert 'aria-current="date"' not in page_of(client, month_of(2030, 3))[0]


@pytest.mark.django_db
def test_a_new_or_renamed_event_shows_at_once():
    client = signed_in(UserFactory())
    event = event_on(datetime.date(2030, 2, 12), "Board meeting")
    assert "Board meeting" in page_of(client, month_of(2030, 2))[0]
    event_on(datetime.date(2030, 2, 20), "Summer party")
    assert "Summer party" in page_of(client, month_of(2030, 2))[0]
    event.title = "Annual review"
    event.save()
    body, _ = page_of(client, month_of(2030, 2))
    assert "Annual review" in body and "Board meeting" not in body
    event.delete()
    assert "Annual review" not in page_of(client, month_of(2030, 2))[0]


@pytest.mark.django_db
def test_the_calendar_holds_nothing_of_a_previous_viewer():
    event_on(datetime.date(2030, 2, 12), "Board meeting")
    page_of(signed_in(UserFactory(first_name="Zoltan", last_name="Firstviewer")), month_of(2030, 2))
    second, _ = page_of(signed_in(UserFactory(first_name="Maud")), month_of(2030, 2))
    assert "Board meeting" in second
    assert "Firstviewer" not in second
