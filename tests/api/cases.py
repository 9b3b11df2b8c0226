"""The API's authorization matrix: every /api/v1/ route × role × method, and the answer.

Each domain adds its cases here (or in a module imported below). Anonymous callers get 401;
what a role may not see answers 404, what it may not do answers 403 — like the pages.
Requests are made with a read-write token of the role's user (tests/api/test_matrix.py).
"""

from __future__ import annotations

from tests.matrix import LOGIN, Case


def signed_in(status: int = 200) -> dict:
    return {
        "anonymous": 401,
        "employee": status,
        "moderator": status,
        "delegate": status,
        "admin": status,
    }


OBJECTS: dict = {}

CASES = [
    Case("api:auth-me", signed_in()),
    Case("api:auth-me", signed_in(), method="PATCH", data=lambda w: {"phone": "0102030405"}),
    Case(
        "api:auth-password",
        {**signed_in(400), "anonymous": 401},
        method="PUT",
        data=lambda w: {"old_password": "wrong"},
    ),
    Case("api:auth-logout", signed_in(204), method="POST"),
    Case("api:schema", signed_in()),
    # The documentation is a page for people: a session opens it (test_docs.py), a token not.
    Case(
        "api:docs",
        dict.fromkeys(("anonymous", "employee", "moderator", "delegate", "admin"), LOGIN),
    ),
]
