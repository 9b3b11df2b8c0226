"""The bench's minimal page: off (404) by default, a tiny signed-in answer when switched on."""

from django.urls import reverse


def test_ceiling_is_a_404_unless_switched_on(employee_client):
    assert employee_client.get(reverse("bench_ceiling")).status_code == 404


def test_ceiling_answers_signed_in_users_when_on(settings, employee_client, client):
    settings.BENCH_CEILING = True
    response = employee_client.get(reverse("bench_ceiling"))
    assert response.status_code == 200
    assert response.content == b"ok"


def test_ceiling_still_needs_a_signed_in_user(settings, client):
    settings.BENCH_CEILING = True
    response = client.get(reverse("bench_ceiling"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
