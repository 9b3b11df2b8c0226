"""Design-system helpers: `{% load design %}`.

- `{% icon "chat" %}`: an icon from the bundled sprite (static/img/icons.svg), decorative
  (`aria-hidden`); `{% icon "chat" label=_("Forum") %}` gives it an accessible name instead.
- `form|has_required`: whether a form shows a required field (then includes/form.html explains
  the mark).
"""

from __future__ import annotations

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

from intrasphere.icons import icon_for

register = template.Library()


@register.simple_tag
def icon(name: str, label: str = "", css: str = "") -> str:
    """An <svg> using one symbol of the sprite; '' for an unknown name (never a broken box)."""
    symbol = icon_for(name)
    if not symbol:
        return ""
    classes = f"icon {css}".strip()
    href = f"{static('img/icons.svg')}#{symbol}"
    if label:
        return format_html(
            '<svg class="{}" role="img" aria-label="{}" focusable="false">'
            '<use href="{}"></use></svg>',
            classes,
            label,
            href,
        )
    return format_html(
        '<svg class="{}" aria-hidden="true" focusable="false"><use href="{}"></use></svg>',
        classes,
        href,
    )


@register.filter
def has_required(form) -> bool:
    """True when a visible field of the form is required."""
    return any(field.field.required for field in form if not field.is_hidden)
