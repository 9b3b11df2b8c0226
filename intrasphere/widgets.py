"""The floor's form widgets: the Markdown editor every Markdown text area uses."""

from __future__ import annotations

from django import forms
from django.template.loader import render_to_string
from django.utils.safestring import SafeString


class MarkdownEditor(forms.Textarea):
    """A text area with a "Write / Preview" tab pair and a small formatting toolbar
    (`templates/includes/markdown_editor.html`, enhanced by `static/js/portal.js`). Without
    JavaScript it is the plain text area. `data-mentions` lets @ propose colleagues."""

    def __init__(self, attrs: dict | None = None):
        super().__init__({"rows": 12, **(attrs or {}), "data-mentions": "", "data-markdown": ""})

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        textarea = super().render(name, value, attrs, renderer)
        field_id = (attrs or {}).get("id") or self.attrs.get("id") or f"id_{name}"
        return render_to_string(
            "includes/markdown_editor.html", {"textarea": textarea, "field_id": field_id}
        )
