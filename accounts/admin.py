from functools import wraps

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdmin

from accounts.models import ApiToken, EmployeeCategory, Message, PermissionGrant, User
from accounts.permissions import can_handle_privacy_requests
from accounts.services import (
    permission_revoke,
    sign_in_failure_record,
    sign_in_record,
    user_set_role,
)
from accounts.services_privacy import person_anonymise
from accounts.services_tokens import api_token_revoke
from accounts.views import signin_limited
from accounts.views_privacy import zip_response
from intrasphere import privacy
from intrasphere.services import audit_record


def _audited(login_view):
    """The Django admin's sign-in audited like the portal's: a success with its IP, a refusal
    naming only an existing account (accounts.services)."""

    @wraps(login_view)
    def wrapped(request, *args, **kwargs):
        before = request.user.pk if request.user.is_authenticated else None
        response = login_view(request, *args, **kwargs)
        if request.method == "POST" and getattr(response, "status_code", 0) in (200, 302):
            if request.user.is_authenticated and request.user.pk != before:
                sign_in_record(user=request.user, request=request)
            elif response.status_code == 200:
                username = str(request.POST.get("username", ""))
                sign_in_failure_record(username=username, request=request)
        return response

    return wrapped


# The Django admin's sign-in gets the portal's limits (failures per account and per address).
admin.site.login = signin_limited(_audited(admin.site.login))


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "name", "email", "role", "department", "employee_id", "is_active"]
    list_filter = ["role", "is_active", "is_staff", "department", "employee_category"]
    search_fields = ["username", "first_name", "last_name", "display_name", "email", "employee_id"]
    autocomplete_fields = ["employee_category", "manager"]
    # Administrators are exactly the superusers: the role decides, through user_set_role.
    # The photo is shown through the permission-checked view; people change it on their profile
    # page, where it is checked.
    readonly_fields = [
        "is_superuser",
        "is_staff",
        "last_login",
        "date_joined",
        "department_since",
        "category_since",
        "avatar_preview",
    ]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (
            _("Employee"),
            {
                "fields": (
                    "role",
                    "employee_id",
                    "display_name",
                    "department",
                    "department_since",
                    "position",
                    "phone",
                    "employee_category",
                    "category_since",
                    "manager",
                    "avatar_preview",
                    "email_notifications",
                )
            },
        ),
    )

    def log_change(self, request, obj, message):
        """The admin's "change password" form is audited too (never the password itself)."""
        entry = super().log_change(request, obj, message)
        changed = [
            name
            for part in (message if isinstance(message, list) else [])
            for name in part.get("changed", {}).get("fields", [])
        ]
        if "password" in changed:
            audit_record(
                actor=request.user,
                action="accounts.password.admin_set",
                target=obj,
                summary="admin: password set",
                request=request,
            )
        return entry

    @admin.display(description=_("avatar"))
    def avatar_preview(self, obj: User) -> str:
        if not obj.pk or not obj.avatar:
            return "—"
        url = reverse("accounts:person_avatar", kwargs={"username": obj.username})
        return format_html('<img src="{}" alt="" width="96" height="96">', url)

    actions = ["export_personal_data", "anonymise_person"]

    @admin.action(description=_("Anonymise the selected person"))
    def anonymise_person(self, request, queryset):
        people = list(queryset[:2])
        if len(people) != 1:
            self.message_user(request, _("Select exactly one person to anonymise."), messages.ERROR)
            return None
        return redirect("admin:accounts_user_delete", people[0].pk)

    @admin.action(description=_("Export the personal data of the selected person"))
    def export_personal_data(self, request, queryset):
        people = list(queryset[:2])
        if len(people) != 1:
            self.message_user(request, _("Select exactly one person to export."), messages.ERROR)
            return None
        return redirect("admin:accounts_user_export", people[0].pk)

    def get_urls(self):
        from django.urls import path

        extra = [
            path(
                "<int:object_id>/export/",
                self.admin_site.admin_view(self.export_view),
                name="accounts_user_export",
            )
        ]
        return extra + super().get_urls()

    def export_view(self, request, object_id):
        """An administrator answers a request for a person's data: a reason, then the zip."""
        person = get_object_or_404(User, pk=object_id)
        if not can_handle_privacy_requests(request.user):
            raise PermissionDenied
        if request.method == "POST":
            reason = request.POST.get("reason", "").strip()
            if not reason:
                self.message_user(request, _("Give the reason for the export."), messages.ERROR)
            else:
                response = zip_response(
                    actor=request.user, user=person, reason=reason, request=request
                )
                if response is not None:
                    return response
                self.message_user(request, _("This export is already being built."), messages.ERROR)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "person": person,
            "title": _("Export the personal data of %(name)s") % {"name": person.name},
        }
        return TemplateResponse(request, "admin/accounts/user/export.html", context)

    def get_actions(self, request):
        """People are never deleted in bulk: anonymisation is one person at a time."""
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        """Deleting a person would lose the company's records or other people's data: the
        page explains it and anonymises instead (accounts.services_privacy)."""
        person = get_object_or_404(User, pk=object_id)
        if not self.has_delete_permission(request, person):
            raise PermissionDenied
        if request.method == "POST":
            try:
                person_anonymise(
                    actor=request.user,
                    user=person,
                    reason=request.POST.get("reason", ""),
                    request=request,
                )
            except (ValidationError, PermissionDenied) as error:
                text = " ".join(getattr(error, "messages", None) or [str(error)])
                self.message_user(request, text, messages.ERROR)
            else:
                self.message_user(request, _("The person is anonymised."), messages.SUCCESS)
                return redirect("admin:accounts_user_change", person.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "person": person,
            "impact": privacy.impact(user=person),
            "title": _("Anonymise %(name)s") % {"name": person.name},
        }
        return TemplateResponse(request, "admin/accounts/user/anonymise.html", context)

    def save_model(self, request, obj, form, change):
        """Saved as in Django's admin, and written to the portal's audit log (who, which
        fields, before → after); the role goes through user_set_role (audited there)."""
        new_role = obj.role
        role_changed = change and "role" in form.changed_data
        if role_changed:
            obj.role = form.initial["role"]
        original = User.objects.filter(pk=obj.pk).first() if change else None
        super().save_model(request, obj, form, change)
        fields = [name for name in form.changed_data if name not in ("role", "password")]
        if original is None or fields:
            audit_record(
                actor=request.user,
                action="accounts.user.update" if original else "accounts.user.create",
                target=obj,
                summary="admin: " + _admin_diff(original, obj, fields),
                request=request,
            )
        if role_changed:
            try:
                user_set_role(actor=request.user, user=obj, role=new_role, request=request)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)


def _admin_diff(before, after, fields) -> str:
    if before is None:
        return "account created"
    return ", ".join(
        f"{name}: {getattr(before, name)!s:.100} → {getattr(after, name)!s:.100}"
        for name in fields
        if name not in ("password", "usable_password")
    )


@admin.register(EmployeeCategory)
class EmployeeCategoryAdmin(GuardedModelAdmin):
    """Object permissions on a category can be inspected through guardian's admin pages."""

    list_display = ["name", "description", "created_at"]
    search_fields = ["name"]


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["subject", "sender", "recipient", "created_at", "read_at"]
    list_filter = ["created_at"]
    search_fields = ["subject", "sender__username", "recipient__username"]
    autocomplete_fields = ["sender", "recipient", "parent"]
    list_select_related = ["sender", "recipient"]


@admin.register(PermissionGrant)
class PermissionGrantAdmin(admin.ModelAdmin):
    """Read-mostly: grants are given on /manage/permissions/; the only change is revoking."""

    list_display = [
        "user",
        "permission",
        "scope_label",
        "granted_by",
        "granted_at",
        "expires_at",
        "revoked_at",
    ]
    list_filter = ["permission", "granted_at", "expires_at", "revoked_at"]
    search_fields = ["user__username", "user__last_name", "permission__codename", "scope_label"]
    autocomplete_fields = ["user", "granted_by", "revoked_by"]
    list_select_related = ["user", "granted_by", "permission__content_type"]
    date_hierarchy = "granted_at"
    actions = ["revoke_selected"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Revoke the selected grants"))
    def revoke_selected(self, request, queryset):
        revoked = 0
        for grant in queryset.filter(revoked_at__isnull=True):
            try:
                permission_revoke(actor=request.user, grant=grant, request=request)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                revoked += 1
        self.message_user(request, _("%(count)d grants revoked.") % {"count": revoked})


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Everyone's API tokens; an administrator's only change is revoking (audited)."""

    list_display = [
        "name",
        "user",
        "prefix",
        "read_only",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["read_only", "created_at", "expires_at", "revoked_at"]
    search_fields = ["name", "prefix", "user__username", "user__last_name"]
    list_select_related = ["user"]
    actions = ["revoke_selected"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke_selected(self, request, queryset):
        revoked = sum(
            api_token_revoke(actor=request.user, token=token, request=request)
            for token in queryset.filter(revoked_at__isnull=True).select_related("user")
        )
        self.message_user(request, _("%(count)d tokens revoked.") % {"count": revoked})
