"""The API's general limits: per token, unsafe and safe requests counted apart, 429."""

import pytest

from intrasphere.api.throttles import parse_rate
from tests.api.helpers import ApiClient, token_for

ME = "/api/v1/auth/me"
ANONYMOUS = "/api/v1/auth/login"  # open to anonymous callers (the CSRF token)


@pytest.fixture
def low_limits(settings):
    settings.API_RATE_UNSAFE = "2/15m"
    settings.API_RATE_READ = "3/15m"


def test_unsafe_requests_beyond_the_limit_get_429_with_retry_after(employee, low_limits):
    client = ApiClient(token_for(employee))
    for _ in range(2):
        assert client.patch(ME, {"phone": "1"}).status_code == 200
    limited = client.patch(ME, {"phone": "2"})
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    assert limited.json()["type"] == "throttled"
    # Reads are counted apart.
    assert client.get(ME).status_code == 200


def test_reads_have_their_own_limit(employee, low_limits):
    client = ApiClient(token_for(employee))
    for _ in range(3):
        assert client.get(ME).status_code == 200
    assert client.get(ME).status_code == 429


def test_each_token_has_its_own_count(employee, low_limits):
    first, second = ApiClient(token_for(employee)), ApiClient(token_for(employee))
    for _ in range(3):
        first.get(ME)
    assert first.get(ME).status_code == 429
    assert second.get(ME).status_code == 200


@pytest.mark.parametrize(
    "rate, parsed",
    [("100/15m", (100, 900)), ("1000/15m", (1000, 900)), ("3/h", (3, 3600)), ("5/2d", (5, 172800))],
)
def test_rates_read_like_the_portals_other_limits(rate, parsed):
    assert parse_rate(rate) == parsed


@pytest.mark.parametrize("rate", ["100", "x/15m", "100/15y", "100/m/5"])
def test_a_malformed_rate_is_refused(rate):
    with pytest.raises(ValueError):
        parse_rate(rate)


def test_a_malformed_rate_is_named_in_the_error():
    with pytest.raises(ValueError, match=r"not a rate: 'x/15m' \(expected e.g. 100/15m\)"):
        parse_rate("x/15m")


def test_without_a_token_each_signed_in_person_has_their_own_count(client, employee, low_limits):
    from tests.factories import UserFactory

    client.force_login(employee)
    for _ in range(3):
        assert client.get(ME).status_code == 200
    assert client.get(ME).status_code == 429
    client.force_login(UserFactory())
    assert client.get(ME).status_code == 200


def test_anonymous_calls_are_counted_per_address(client, db, low_limits):
    for _ in range(3):
        assert client.get(ANONYMOUS, REMOTE_ADDR="192.0.2.1").status_code != 429
    assert client.get(ANONYMOUS, REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.get(ANONYMOUS, REMOTE_ADDR="192.0.2.2").status_code != 429
