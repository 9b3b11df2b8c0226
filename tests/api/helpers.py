"""Calling the API as a program would: a personal token in the Authorization header."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from accounts.services_tokens import api_token_create


def token_for(user, *, read_only: bool = False, days: int = 30) -> str:
    _token, secret = api_token_create(
        user=user,
        name=f"test {'read' if read_only else 'write'}",
        expires_at=timezone.now() + timedelta(days=days),
        read_only=read_only,
    )
    return secret


class ApiClient:
    """A test client that sends JSON and a bearer token (or nothing, for anonymous calls)."""

    def __init__(self, secret: str | None = None, client: Client | None = None):
        self.client = client or Client()
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def call(self, method: str, url: str, data=None, **extra):
        method = method.lower()
        if method in ("get", "head") or data is None:
            return getattr(self.client, method)(url, data or {}, headers=self.headers, **extra)
        return getattr(self.client, method)(
            url, data, content_type="application/json", headers=self.headers, **extra
        )

    def get(self, url, data=None, **extra):
        return self.call("get", url, data, **extra)

    def post(self, url, data=None, **extra):
        return self.call("post", url, data if data is not None else {}, **extra)

    def put(self, url, data=None, **extra):
        return self.call("put", url, data if data is not None else {}, **extra)

    def patch(self, url, data=None, **extra):
        return self.call("patch", url, data if data is not None else {}, **extra)

    def delete(self, url, data=None, **extra):
        return self.call("delete", url, data, **extra)
