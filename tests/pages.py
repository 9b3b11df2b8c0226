"""Helpers for page tests: signed-in clients and a page's HTML with its query count."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def signed_in(user, language: str = "en") -> Client:
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return client


def page_of(client: Client, path: str) -> tuple[str, int]:
    """The page's HTML (it must answer 200) and how many queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def warmed(user, path: str) -> Client:
    """A signed-in client whose first request (session, site settings, rights) is behind it,
    made under another shared-body key, so the next request of `path` renders or reuses alone."""
    client = signed_in(user)
    assert client.get(path + "?warm=1").status_code == 200
    return client
