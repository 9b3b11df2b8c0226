"""Changes made in the Django admin go to the portal's audit log, like the portal's own.

The admin site of the project (`intrasphere.apps.AdminConfig`, in INSTALLED_APPS in place of
`django.contrib.admin`) gives every ModelAdmin registered on it, ours and the libraries' (post
office, guardian), the `AuditedAdmin` behaviour: each addition, change and deletion the admin
records in its own LogEntry table is also written to AuditLog (`admin.<app>.<model>.<add|change|
delete>`, with the admin's change message), and each other bulk action run from a change list
(post_office's "requeue", …) writes one `admin.<app>.<model>.action` row naming the action and
the objects it ran on.

Models whose admin goes through the services, which audit themselves, are left out
(`SERVICE_AUDITED`).
"""

from __future__ import annotations

import json

from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import LogEntry
from django.db import models
from django.utils import translation

from intrasphere.services import audit_record

# Changes to accounts are audited by the accounts services the UserAdmin calls (issue 18);
# the audit log itself cannot be changed in the admin.
SERVICE_AUDITED = {"accounts.user", "intrasphere.auditlog"}


def _audit(request, obj: models.Model, verb: str, message="") -> None:
    label = obj._meta.label_lower
    if label in SERVICE_AUDITED:
        return
    if isinstance(message, list):
        # The admin's structured message, rendered in English as the rest of the audit log.
        with translation.override("en"):
            message = LogEntry(change_message=json.dumps(message)).get_change_message()
    audit_record(
        actor=request.user,
        action=f"admin.{label}.{verb}"[:64],
        target=obj,
        summary=message or f"{verb} in the admin",
        request=request,
    )


class AuditedAdmin(admin.ModelAdmin):
    """Mixed in front of every ModelAdmin of the project's admin site (see the module)."""

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        _audit(request, obj, "add", message)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        _audit(request, obj, "change", message)
        return entry

    def log_deletions(self, request, queryset):
        entries = super().log_deletions(request, queryset)
        for obj in queryset:
            _audit(request, obj, "delete")
        return entries

    def response_action(self, request, queryset):
        name = request.POST.get("action", "")
        response = super().response_action(request, queryset)
        # delete_selected audits through log_deletions (its first step only asks to confirm).
        label = self.model._meta.label_lower
        if name and name != "delete_selected" and label not in SERVICE_AUDITED:
            selected = request.POST.getlist(ACTION_CHECKBOX_NAME)
            audit_record(
                actor=request.user,
                action=f"admin.{label}.action"[:64],
                summary=f"{name} on {len(selected)} object(s): {', '.join(selected[:50])}",
                request=request,
            )
        return response


class AdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, AuditedAdmin):
            admin_class = type(
                admin_class.__name__,
                (AuditedAdmin, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        return super().register(model_or_iterable, admin_class, **options)
