"""The bundled icon set (static/img/icons.svg): names, their labels, and the emoji they replace.

Icons are drawn from the sprite, never from an emoji font (which many workstations lack: emoji
render there as empty boxes). `{% load design %}{% icon "chat" %}` draws one.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ICON_CHOICES = [
    ("chat", _("Speech bubble")),
    ("monitor", _("Screen")),
    ("idea", _("Light bulb")),
    ("help", _("Question mark")),
    ("users", _("People")),
    ("book", _("Book")),
    ("work", _("Briefcase")),
    ("star", _("Star")),
    ("calendar", _("Calendar")),
    ("coffee", _("Coffee cup")),
    ("tool", _("Wrench")),
    ("announce", _("Loudspeaker")),
    ("shield", _("Shield")),
    ("globe", _("Globe")),
    ("smile", _("Smile")),
    ("heart", _("Heart")),
]
ICON_NAMES = frozenset(name for name, _label in ICON_CHOICES)

# Emoji once typed as category icons, and the icon that replaces each (variation selectors off).
EMOJI_TO_ICON = {
    "💬": "chat",
    "🗨": "chat",
    "🖥": "monitor",
    "💻": "monitor",
    "💡": "idea",
    "❓": "help",
    "❔": "help",
    "👥": "users",
    "👋": "users",
    "📚": "book",
    "📖": "book",
    "💼": "work",
    "⭐": "star",
    "🌟": "star",
    "📅": "calendar",
    "📆": "calendar",
    "☕": "coffee",
    "🔧": "tool",
    "🛠": "tool",
    "📢": "announce",
    "📣": "announce",
    "🛡": "shield",
    "🔒": "shield",
    "🌍": "globe",
    "🌐": "globe",
    "😀": "smile",
    "🙂": "smile",
    "🎉": "smile",
    "❤": "heart",
    "♥": "heart",
}


def icon_for(value: str) -> str:
    """The icon name for a stored value: a name as is, a known emoji mapped, anything else ''."""
    value = (value or "").strip()
    if value in ICON_NAMES:
        return value
    return EMOJI_TO_ICON.get(value.replace("\ufe0f", ""), "")
