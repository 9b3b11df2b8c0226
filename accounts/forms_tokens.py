"""The form that makes a personal access token (profile, "API tokens")."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.services_tokens import MAX_TOKEN_DAYS


class ApiTokenForm(forms.Form):
    ACCESS_CHOICES = [
        ("read", _("Read only: can look, cannot change anything")),
        ("write", _("Read and write: can do what you can do")),
    ]

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “HR sync script”."),
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("At most one year from today. The token stops working at the end of that day."),
    )
    access = forms.ChoiceField(
        label=_("Access"), choices=ACCESS_CHOICES, initial="read", widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = timezone.localdate() + timedelta(days=90)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError(_("Give the token a name."))
        return name

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if day < today:
            raise ValidationError(_("The expiry date must be today or later."))
        if day > today + timedelta(days=MAX_TOKEN_DAYS - 1):
            raise ValidationError(_("A token may be valid for one year at most."))
        return day

    @property
    def expires_at(self) -> datetime:
        """The end of the chosen day, in the portal's time zone."""
        day = self.cleaned_data["expires_on"] + timedelta(days=1)
        return timezone.make_aware(datetime.combine(day, time.min))

    @property
    def read_only(self) -> bool:
        return self.cleaned_data["access"] == "read"
