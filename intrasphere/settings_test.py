"""Test settings: the real settings, made fast and deterministic for the suite."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
os.environ.pop("REDIS_URL", None)
# The suite runs with DEBUG off, which requires a DATABASE_URL; pytest makes its own test
# database from it (in memory for SQLite).
os.environ.setdefault("DATABASE_URL", "sqlite:///test-db.sqlite3")

from .settings import *  # noqa: E402,F403
from .settings import BASE_DIR, STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / ".pytest_cache" / "media"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# Django's test runner sets EMAIL_BACKEND to locmem; the queue worker delivers to it too.
POST_OFFICE = {
    **POST_OFFICE,  # noqa: F405
    "BACKENDS": {"default": "django.core.mail.backends.locmem.EmailBackend"},
    "THREADS_PER_PROCESS": 1,
}
