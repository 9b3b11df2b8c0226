"""The people directory and person pages."""

from django.urls import reverse

from tests.factories import UserFactory


def test_directory_search_by_name_department_and_position(employee_client, db):
    UserFactory(first_name="Ada", last_name="Lovelace", department="Research", position="Analyst")
    UserFactory(first_name="Bob", last_name="Builder", department="Works", position="Foreman")
    UserFactory(first_name="Gone", last_name="Away", is_active=False)
    url = reverse("accounts:directory")
    assert "Ada Lovelace" in employee_client.get(url + "?q=lovelace").content.decode()
    assert "Ada Lovelace" not in employee_client.get(url + "?q=foreman").content.decode()
    assert "Bob Builder" in employee_client.get(url + "?q=foreman").content.decode()
    body = employee_client.get(url + "?department=Research").content.decode()
    assert "Ada Lovelace" in body and "Bob Builder" not in body
    assert "Gone Away" not in employee_client.get(url).content.decode()
    assert "No one matches" in employee_client.get(url + "?q=zzzzzz").content.decode()


def test_directory_is_paginated_with_pinned_queries(
    employee_client, settings, django_assert_max_num_queries
):
    settings.PAGE_SIZE = 10
    UserFactory.create_batch(35)
    url = reverse("accounts:directory")
    employee_client.get(url + "?page=4")  # warm the site-settings cache, not this page's body
    with django_assert_max_num_queries(10):
        response = employee_client.get(url)  # its shared body rendered: count and rows read
    assert response.content.decode().count('class="card card-body person"') == 10
    assert employee_client.get(url + "?page=4").status_code == 200
    assert employee_client.get(url + "?page=5").status_code == 404


def test_person_page_shows_contact_details_and_message_link(employee_client, db):
    UserFactory(username="ada", email="ada@example.com", phone="+33 6 00 00 00 00")
    body = employee_client.get(reverse("accounts:person_detail", args=["ada"])).content.decode()
    assert "mailto:ada@example.com" in body
    assert "tel:+33 6 00 00 00 00" in body
    assert reverse("messaging:compose") + "?to=ada" in body


def test_inactive_person_page_is_404(employee_client, db):
    UserFactory(username="gone", is_active=False)
    assert employee_client.get(reverse("accounts:person_detail", args=["gone"])).status_code == 404
