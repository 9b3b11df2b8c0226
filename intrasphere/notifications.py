"""What a notification says, rendered in the *reader's* language when it is shown.

A notification stores its kind and the parameters of the event (`kind="forum.reply"`,
`params={"topic": "…", "author": "…"}`), never a sentence. Each kind is registered once, here,
with its English template (named placeholders, translated by gettext when rendered) and its
preference category (docs/features.md, "Notifications").

The floor knows no domain: each app declares its kinds in `<app>/notification_kinds.py`, found by
`discover()` (like `personal_data`). A parameter that must itself be translated or formatted
for the reader (a status, a right, a date) names a function in `values`: it turns the stored
value into the words shown, at display time, in the active language.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# The preference categories a person chooses a channel for (profile → notifications); kinds of
# category OTHER (moderation, rights, legacy) are shown in the app and go in the digest.
CATEGORIES: list[tuple[str, Any]] = [
    ("mentions", _("Mentions")),
    ("messages", _("Messages")),
    ("helpdesk", _("Helpdesk requests")),
    ("forum", _("Followed forum topics and categories")),
    ("trainings", _("Trainings")),
    ("must_reads", _("Must-reads")),
]
OTHER = "other"

# The channels of a category: in the app only; in the app and an email at once; in the app and,
# while unread, in the email digest; not at all.
IN_APP, EMAIL, DIGEST, OFF = "app", "email", "digest", "off"
CHANNELS: list[tuple[str, Any]] = [
    (IN_APP, _("In the app only")),
    (EMAIL, _("In the app and by email at once")),
    (DIGEST, _("In the app and in the email digest")),
    (OFF, _("Off")),
]


@dataclass(frozen=True)
class Kind:
    name: str
    # English msgids (gettext_noop'd by the caller), joined by a space once translated.
    templates: tuple[str, ...]
    category: str = OTHER
    values: dict[str, Callable[[Any], str]] = field(default_factory=dict)


_KINDS: dict[str, Kind] = {}
_discovered = False


def register(
    name: str,
    template: str | tuple[str, ...],
    *,
    category: str = OTHER,
    values: dict[str, Callable[[Any], str]] | None = None,
) -> None:
    """Declare the kind `name`: `template` is an English msgid with named placeholders."""
    if category != OTHER and category not in dict(CATEGORIES):
        raise ValueError(f"unknown notification category {category!r}")
    templates = (template,) if isinstance(template, str) else tuple(template)
    _KINDS[name] = Kind(name, templates, category, dict(values or {}))


def discover() -> dict[str, Kind]:
    """Every registered kind (importing each app's `notification_kinds` module once)."""
    global _discovered
    if not _discovered:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("notification_kinds")
        _discovered = True
    return _KINDS


def kind(name: str) -> Kind | None:
    return discover().get(name)


def category_of(name: str) -> str:
    found = kind(name)
    return found.category if found else OTHER


def render(name: str, params: dict[str, Any] | None, fallback: str = "") -> str:
    """The sentence of a notification of kind `name`, in the active language.

    An unknown kind, or parameters that no longer fit its template, show `fallback` (the text
    stored by older code, kept by the migration as kind "legacy").
    """
    found = kind(name)
    if found is None:
        return fallback
    params = dict(params or {})
    for key, convert in found.values.items():
        if key in params:
            params[key] = convert(params[key])
    try:
        return " ".join(gettext(template) % params for template in found.templates)
    except (KeyError, TypeError, ValueError):
        return fallback


def date_value(value: Any) -> str:
    """A stored ISO date ("2026-12-07") in the reader's date format."""
    try:
        day = datetime.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def translated(labels: Callable[[], dict[str, Any]]) -> Callable[[Any], str]:
    """A parameter stored as a code ("resolved") shown as its translated label."""

    def convert(value: Any) -> str:
        label = labels().get(value)
        return str(label) if label is not None else str(value)

    return convert


register("legacy", "%(text)s")
