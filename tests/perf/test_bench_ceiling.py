"""The bench's reference pages: the minimal answer (ceiling) and the empty page in the layout
(floor); off (404) by default, for signed-in people only when switched on."""

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


def test_floor_is_the_layout_with_no_content(settings, employee_client, employee):
    assert employee_client.get(reverse("bench_floor")).status_code == 404
    settings.BENCH_CEILING = True
    response = employee_client.get(reverse("bench_floor"))
    assert response.status_code == 200
    page = response.text
    assert "<h1>Benchmark</h1>" in page
    assert employee.name in page  # the header's user menu: the layout is all there
    assert reverse("search") in page


def test_floor_still_needs_a_signed_in_user(settings, client):
    settings.BENCH_CEILING = True
    response = client.get(reverse("bench_floor"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
