"""The announcement list: what each audience and role sees, the viewer's own must-read state,
every write shown at once, and a query count that does not grow with the rows."""

import pytest
from django.urls import reverse

from content import services
from tests.content.factories import AnnouncementFactory
from tests.factories import EmployeeCategoryFactory, UserFactory, grant
from tests.pages import page_of, signed_in

LIST = reverse("content:announcement_list")


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_the_announcements():
    client = signed_in(UserFactory(department="Sales"))
    AnnouncementFactory.create_batch(3, important=True)
    page_of(client, LIST)
    few = page_of(client, LIST)[1]
    AnnouncementFactory.create_batch(30, important=True)
    page_of(client, LIST)
    assert page_of(client, LIST)[1] == few <= 15


@pytest.mark.django_db
def test_each_reader_sees_their_own_must_read_state():
    policy = AnnouncementFactory(title="Policy", important=True)
    reader, colleague = UserFactory(), UserFactory()
    services.announcement_acknowledge(user=reader, announcement=policy)
    read, _ = page_of(signed_in(reader), LIST)
    assert "You have read this" in read and "Must read:" not in read
    other, _ = page_of(signed_in(colleague), LIST)
    assert "You have read this" not in other and "Must read:" in other


@pytest.mark.django_db
def test_each_audience_sees_its_own_announcements():
    AnnouncementFactory(
        title="Sales targets", audience_restricted=True, audience_departments="|Sales|"
    )
    drivers = EmployeeCategoryFactory(name="Drivers")
    for_drivers = AnnouncementFactory(title="Route changes", audience_restricted=True)
    for_drivers.audience_categories.add(drivers)

    sales, _ = page_of(signed_in(UserFactory(department="Sales")), LIST)
    driver, _ = page_of(signed_in(UserFactory(department="Ops", employee_category=drivers)), LIST)
    other, _ = page_of(signed_in(UserFactory(department="Ops")), LIST)
    assert "Sales targets" in sales and "Route changes" not in sales
    assert "Route changes" in driver and "Sales targets" not in driver
    assert "Sales targets" not in other and "Route changes" not in other


@pytest.mark.django_db
def test_managers_see_every_announcement_and_their_button():
    manager = grant(UserFactory(department="Sales"), "content.manage_announcements")
    AnnouncementFactory(title="Hidden plan", audience_restricted=True, audience_departments="|HR|")
    managed, _ = page_of(signed_in(manager), LIST)
    read, _ = page_of(signed_in(UserFactory(department="Sales")), LIST)
    assert "Hidden plan" in managed and "New announcement" in managed
    assert "Hidden plan" not in read and "New announcement" not in read


@pytest.mark.django_db
def test_a_page_holds_nothing_of_a_previous_viewer():
    AnnouncementFactory(title="Canteen news")
    first_user = UserFactory(department="Sales", first_name="Zoltan", last_name="Firstviewer")
    page_of(signed_in(first_user), LIST)
    second, _ = page_of(signed_in(UserFactory(department="Sales", first_name="Maud")), LIST)
    assert "Firstviewer" not in second  # the header is the viewer's own, not cached


@pytest.mark.django_db
def test_each_language_gets_its_own_page():
    AnnouncementFactory(title="Canteen news")
    english, _ = page_of(signed_in(UserFactory()), LIST)
    french, _ = page_of(signed_in(UserFactory(), "fr"), LIST)
    assert "Nothing has been announced" not in english
    assert "Filtrer" in french and "Filtrer" not in english


@pytest.mark.django_db
def test_a_new_announcement_shows_at_once():
    client = signed_in(UserFactory())
    AnnouncementFactory(title="First news")
    page_of(client, LIST)
    AnnouncementFactory(title="Second news")
    body, _ = page_of(client, LIST)
    assert "First news" in body and "Second news" in body


@pytest.mark.django_db
def test_an_audience_change_shows_at_once():
    drivers = EmployeeCategoryFactory(name="Drivers")
    driver = signed_in(UserFactory(employee_category=drivers))
    announcement = AnnouncementFactory(title="Route changes", audience_restricted=True)
    assert "Route changes" not in page_of(driver, LIST)[0]
    announcement.audience_categories.add(drivers)  # no save of the announcement itself
    assert "Route changes" in page_of(driver, LIST)[0]


@pytest.mark.django_db
def test_an_author_renamed_shows_at_once():
    author = UserFactory(first_name="Ada", last_name="Lovelace")
    AnnouncementFactory(title="Canteen news", author=author)
    client = signed_in(UserFactory())
    assert "Ada Lovelace" in page_of(client, LIST)[0]
    author.last_name = "King"
    author.save()
    assert "Ada King" in page_of(client, LIST)[0]


@pytest.mark.django_db
def test_each_page_number_shows_its_own_rows():
    AnnouncementFactory.create_batch(25)
    client = signed_in(UserFactory())
    first, _ = page_of(client, LIST)
    second, _ = page_of(client, LIST + "?page=2")
    assert first != second
    assert 'aria-current="page">2<' in second
    assert client.get(LIST + "?page=99").status_code == 404
