"""Hostile query strings on the content, users and portal lists: a 4xx or a page, never a 500."""

import pytest

from tests.api.helpers import ApiClient, token_for
from tests.content.factories import AnnouncementFactory

LISTS = [
    "/api/v1/announcements",
    "/api/v1/documents",
    "/api/v1/events",
    "/api/v1/contents",
    "/api/v1/categories",
    "/api/v1/users",
    "/api/v1/notifications",
    "/api/v1/search",
    "/api/v1/stats",
]
QUERIES = [
    "page=abc",
    "page=-1",
    "page=99999999999999999999",
    "page_size=0",
    "page_size=-5",
    "page_size=100000",
    "category=abc",
    "category=99999999999999999999",
    "type=%00",
    "q=%00",
    "q=" + "x" * 5000,
    "q=budget&type=announcements&page=abc",
    "when=%ff",
    "role=%00&active=maybe&department=" + "d" * 500,
    "unread=%00",
]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("url", LISTS)
def test_hostile_query_strings(admin_user, url, query):
    AnnouncementFactory(title="budget")
    response = ApiClient(token_for(admin_user)).get(f"{url}?{query}")
    assert response.status_code in (200, 400, 404), (response.status_code, response.content[:200])
    if response.status_code != 200:
        assert response["Content-Type"] == "application/problem+json"
