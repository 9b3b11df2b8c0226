"""Every page needs a signed-in person unless its view says otherwise (`login_not_required`);
the REST API answers an anonymous call itself, with a 401 in JSON, never a redirect."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_an_anonymous_visitor_is_sent_to_sign_in_and_back(client):
    response = client.get(reverse("forum:index"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={reverse('forum:index')}"


def test_a_page_open_to_everyone_answers_an_anonymous_visitor(client):
    assert client.get(reverse("accounts:login")).status_code == 200


def test_a_signed_in_person_gets_the_page(employee_client):
    assert employee_client.get(reverse("forum:index")).status_code == 200


def test_the_api_answers_an_anonymous_call_with_401_in_json(client):
    response = client.get("/api/v1/auth/me")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert "Location" not in response


def test_the_api_documentation_page_sends_an_anonymous_visitor_to_sign_in(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
