"""Sessions: rotated at sign-in, gone after sign-out, cookies locked down."""

from importlib import import_module

from django.conf import settings
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD


def _store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def test_session_is_gone_after_logout(client, employee):
    client.post(reverse("accounts:login"), {"username": "employee", "password": DEFAULT_PASSWORD})
    key = client.session.session_key
    assert _store()().exists(key)
    client.post(reverse("accounts:logout"))
    assert not _store()().exists(key)


def test_session_cookie_is_httponly_and_samesite(client, employee):
    response = client.post(
        reverse("accounts:login"), {"username": "employee", "password": DEFAULT_PASSWORD}
    )
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
