"""The portal's one date language (docs/features.md, "Dates"): `{{ value|when }}`.

A built-in library (TEMPLATES "builtins"): every template has it without `{% load %}`.

- a moment of the last 24 hours (or the next 24): relative, "2 hours ago" / "il y a 2 heures",
  "in 3 hours" / "dans 3 heures";
- an older (or later) moment: the reader's date and time (SHORT_DATETIME_FORMAT of
  intrasphere/formats/<lang>/formats.py, a 24-hour clock);
- a date (no time): the reader's date (SHORT_DATE_FORMAT).

Always inside `<time datetime="…ISO…" title="…exact…">`. `|when:"date"` shows only the date of
a moment, `|when:"exact"` never a relative time. Plain text (emails, notifications) uses
`when_text(value)` — the same words without the markup.
"""

from __future__ import annotations

import datetime

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.timesince import timesince, timeuntil
from django.utils.translation import gettext as _

register = template.Library()

RECENT = datetime.timedelta(hours=24)


def _local(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def when_text(value, mode: str = "", *, now: datetime.datetime | None = None) -> str:
    """The words `|when` shows for `value` (a datetime or a date), in the active language."""
    if value in (None, ""):
        return ""
    if not isinstance(value, datetime.datetime):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if mode == "date":
        return formats.date_format(_local(value).date(), "SHORT_DATE_FORMAT")
    now = now or timezone.now()
    if not timezone.is_aware(value):
        now = timezone.make_naive(now) if timezone.is_aware(now) else now
    delta = now - value
    if mode != "exact" and abs(delta) < RECENT:
        if abs(delta) < datetime.timedelta(minutes=1):
            return _("just now")
        if delta > datetime.timedelta(0):
            return _("%(delta)s ago") % {"delta": timesince(value, now, depth=1)}
        return _("in %(delta)s") % {"delta": timeuntil(value, now, depth=1)}
    return formats.date_format(_local(value), "SHORT_DATETIME_FORMAT")


def exact_text(value) -> str:
    """The full date (and time) of `value`, as the `title` of `|when` shows it."""
    if isinstance(value, datetime.datetime):
        return formats.date_format(_local(value), "DATETIME_FORMAT")
    return formats.date_format(value, "DATE_FORMAT")


@register.filter(name="when")
def when(value, mode: str = ""):
    """`<time datetime="ISO" title="exact">relative or local date</time>` (empty for None)."""
    if value in (None, ""):
        return ""
    if not isinstance(value, datetime.date):
        return value
    iso = _local(value).isoformat() if isinstance(value, datetime.datetime) else value.isoformat()
    return format_html(
        '<time datetime="{}" title="{}">{}</time>', iso, exact_text(value), when_text(value, mode)
    )
