"""The authorization matrix: every URL × role × method, with the answer we expect.

Each app declares its cases in `tests/<app>/matrix.py`:

    OBJECTS = {"announcement": lambda world: AnnouncementFactory(author=world.user("admin"))}
    CASES = [
        Case("content:announcement_list", everyone()),
        Case("content:announcement_edit", needs("content.manage_announcements"),
             kwargs=lambda w: {"pk": w.get("announcement").pk}),
        Case("content:announcement_delete", needs("content.manage_announcements", ok=302),
             method="POST", kwargs=...),
    ]

`tests/test_authorization_matrix.py` fails when a URL name in the URLconf has no case.
Expected answers: an HTTP status, or LOGIN (a redirect to the sign-in page).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ROLES = ("anonymous", "employee", "moderator", "delegate", "admin")
LOGIN = "login"


def everyone(status: int = 200, anonymous: int | str = LOGIN) -> dict[str, int | str]:
    """Every signed-in user gets `status`; anonymous users are sent to sign in."""
    return {"anonymous": anonymous, **dict.fromkeys(ROLES[1:], status)}


def public(status: int = 200) -> dict[str, int | str]:
    return dict.fromkeys(ROLES, status)


def needs(perm: str, ok: int = 200, denied: int = 403, moderator: int | None = None) -> dict:
    """Only the delegate holding `perm` and admins get `ok`; others get `denied`."""
    return {
        "anonymous": LOGIN,
        "employee": denied,
        "moderator": denied if moderator is None else moderator,
        "delegate": ok,
        "admin": ok,
        "_perm": perm,
    }


def admin_only(ok: int = 200) -> dict:
    return {"anonymous": LOGIN, "employee": 403, "moderator": 403, "delegate": 403, "admin": ok}


@dataclass
class Case:
    url_name: str
    expect: dict[str, Any]
    kwargs: Callable[[World], dict] | None = None
    method: str = "GET"
    data: Callable[[World], dict] | None = None
    query: str = ""
    label: str = ""

    @property
    def delegate_perm(self) -> str | None:
        return self.expect.get("_perm")

    @property
    def id(self) -> str:
        return f"{self.method} {self.url_name}{(' ' + self.label) if self.label else ''}"


@dataclass
class World:
    """Users of every role plus objects built on demand by the apps' OBJECTS builders."""

    builders: dict[str, Callable[[World], Any]]
    users: dict[str, Any] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)

    def user(self, role: str):
        return self.users[role]

    def get(self, name: str):
        if name not in self.objects:
            self.objects[name] = self.builders[name](self)
        return self.objects[name]
