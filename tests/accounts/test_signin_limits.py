"""Sign-in limits count failures only: an office behind one address is never locked out, while
guessing one account is stopped whatever spelling of its username is used."""

from __future__ import annotations

from unittest import mock

import pytest
from django.contrib.auth.hashers import get_hasher
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from accounts import signin_limits
from intrasphere.settings import redis_caches
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.security.test_redis_down import closed_port

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


# --- Windows, defaults and the cache's races (issue 28: the survivors of the first mutation run)

WINDOW = 15 * 60


def at(instant):
    """Freeze the clock the counters and the local-memory cache both read."""
    return mock.patch("time.time", return_value=float(instant))


def window_start(rf, username, limit):
    """The instant the account's next counting window begins (an integer second)."""
    probe = 1_800_000_000
    with at(probe):
        for _attempt in range(limit):
            signin_limits.record_failure(rf.post("/", REMOTE_ADDR=OFFICE), username)
        decision = signin_limits.check(None, username)
    caches["ratelimit"].clear()
    assert decision.allowed is False
    return probe + decision.retry_after


def test_a_counter_lasts_its_whole_window_and_ends_with_it(rf, db, settings):
    settings.RATELIMIT_LOGIN = "2/15m"
    UserFactory(username="pierre.dubois")
    start = window_start(rf, "pierre.dubois", 2)
    with at(start):
        for n in range(2):
            signin_limits.record_failure(
                rf.post("/", REMOTE_ADDR=f"198.51.100.{n}"), "Pierre.Dubois"
            )
        assert signin_limits.check(None, "pierre.dubois").retry_after == WINDOW
    with at(start + WINDOW / 2):
        response = login(Client(), "pierre.dubois", DEFAULT_PASSWORD)
        assert response.status_code == 429
        assert response["Retry-After"] == str(WINDOW // 2)
    with at(start + WINDOW - 0.5):  # the last second of the window still counts
        decision = signin_limits.check(None, "pierre.dubois")
        assert (decision.allowed, decision.retry_after) == (False, 1)
    with at(start + WINDOW):  # a new window: a new counter
        assert signin_limits.check(None, "pierre.dubois").allowed
        assert login(Client(), "pierre.dubois", DEFAULT_PASSWORD).status_code == 302


def test_a_counter_expiring_between_add_and_incr_starts_again_at_one(rf, db, settings):
    settings.RATELIMIT_LOGIN = "2/15m"
    start = window_start(rf, "pierre.dubois", 2)
    cache = caches["ratelimit"]
    real_incr = cache.incr

    def incr_after_expiry(key, *args, **kwargs):
        cache.delete(key)  # the counter expired meanwhile
        return real_incr(key, *args, **kwargs)

    request = rf.post("/", REMOTE_ADDR=OFFICE)
    with at(start):
        signin_limits.record_failure(request, "pierre.dubois")
        with mock.patch.object(cache, "incr", incr_after_expiry):
            signin_limits.record_failure(request, "pierre.dubois")
        assert signin_limits.check(None, "pierre.dubois").allowed  # one failure counted, not two
        signin_limits.record_failure(request, "pierre.dubois")
        assert signin_limits.check(None, "pierre.dubois").allowed is False
    with at(start + WINDOW - 0.5):  # the restarted counter lasts to the window's end
        assert signin_limits.check(None, "pierre.dubois").allowed is False
    with at(start + WINDOW):
        assert signin_limits.check(None, "pierre.dubois").allowed


def test_the_address_rule_defaults_to_50_failures_per_15_minutes(rf, db, settings):
    del settings.RATELIMIT_LOGIN_ADDRESS
    request = rf.post("/", REMOTE_ADDR=OFFICE)
    for n in range(49):
        signin_limits.record_failure(request, f"guess{n}")
    assert signin_limits.check(request, "someone").allowed
    signin_limits.record_failure(request, "guess49")
    decision = signin_limits.check(request, "someone")
    assert decision.allowed is False
    assert 0 < decision.retry_after <= WINDOW
    assert signin_limits.check(rf.post("/", REMOTE_ADDR="198.51.100.7"), "someone").allowed


def test_an_account_without_failures_is_never_limited_even_at_a_limit_of_one(rf, db, settings):
    settings.RATELIMIT_LOGIN = "1/15m"
    UserFactory(username="pierre.dubois")
    assert signin_limits.check(rf.post("/", REMOTE_ADDR=OFFICE), "pierre.dubois").allowed
    assert login(Client(), "pierre.dubois", DEFAULT_PASSWORD).status_code == 302
    assert login(Client(), "pierre.dubois").status_code == 200
    assert login(Client(), "pierre.dubois", DEFAULT_PASSWORD).status_code == 429


def test_no_username_has_no_account_counter(rf, db):
    assert signin_limits.normalise_username(None) == ""
    assert signin_limits.normalise_username("  ") == ""
    for n in range(5):
        signin_limits.record_failure(rf.post("/", REMOTE_ADDR=f"198.51.100.{n}"), "xxxx")
    assert signin_limits.check(rf.post("/", REMOTE_ADDR=OFFICE), None).allowed


def test_unreadable_counters_refuse(rf, db, settings):
    settings.CACHES = redis_caches(f"redis://127.0.0.1:{closed_port()}/0")
    decision = signin_limits.check(rf.post("/", REMOTE_ADDR=OFFICE), "pierre.dubois")
    assert (decision.allowed, decision.unavailable) == (False, True)
