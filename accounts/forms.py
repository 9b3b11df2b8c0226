"""Forms about people: sign-in, registration, profile, password reset and messages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, UserCreationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Message, User
from intrasphere.mail import mail_send
from intrasphere.uploads import IMAGE_EXTENSIONS, image_thumbnail, validate_upload


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Wrong username or password. Both fields are case-sensitive."),
        "inactive": _("This account is deactivated. Contact your administrator."),
    }


def _email_in_use(email: str, *, exclude_pk: int | None = None) -> bool:
    users = User.objects.filter(email__iexact=email)
    if exclude_pk is not None:
        users = users.exclude(pk=exclude_pk)
    return users.exists()


class RegistrationForm(UserCreationForm):
    """Self-registration: every new account is an employee."""

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "department", "position"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name", "email"):
            self.fields[name].required = True
        # Self-registration always sets a password; Django's "unusable password" switch is
        # for administrators only.
        self.fields.pop("usable_password", None)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if _email_in_use(email):
            raise ValidationError(
                _("An account already uses this email address. Reset its password instead."),
                code="email_in_use",
            )
        return email


class ProfileForm(forms.ModelForm):
    """The owner's own details; the avatar is checked by content and stored as a PNG thumbnail."""

    avatar = forms.FileField(
        label=_("Photo"),
        required=False,
        # A plain input: the "currently" link of ClearableFileInput needs a public media URL.
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_avatar = forms.BooleanField(label=_("Remove my photo"), required=False)

    class Meta:
        model = User
        fields = [
            "display_name",
            "first_name",
            "last_name",
            "email",
            "department",
            "position",
            "phone",
            "email_notifications",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["avatar"].help_text = _(
            "A PNG or JPEG image, at most %(size)s MB. It is resized to a small square."
        ) % {"size": max(1, settings.AVATAR_MAX_BYTES // (1024 * 1024))}
        self.avatar_png: bytes | None = None
        if not self.instance.avatar:
            del self.fields["remove_avatar"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if _email_in_use(email, exclude_pk=self.instance.pk):
            raise ValidationError(
                _("Another account already uses this email address."), code="email_in_use"
            )
        return email

    def clean_avatar(self):
        upload = self.cleaned_data.get("avatar")
        if not upload or isinstance(upload, bool):
            return None
        validate_upload(upload, allowed=IMAGE_EXTENSIONS, max_bytes=settings.AVATAR_MAX_BYTES)
        self.avatar_png = image_thumbnail(upload)
        return upload


class PortalPasswordResetForm(PasswordResetForm):
    """Django's reset form, sending through the portal's mail helper (HTML + text, queued)."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        mail_send(
            to=[to_email],
            subject=gettext("Reset your %(site)s password") % {"site": context["site_name"]},
            template="emails/password_reset",
            context=context,
        )


class MessageForm(forms.Form):
    """A message to one active colleague, picked by username (the directory links prefill it)."""

    recipient = forms.CharField(
        label=_("To"),
        max_length=150,
        help_text=_("The colleague's username, as shown on their profile page."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Message"),
        max_length=Message._meta.get_field("body").max_length,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(
        self, *args: Any, sender: User, fixed_recipient: User | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.sender = sender
        if fixed_recipient is not None:
            # A reply goes to the other party of the conversation, nobody else.
            self.fields["recipient"].disabled = True
            self.fields["recipient"].initial = fixed_recipient.username
            self.fields["recipient"].help_text = ""

    def clean_recipient(self) -> User:
        username = self.cleaned_data["recipient"].strip()
        person = User.objects.filter(username__iexact=username).first()
        if person is None:
            raise ValidationError(
                _("No one has the username “%(username)s”."),
                code="unknown",
                params={"username": username},
            )
        if not person.is_active:
            raise ValidationError(
                _("%(name)s's account is deactivated: they cannot receive messages."),
                code="inactive",
                params={"name": person.name},
            )
        if person.pk == self.sender.pk:
            raise ValidationError(_("You cannot send a message to yourself."), code="self")
        return person

    def clean_subject(self) -> str:
        subject = self.cleaned_data["subject"].strip()
        if not subject:
            raise ValidationError(_("Write a subject."), code="required")
        return subject
