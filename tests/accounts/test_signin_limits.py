"""Sign-in limits count failures only: an office behind one address is never locked out, while
guessing one account is stopped whatever spelling of its username is used."""

from __future__ import annotations

from unittest import mock

import pytest
from django.contrib.auth.hashers import get_hasher
from django.test import Client
from django.urls import reverse

from accounts import signin_limits
from tests.factories import DEFAULT_PASSWORD, UserFactory

OFFICE = "192.0.2.10"


def login(client, username, password="wrong", ip=OFFICE, url=None):
    url = url or reverse("accounts:login")
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.fixture
def pierre(db):
    return UserFactory(username="pierre.dubois")


def test_an_office_signs_in_all_morning_from_one_address(db):
    people = [UserFactory(username=f"colleague{n}") for n in range(8)]
    for _round in range(2):
        for person in people:
            response = login(Client(), person.username, DEFAULT_PASSWORD)
            assert response.status_code == 302, response.status_code
    for _more in range(14):  # 30 in all: successes never count
        assert login(Client(), "colleague0", DEFAULT_PASSWORD).status_code == 302


def test_the_sixth_failure_for_an_account_is_refused_for_every_spelling_and_address(pierre):
    colleague = UserFactory(username="colleague")
    for _n in range(8):  # the office's own sign-ins first
        assert login(Client(), colleague.username, DEFAULT_PASSWORD).status_code == 302
    spellings = [
        "pierre.dubois",
        " pierre.dubois ",
        "ｐierre.dubois",
        "PIERRE.DUBOIS",
        "Pierre.dubois",
    ]
    for n, spelling in enumerate(spellings):
        assert login(Client(), spelling, ip=f"198.51.100.{n}").status_code == 200
    for n, spelling in enumerate(spellings):
        response = login(Client(), spelling, DEFAULT_PASSWORD, ip=f"203.0.113.{n}")
        assert response.status_code == 429, spelling
    # The office's other people are not affected.
    assert login(Client(), colleague.username, DEFAULT_PASSWORD).status_code == 302


def test_a_success_resets_nothing(pierre):
    client = Client()
    for _attempt in range(4):
        login(client, "pierre.dubois")
    assert login(client, "pierre.dubois", DEFAULT_PASSWORD).status_code == 302
    client.logout()
    assert login(client, "pierre.dubois").status_code == 200
    assert login(client, "pierre.dubois", DEFAULT_PASSWORD).status_code == 429


def test_the_refusal_keeps_the_form_says_when_and_offers_a_reset(pierre):
    for _attempt in range(5):
        login(Client(), "pierre.dubois")
    response = login(Client(), "pierre.dubois", DEFAULT_PASSWORD)
    body = response.content.decode()
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 15 * 60
    assert "You can try again at" in body
    assert 'name="username"' in body and 'name="password"' in body
    assert reverse("accounts:password_reset") in body


def test_many_accounts_guessed_from_one_address_hit_the_address_limit(db, settings):
    settings.RATELIMIT_LOGIN_ADDRESS = "10/15m"
    UserFactory(username="target")
    for n in range(10):
        assert login(Client(), f"guess{n}").status_code == 200
    assert login(Client(), "target", DEFAULT_PASSWORD).status_code == 429
    assert login(Client(), "target", DEFAULT_PASSWORD, ip="198.51.100.200").status_code == 302


def test_the_admin_sign_in_follows_the_same_rules(admin_user):
    url = reverse("admin:login")
    for _attempt in range(5):
        assert login(Client(), " ADMIN", url=url).status_code == 200
    response = login(Client(), "admin", DEFAULT_PASSWORD, url=url)
    assert response.status_code == 429
    assert reverse("accounts:login") in response.content.decode()


def test_limited_attempts_never_reach_password_hashing(pierre):
    for _attempt in range(5):
        login(Client(), "pierre.dubois")
    hasher = type(get_hasher())
    with mock.patch.object(hasher, "verify", autospec=True) as verify:
        for _attempt in range(20):
            assert login(Client(), " Pierre.Dubois", DEFAULT_PASSWORD).status_code == 429
    assert verify.call_count == 0


@pytest.mark.parametrize(
    "data",
    [{}, {"username": ""}, {"password": "x"}, {"username": "x" * 5000, "password": "y"}],
)
def test_bad_input_is_a_form_error_never_a_500(db, data):
    response = Client().post(reverse("accounts:login"), data, REMOTE_ADDR=OFFICE)
    assert response.status_code == 200


def test_the_functions_the_api_can_reuse(rf, db):
    request = rf.post("/", REMOTE_ADDR=OFFICE)
    for _attempt in range(5):
        assert signin_limits.check(request, "Api.User").allowed
        signin_limits.record_failure(request, "api.user ")
    decision = signin_limits.check(rf.post("/", REMOTE_ADDR="10.0.0.1"), "API.USER")
    assert not decision.allowed and decision.retry_after > 0
    signin_limits.clear("api.user")
    assert signin_limits.check(request, "api.user").allowed


def test_normalisation_is_the_forms(db):
    assert signin_limits.normalise_username(" ｐierre.DUBOIS\t") == "pierre.dubois"
