"""The header's "Manage" entry and the /manage/ hub: every management page a person may open.

Each domain registers its management pages from its `AppConfig.ready()` (the floor never names
a domain): a URL name, a title, one line of description and the predicate of the page's own
guard. `links_for(user)` is what the hub lists; `can_manage(user)` is the one function of the
user's rights the header asks, the same on every page (a page's own flags never decide it), so
the entry is shown exactly when the hub has something to show and never leads to a 403.

    manage_links.register(
        ManageLink("content:announcement_create", _("Announcements"), _("Publish…"),
                   permissions.can_manage_announcements),
    )
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class ManageLink:
    url_name: str
    label: str | Promise
    text: str | Promise
    allowed: Callable[[Any], bool]  # the target page's own guard, as a predicate


_LINKS: dict[str, ManageLink] = {}


def register(*links: ManageLink) -> None:
    """Add management pages (idempotent: a URL name registered again replaces itself)."""
    for link in links:
        _LINKS[link.url_name] = link


def links_for(user: Any) -> list[ManageLink]:
    """The management pages `user` may open, in registration order; none when signed out."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    return [link for link in _LINKS.values() if link.allowed(user)]


def can_manage(user: Any) -> bool:
    """Whether the header shows "Manage": the hub has at least one page for `user`."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return any(link.allowed(user) for link in _LINKS.values())
