"""Input of the reporting channel's pages, with clear messages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.models import Concern

NAMED, ANONYMOUS = "named", "anonymous"


class ConcernForm(forms.Form):
    identity = forms.ChoiceField(
        label=_("Who is reporting"),
        choices=[
            (ANONYMOUS, _("Anonymously: the report keeps no link to my account")),
            (NAMED, _("With my name: the people handling reports see who I am")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether to report anonymously or with your name.")},
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(
        label=_("What happened"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Facts, dates, places, people involved. Reporting anonymously? Leave out what "
            "would tell who you are."
        ),
    )

    @property
    def anonymous(self) -> bool:
        return self.cleaned_data.get("identity") == ANONYMOUS


class FollowForm(forms.Form):
    code = forms.CharField(label=_("Receipt code"), max_length=40)
    secret = forms.CharField(
        label=_("Secret"), max_length=100, widget=forms.PasswordInput(render_value=True)
    )
    message = forms.CharField(
        label=_("Your message (optional)"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class AnswerForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), max_length=20000, widget=forms.Textarea(attrs={"rows": 5})
    )
    internal = forms.BooleanField(
        label=_("Internal note (not shown to the reporter)"), required=False
    )


class ConcernStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    comment = forms.CharField(
        label=_("Comment shown to the reporter (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, allowed: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, Concern.Status(s).label) for s in allowed]


class HandlingStateForm(forms.Form):
    state = forms.ChoiceField(
        choices=[("open", _("Open")), ("closed", _("Closed")), ("all", _("All"))],
        required=False,
    )
