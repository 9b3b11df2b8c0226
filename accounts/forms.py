"""Forms about people: sign-in, registration, profile, password reset and messages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordResetForm,
    UserCreationForm,
    _unicode_ci_compare,
)
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.fields import PersonField
from accounts.invitations import invitation_refusal, invitation_send
from accounts.models import EmployeeCategory, Message, User, reporting_cycle_refusal
from intrasphere.mail import mail_send
from intrasphere.models import SiteSettings
from intrasphere.uploads import IMAGE_EXTENSIONS, image_thumbnail, validate_upload


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Wrong username or password. The password is case-sensitive."),
        "inactive": _("This account is deactivated. Contact your administrator."),
        "local_login": _(
            "Sign in with %(provider)s instead: passwords are kept for administrators here."
        ),
    }

    def get_invalid_login_error(self):
        if getattr(self.request, "directory_unreachable", False):
            return ValidationError(
                _(
                    "The company directory cannot be reached, so directory passwords cannot be "
                    "checked right now. Try again in a moment."
                ),
                code="directory_unreachable",
            )
        return super().get_invalid_login_error()

    def confirm_login_allowed(self, user) -> None:
        """`LOCAL_LOGIN` (with company sign-in on): who may still use a password."""
        super().confirm_login_allowed(user)
        if not password_sign_in_allowed(user):
            raise ValidationError(
                self.error_messages["local_login"],
                code="local_login",
                params={"provider": settings.OIDC_PROVIDER_NAME},
            )


def password_sign_in_allowed(user) -> bool:
    """Everyone without company sign-in; with it, `LOCAL_LOGIN` decides (all, admins, none)."""
    if not (settings.OIDC_DISCOVERY_URL and settings.OIDC_RP_CLIENT_ID):
        return True
    policy = settings.LOCAL_LOGIN
    return policy == "all" or (policy == "admins" and user.is_superuser)


def _email_in_use(email: str, *, exclude_pk: int | None = None) -> bool:
    users = User.objects.filter(email__iexact=email)
    if exclude_pk is not None:
        users = users.exclude(pk=exclude_pk)
    return users.exists()


class RegistrationForm(UserCreationForm):
    """Self-registration: every new account is an employee."""

    class Meta:
        model = User
        # HR data (department, position, employee id, category) is left empty until a user
        # manager sets it: it decides audiences and mandatory trainings (permissions.HR_FIELDS).
        fields = ["username", "first_name", "last_name", "email"]

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
    """The owner's own details; the avatar is checked by content and stored as a PNG thumbnail.

    No HR data: department, position, employee id and category are set by user managers."""

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
        validate_upload(
            upload,
            allowed=IMAGE_EXTENSIONS,
            max_bytes=settings.AVATAR_MAX_BYTES,
            thumbnail=(256, 256),
        )
        self.avatar_png = image_thumbnail(upload)
        return upload


class PortalPasswordResetForm(PasswordResetForm):
    """Django's reset form, sending through the portal's mail helper (HTML + text, queued).

    Django skips accounts without a usable password (imported staff): they get an invitation
    (a set-password link) instead. The page says the same whatever happened."""

    def save(self, *args: Any, request=None, **kwargs: Any) -> None:
        super().save(*args, request=request, **kwargs)
        email = self.cleaned_data["email"]
        for user in User.objects.filter(email__iexact=email, is_active=True):
            if user.has_usable_password() or invitation_refusal(user):
                continue
            if _unicode_ci_compare(email, user.email):
                invitation_send(actor=None, user=user, request=request, via="forgotten password")

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
    """A message to one active colleague, picked by name or username (the people type-ahead;
    the directory links prefill it)."""

    recipient = PersonField(
        label=_("To"),
        help_text=_("A colleague's name or username."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Message"),
        max_length=Message._meta.get_field("body").max_length,
        widget=forms.Textarea(attrs={"rows": 8, "data-mentions": ""}),
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
        person = self.cleaned_data["recipient"]
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


# --- /manage/ forms ---------------------------------------------------------------------------

RIGHT_FIELD_HELP = _("Rights whose module is not installed yet are not listed.")


class GrantForm(forms.Form):
    """Delegate one right to one active user, optionally until a date and on one object."""

    user = PersonField(label=_("User"), help_text=_("The name or username of an active account."))
    right = forms.ChoiceField(label=_("Right"), help_text=RIGHT_FIELD_HELP)
    expires_at = forms.DateTimeField(
        label=_("Expires at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Leave empty for a grant without end."),
    )
    scope = forms.ChoiceField(
        label=_("Limited to"),
        required=False,
        help_text=_("Only for rights about objects (a forum category, a training…)."),
    )

    def __init__(self, *args, rights, scope_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["right"].choices = [("", "---------")] + [
            (right.perm, right.label) for right in rights
        ]
        self.fields["scope"].choices = [("", _("Everything (global right)"))] + scope_choices
        self._rights = {right.perm: right for right in rights}

    def clean_user(self):
        user = self.cleaned_data["user"]
        if not user.is_active:
            raise forms.ValidationError(_("This account is deactivated."))
        return user

    def clean_expires_at(self):
        expires_at = self.cleaned_data["expires_at"]
        if expires_at is not None and expires_at <= timezone.now():
            raise forms.ValidationError(_("The expiry date must be in the future."))
        return expires_at

    def clean(self):
        cleaned = super().clean()
        right = self._rights.get(cleaned.get("right", ""))
        scope_value = cleaned.get("scope") or ""
        cleaned["scope_object"] = None
        if right is None or not scope_value:
            return cleaned
        model_label, _sep, pk = scope_value.partition(":")
        model = right.scope_model_class()
        if model is None or model._meta.label != model_label:
            self.add_error("scope", _("This right cannot be limited to that kind of object."))
            return cleaned
        obj = model._default_manager.filter(pk=pk).first() if pk.isdigit() else None
        if obj is None:
            self.add_error("scope", _("This object does not exist any more."))
        cleaned["scope_object"] = obj
        return cleaned


class GrantFilterForm(forms.Form):
    STATUS_CHOICES = [
        ("active", _("In force")),
        ("expired", _("Expired")),
        ("revoked", _("Revoked")),
        ("all", _("All")),
    ]
    user = forms.CharField(label=_("User"), required=False, max_length=100)
    right = forms.ChoiceField(label=_("Right"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)

    def __init__(self, *args, rights, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["right"].choices = [("", _("All rights"))] + [
            (right.perm, right.label) for right in rights
        ]


class UserFilterForm(forms.Form):
    ACTIVE_CHOICES = [("", _("All")), ("yes", _("Active")), ("no", _("Deactivated"))]
    q = forms.CharField(label=_("Name, email, ID…"), required=False, max_length=100)
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("All roles")), *User.Role.choices]
    )
    department = forms.ChoiceField(label=_("Department"), required=False)
    active = forms.ChoiceField(label=_("Status"), required=False, choices=ACTIVE_CHOICES)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[
            ("", _("All states")),
            ("invited", _("Invited")),
            ("never_signed_in", _("Never signed in")),
            ("active", _("Active")),
            ("deactivated", _("Deactivated")),
        ],
    )

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", _("All departments"))] + [
            (name, name) for name in departments
        ]


class ManagedUserForm(forms.ModelForm):
    """The profile fields a user manager edits; `role` only for administrators."""

    role = forms.ChoiceField(label=_("Role"), choices=User.Role.choices)
    # A username, not a list of every account (there may be thousands).
    manager_username = forms.CharField(
        label=_("Manager"),
        required=False,
        max_length=150,
        help_text=_("The username of the person they report to; empty for nobody."),
    )

    class Meta:
        model = User
        fields = [
            "username",
            "first_name",
            "last_name",
            "display_name",
            "email",
            "employee_id",
            "department",
            "position",
            "phone",
            "employee_category",
        ]

    def __init__(
        self, *args, can_change_role: bool, credentials_refusal: str | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.credentials_refusal = credentials_refusal
        if credentials_refusal:
            # Disabled fields keep their saved value whatever is posted.
            for name in ("username", "email"):
                self.fields[name].disabled = True
                self.fields[name].help_text = credentials_refusal
        if not can_change_role:
            del self.fields["role"]
        elif self.instance.pk:
            self.fields["role"].initial = self.instance.role
        if self.instance.manager_id:
            self.fields["manager_username"].initial = self.instance.manager.username

    def clean_employee_id(self):
        return self.cleaned_data["employee_id"] or None

    def clean_manager_username(self) -> User | None:
        username = self.cleaned_data["manager_username"].strip()
        if not username:
            return None
        manager = User.objects.filter(username__iexact=username, is_active=True).first()
        if manager is None:
            raise forms.ValidationError(_("No active person has this username."))
        refusal = reporting_cycle_refusal(self.instance, manager.pk)
        if refusal:
            raise forms.ValidationError(refusal)
        return manager

    def profile_changes(self) -> dict:
        changes = {name: self.cleaned_data[name] for name in self.Meta.fields}
        changes["manager"] = self.cleaned_data.get("manager_username")
        return changes


class UserCreateForm(ManagedUserForm):
    password1 = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            candidate = User(
                username=cleaned.get("username", ""),
                email=cleaned.get("email", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(first, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class EmployeeCategoryForm(forms.ModelForm):
    class Meta:
        model = EmployeeCategory
        fields = ["name", "description"]


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Actor"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("Action"), required=False)
    target_type = forms.ChoiceField(label=_("Target type"), required=False)
    target = forms.CharField(label=_("Target"), required=False, max_length=100)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, actions, target_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("All actions"))] + [(a, a) for a in actions]
        self.fields["target_type"].choices = [("", _("All types"))] + [(t, t) for t in target_types]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned


class SiteSettingsForm(forms.ModelForm):
    class Meta:
        model = SiteSettings
        fields = [
            "site_name",
            "registration_open",
            "require_second_factor",
            "contact_email",
            "welcome_message",
            "privacy_notice",
        ]


class AnonymiseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (kept in the audit log)"),
        max_length=500,
        help_text=_("E.g. left the company on 2026-12-01, or the reference of an erasure request."),
    )


class ExportReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (kept in the audit log)"),
        max_length=500,
        help_text=_("E.g. the reference of the person's access request."),
    )
