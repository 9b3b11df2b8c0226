"""The floor's forms: a person's notification preferences."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from intrasphere import notifications
from intrasphere.models import NotificationPreferences


class NotificationPreferencesForm(forms.Form):
    digest = forms.ChoiceField(
        label=_("Email digest of unread notifications"),
        choices=NotificationPreferences.Digest.choices,
        help_text=_("Unread notifications older than a few hours, in one email."),
    )
    language = forms.ChoiceField(label=_("Language of emails"), choices=settings.LANGUAGES)

    def __init__(self, *args, channels: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for category, label in notifications.CATEGORIES:
            self.fields[f"channel_{category}"] = forms.ChoiceField(
                label=label,
                choices=notifications.CHANNELS,
                initial=(channels or {}).get(category),
            )

    def channels(self) -> dict[str, str]:
        return {
            category: self.cleaned_data[f"channel_{category}"]
            for category, _label in notifications.CATEGORIES
        }
