"""Hostile bodies on every write of the content, users and auth endpoints: wrong JSON types,
huge values, unknown fields, a body that is not an object. Always a 4xx, never a 500."""

import pytest

from tests.api.helpers import ApiClient, token_for
from tests.content.factories import AnnouncementFactory, CategoryFactory, EventFactory, PageFactory
from tests.factories import UserFactory

WRITES = [
    ("post", "/api/v1/announcements"),
    ("patch", "/api/v1/announcements/{announcement}"),
    ("put", "/api/v1/announcements/{announcement}"),
    ("post", "/api/v1/documents"),
    ("post", "/api/v1/events"),
    ("patch", "/api/v1/events/{event}"),
    ("post", "/api/v1/events/{event}/rsvp"),
    ("post", "/api/v1/contents"),
    ("patch", "/api/v1/contents/{page}"),
    ("post", "/api/v1/categories"),
    ("put", "/api/v1/categories/{category}"),
    ("post", "/api/v1/users"),
    ("patch", "/api/v1/users/{person}"),
    ("post", "/api/v1/auth/login"),
]

BODIES = {
    "objects": lambda: dict.fromkeys(FIELDS, {"nested": [1, 2]}),
    "lists": lambda: dict.fromkeys(FIELDS, [["a"], {"b": 1}]),
    "huge": lambda: dict.fromkeys(FIELDS, "x" * 200_000),
    "numbers": lambda: dict.fromkeys(FIELDS, 10**30),
    "not an object": lambda: ["title", "x"],
}
FIELDS = [
    "title",
    "content",
    "type",
    "icon",
    "important",
    "publish_at",
    "unpublish_at",
    "category",
    "departments",
    "employee_categories",
    "starts_at",
    "ends_at",
    "capacity",
    "status",
    "slug",
    "body",
    "name",
    "username",
    "email",
    "role",
    "password",
    "password1",
    "employee_category",
]


@pytest.mark.parametrize("kind", list(BODIES))
@pytest.mark.parametrize("method, url", WRITES, ids=[f"{m} {u}" for m, u in WRITES])
def test_hostile_bodies_are_refused_cleanly(admin_user, method, url, kind):
    objects = {
        "announcement": AnnouncementFactory(author=admin_user).pk,
        "event": EventFactory().pk,
        "page": PageFactory().pk,
        "category": CategoryFactory().pk,
        "person": UserFactory(username="target").pk,
    }
    api = ApiClient(token_for(admin_user))
    response = getattr(api, method)(url.format(**objects), BODIES[kind]())
    if kind == "numbers" and response.status_code < 300:
        return  # a number is a fine name for a category
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    assert response["Content-Type"] == "application/problem+json"
