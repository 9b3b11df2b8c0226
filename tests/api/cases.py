"""The API's authorization matrix: every /api/v1/ route × role × method, and the answer.

Requests are made with a read-write token of the role's user (tests/api/test_matrix.py); objects
come from the pages' matrix builders (`tests/<app>/matrix.py` OBJECTS) plus those below.
Anonymous callers get 401; what a role may not see answers 404, what it may not do 403 —
like the pages. Each domain keeps its cases in `tests/api/cases_<app>.py`, listed in MODULES.
"""

from __future__ import annotations

import importlib

from tests.matrix import LOGIN, Case

ROLE_NAMES = ("anonymous", "employee", "moderator", "delegate", "admin")


def signed_in(status: int = 200) -> dict:
    return {"anonymous": 401, **dict.fromkeys(ROLE_NAMES[1:], status)}


def needs(perm: str, ok: int = 200, denied: int = 403, moderator: int | None = None) -> dict:
    """Only the delegate holding `perm` and administrators get `ok`."""
    return {
        "anonymous": 401,
        "employee": denied,
        "moderator": denied if moderator is None else moderator,
        "delegate": ok,
        "admin": ok,
        "_perm": perm,
    }


def admin_only(ok: int = 200) -> dict:
    return {"anonymous": 401, "employee": 403, "moderator": 403, "delegate": 403, "admin": ok}


def pk(name: str):
    return lambda w: {"pk": w.get(name).pk}


MODULES = [
    "tests.api.cases_accounts",
    "tests.api.cases_content",
    "tests.api.cases_users",
    "tests.api.cases_forum",
    "tests.api.cases_complaints",
    "tests.api.cases_training",
]

OBJECTS: dict = {}
CASES = [
    # The documentation is a page for people: a session opens it (test_schema.py), a token not.
    Case("api:docs", dict.fromkeys(ROLE_NAMES, LOGIN)),
    Case("api:schema", signed_in()),
]
for _name in MODULES:
    _module = importlib.import_module(_name)
    OBJECTS.update(getattr(_module, "OBJECTS", {}))
    CASES += _module.CASES
