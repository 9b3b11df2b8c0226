"""The active filters of a list as chips, each a link to the same list without that filter.

    {% load filter_chips %}{% filter_chips form as chips %}
    <details class="filter-panel">{% include "includes/filter_toggle.html" %}<form …></details>
    {% include "includes/filter_chips.html" %}

A chip is made for every visible field of the (GET) form with a value in the query string: its
label and the value as shown in the form (a choice's label, "Yes" is left out for a checkbox).
The chip's link keeps the other parameters and drops the field's and the page number.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms, template
from django.http import QueryDict

register = template.Library()


@dataclass(frozen=True)
class Chip:
    label: str
    value: str
    url: str


def _choice_labels(field: forms.Field) -> dict[str, str]:
    labels: dict[str, str] = {}
    for value, label in getattr(field, "choices", ()):
        if isinstance(label, list | tuple):  # an optgroup
            labels.update({str(v): str(lab) for v, lab in label})
        else:
            labels[str(value)] = str(label)
    return labels


def _shown(field: forms.Field, values: list[str]) -> str:
    if isinstance(field, forms.BooleanField):
        return ""
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        labels = _choice_labels(field)
        return ", ".join(labels.get(value, value) for value in values)
    return ", ".join(values)


def _without(query: QueryDict, *names: str) -> QueryDict:
    rest = query.copy()
    for name in (*names, "page"):
        rest.pop(name, None)
    return rest


@register.simple_tag(takes_context=True)
def filter_chips(context, form: forms.Form | None) -> list[Chip]:
    request = context.get("request")
    if request is None or form is None:
        return []
    query = request.GET
    chips = []
    for bound in form.visible_fields():
        values = [value for value in query.getlist(bound.html_name) if value.strip()]
        if not values or values == ["off"]:
            continue
        rest = _without(query, bound.html_name)
        url = f"{request.path}?{rest.urlencode()}" if rest else request.path
        chips.append(Chip(str(bound.label), _shown(bound.field, values), url))
    return chips
