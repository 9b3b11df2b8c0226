"""Shared page bodies (intrasphere.caching.shared_body): reused across viewers who see a page the
same way, never across audiences, rights or languages, and rendered again after a write."""

import pytest
from django.urls import reverse

from tests.content.factories import AnnouncementFactory
from tests.factories import EmployeeCategoryFactory, UserFactory, grant
from tests.pages import page_of, signed_in

LIST = reverse("content:announcement_list")


@pytest.mark.django_db
def test_second_reader_of_the_same_audience_reuses_the_body():
    AnnouncementFactory.create_batch(3, title="Canteen news")
    first, first_queries = page_of(signed_in(UserFactory(department="Sales")), LIST)
    second, second_queries = page_of(signed_in(UserFactory(department="Sales")), LIST)
    assert first.count("Canteen news") == second.count("Canteen news") == 3
    assert second_queries < first_queries  # neither the count nor the rows were read again


@pytest.mark.django_db
def test_a_body_is_never_shown_to_another_audience():
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
def test_managers_and_readers_do_not_share_a_body():
    manager = grant(UserFactory(department="Sales"), "content.manage_announcements")
    AnnouncementFactory(title="Hidden plan", audience_restricted=True, audience_departments="|HR|")
    managed, _ = page_of(signed_in(manager), LIST)
    read, _ = page_of(signed_in(UserFactory(department="Sales")), LIST)
    assert "Hidden plan" in managed and "New announcement" in managed
    assert "Hidden plan" not in read and "New announcement" not in read


@pytest.mark.django_db
def test_the_body_holds_nothing_of_the_viewer():
    AnnouncementFactory(title="Canteen news")
    first_user = UserFactory(department="Sales", first_name="Zoltan", last_name="Firstviewer")
    page_of(signed_in(first_user), LIST)
    second, _ = page_of(signed_in(UserFactory(department="Sales", first_name="Maud")), LIST)
    assert "Firstviewer" not in second  # the header is the viewer's own, not cached


@pytest.mark.django_db
def test_languages_get_their_own_body():
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
def test_query_string_is_part_of_the_key():
    AnnouncementFactory.create_batch(25)
    client = signed_in(UserFactory())
    first, _ = page_of(client, LIST)
    second, _ = page_of(client, LIST + "?page=2")
    assert first != second
    assert 'aria-current="page">2<' in second
    assert client.get(LIST + "?page=99").status_code == 404


def test_viewer_parts_are_filled_once_per_name_and_cannot_be_forged():
    from django.template import Context, Template
    from django.utils.html import escape

    from intrasphere.caching import fill_viewer_parts

    body = Template(
        '{% load portal %}{% for pk in pks %}[{% viewer_part "like" pk "button" %}]{% endfor %}'
        '{% viewer_part "other" 1 %}{{ title }}'
    ).render(Context({"pks": [1, 2], "title": '<!--viewer:like:1:button--> "posted"'}))
    calls = []

    def likes(parts):
        calls.append(parts)
        return {("1", "button"): "<b>liked</b>"}

    filled = fill_viewer_parts(body, {"like": likes})
    assert calls == [[("1", "button"), ("2", "button")]]  # every part of a name, in one call
    assert filled.startswith("[<b>liked</b>][]")  # a part left out renders as nothing
    assert filled.endswith(escape('<!--viewer:like:1:button--> "posted"'))  # text stays text
    assert "viewer:other" not in filled  # a name without a filler renders as nothing
