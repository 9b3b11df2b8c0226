"""Forms about people: sign-in, profile, registration."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import EmployeeCategory, User
from intrasphere.models import SiteSettings


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Wrong username or password. Both fields are case-sensitive."),
        "inactive": _("This account is deactivated. Contact your administrator."),
    }


# --- /manage/ forms ---------------------------------------------------------------------------

RIGHT_FIELD_HELP = _("Rights whose module is not installed yet are not listed.")


class GrantForm(forms.Form):
    """Delegate one right to one active user, optionally until a date and on one object."""

    user = forms.CharField(
        label=_("User"), max_length=150, help_text=_("The username of an active account.")
    )
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
        username = self.cleaned_data["user"].strip()
        user = User.objects.filter(username=username).first()
        if user is None:
            raise forms.ValidationError(_("No account has this username."))
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

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", _("All departments"))] + [
            (name, name) for name in departments
        ]


class ManagedUserForm(forms.ModelForm):
    """The profile fields a user manager edits; `role` only for administrators."""

    role = forms.ChoiceField(label=_("Role"), choices=User.Role.choices)

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

    def __init__(self, *args, can_change_role: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        if not can_change_role:
            del self.fields["role"]
        elif self.instance.pk:
            self.fields["role"].initial = self.instance.role

    def clean_employee_id(self):
        return self.cleaned_data["employee_id"] or None

    def profile_changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


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
        fields = ["site_name", "registration_open", "contact_email", "welcome_message"]
