from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.models import EmployeeCategory, Message, User
from accounts.views import login_ratelimited

# The Django admin's sign-in gets the portal's limits (per IP and per username).
admin.site.login = login_ratelimited(admin.site.login)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "name", "email", "role", "department", "employee_id", "is_active"]
    list_filter = ["role", "is_active", "is_staff", "department", "employee_category"]
    search_fields = ["username", "first_name", "last_name", "display_name", "email", "employee_id"]
    autocomplete_fields = ["employee_category"]
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
                    "position",
                    "phone",
                    "employee_category",
                    "avatar_preview",
                    "email_notifications",
                )
            },
        ),
    )
    # Media has no public URL, so the file widget cannot link to it: the photo is shown through
    # the permission-checked view, and people change it on their profile page (checked there).
    readonly_fields = ["avatar_preview"]

    @admin.display(description=_("avatar"))
    def avatar_preview(self, obj: User) -> str:
        if not obj.pk or not obj.avatar:
            return "—"
        url = reverse("accounts:person_avatar", kwargs={"username": obj.username})
        return format_html('<img src="{}" alt="" width="96" height="96">', url)


@admin.register(EmployeeCategory)
class EmployeeCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "description", "created_at"]
    search_fields = ["name"]


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["subject", "sender", "recipient", "created_at", "read_at"]
    list_filter = ["created_at"]
    search_fields = ["subject", "sender__username", "recipient__username"]
    autocomplete_fields = ["sender", "recipient", "parent"]
    list_select_related = ["sender", "recipient"]
