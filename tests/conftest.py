"""Shared fixtures: users of every role, signed-in clients, a fresh cache per test."""

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.utils import translation

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters, cached settings and pages must not leak between tests."""
    cache.clear()
    caches["local"].clear()
    yield
    cache.clear()
    caches["local"].clear()


@pytest.fixture(autouse=True)
def _default_language():
    """A request in French leaves French active in the thread (LocaleMiddleware does not reset
    it): every test starts and ends in the default language."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def employee(db):
    return UserFactory(username="employee")


@pytest.fixture
def moderator(db):
    return UserFactory(username="moderator", role="moderator")


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", role="admin", is_superuser=True, is_staff=True)


@pytest.fixture
def employee_client(client, employee):
    client.force_login(employee)
    return client


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://… (CI does)")
