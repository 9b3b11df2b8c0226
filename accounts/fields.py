"""`PersonField`: a colleague picked by name or username.

With JavaScript the input is the people type-ahead (`data-people-picker`, static/js/portal.js:
a WAI-ARIA combobox fed by `accounts:people_suggest`). Without it, it is a plain text field:
a username, a full name or words of a name resolve to one person, and a name several people
share gives an error listing them (`accounts.selectors_people.person_lookup`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.selectors_people import MAX_QUERY_LENGTH, person_lookup


class PersonInput(forms.TextInput):
    """The text input the type-ahead takes over (no browser autocomplete under it)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            {
                "data-people-picker": reverse_lazy("accounts:people_suggest"),
                "autocomplete": "off",
                "spellcheck": "false",
                **(attrs or {}),
            }
        )


def choice_label(person: User) -> str:
    """ "Pierre Dubois (pdubois, Sales)": enough to tell two namesakes apart."""
    details = ", ".join(part for part in (person.username, person.department) if part)
    return f"{person.name} ({details})"


class PersonField(forms.CharField):
    """A name or username resolved to one `User` among `people` (default: every account;
    the form decides what a deactivated account means)."""

    widget = PersonInput
    default_error_messages = {
        "unknown": _("No colleague matches “%(text)s”. Type a name or a username."),
        "ambiguous": _(
            "Several people match “%(text)s”: %(choices)s. Type the username of the one you mean."
        ),
    }

    def __init__(self, *, people: QuerySet[User] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", MAX_QUERY_LENGTH)
        super().__init__(**kwargs)
        self.people = people

    def clean(self, value: Any) -> User | None:
        text = super().clean(value)
        if not text:
            return None
        found = person_lookup(text=text, people=self.people)
        if found.person is not None:
            return found.person
        if found.choices:
            raise ValidationError(
                self.error_messages["ambiguous"],
                code="ambiguous",
                params={"text": text, "choices": "; ".join(map(choice_label, found.choices))},
            )
        raise ValidationError(self.error_messages["unknown"], code="unknown", params={"text": text})

    def prepare_value(self, value: Any) -> Any:
        return value.username if isinstance(value, User) else value


class PersonChoiceField(forms.ModelChoiceField):
    """One of a short list of people (a complaint's possible assignees): a select without
    JavaScript, the type-ahead filtering its options with it. Options read
    "Pierre Dubois (pdubois, Sales)"."""

    widget = forms.Select(
        attrs={
            "data-people-picker": "",
            "data-people-label": _("Suggestions"),
            "data-people-none": _("No colleague matches."),
            "data-people-one": _("One match: use the arrow keys to choose."),
            "data-people-many": _("%(count)s matches: use the arrow keys to choose."),
        }
    )

    def label_from_instance(self, obj: User) -> str:
        return choice_label(obj)
