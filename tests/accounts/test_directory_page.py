"""The people directory: the same people for every employee, nothing of another viewer, every
change of an account shown at once, filters and pages, both languages."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.pages import page_of, signed_in

DIRECTORY = reverse("accounts:directory")


@pytest.mark.django_db
def test_the_directory_shows_nothing_of_another_viewer():
    UserFactory(first_name="Ada", last_name="Lovelace", department="Research")
    first_viewer = UserFactory(first_name="Zoltan", last_name="Firstviewer", department="Sales")
    second_viewer = UserFactory(first_name="Maud", last_name="Secondviewer", department="Sales")
    first, _ = page_of(signed_in(first_viewer), DIRECTORY + "?department=Research")
    second, _ = page_of(signed_in(second_viewer), DIRECTORY + "?department=Research")
    assert "Firstviewer" in first  # the viewer's own header
    assert "Ada Lovelace" in second and "Secondviewer" in second
    assert "Firstviewer" not in second


@pytest.mark.django_db
def test_a_new_renamed_or_departed_colleague_shows_at_once():
    client = signed_in(UserFactory())
    colleague = UserFactory(first_name="Ada", last_name="Lovelace")
    assert "Ada Lovelace" in page_of(client, DIRECTORY)[0]
    UserFactory(first_name="Grace", last_name="Hopper")
    assert "Grace Hopper" in page_of(client, DIRECTORY)[0]
    colleague.last_name = "King"
    colleague.save()
    body, _ = page_of(client, DIRECTORY)
    assert "Ada King" in body and "Ada Lovelace" not in body
    colleague.is_active = False
    colleague.save()
    assert "Ada King" not in page_of(client, DIRECTORY)[0]


@pytest.mark.django_db
def test_the_directory_filters_and_pages(settings):
    settings.PAGE_SIZE = 2
    UserFactory(first_name="Ada", last_name="Aaronson", department="Research")
    UserFactory(first_name="Bob", last_name="Builder", department="Works")
    client = signed_in(UserFactory(last_name="Zed"))
    everything, _ = page_of(client, DIRECTORY)
    searched, _ = page_of(client, DIRECTORY + "?q=builder")
    filtered, _ = page_of(client, DIRECTORY + "?department=Research")
    second, _ = page_of(client, DIRECTORY + "?page=2")
    assert "Ada Aaronson" in everything and 'aria-current="page">1<' in everything
    assert "Bob Builder" in searched and "Ada Aaronson" not in searched
    assert "Ada Aaronson" in filtered and "Bob Builder" not in filtered
    assert '<option value="Research" selected>' in filtered
    assert 'aria-current="page">2<' in second and "Ada Aaronson" not in second
    assert client.get(DIRECTORY + "?page=99").status_code == 404


@pytest.mark.django_db
def test_the_directory_speaks_the_viewers_language():
    UserFactory(first_name="Ada", last_name="Lovelace")
    english, _ = page_of(signed_in(UserFactory()), DIRECTORY)
    french, _ = page_of(signed_in(UserFactory(), "fr"), DIRECTORY)
    assert "Filtrer" in french and "Filtrer" not in english
