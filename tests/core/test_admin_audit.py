"""Changes made in the Django admin are written to the audit log, like the portal's own."""

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from post_office.models import STATUS, Email

from content.models import Category
from intrasphere.admin_audit import SERVICE_AUDITED, AuditedAdmin
from intrasphere.models import AuditLog
from tests.content.factories import CategoryFactory


def test_every_admin_of_the_site_is_audited():
    unaudited = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, AuditedAdmin)
    ]
    assert unaudited == []
    assert {"content.category", "post_office.email", "complaints.complaint"} <= {
        model._meta.label_lower for model in admin.site._registry
    }


def test_add_change_and_delete_are_audited(admin_client, admin_user):
    response = admin_client.post(
        reverse("admin:content_category_add"), {"name": "Safety", "slug": "safety"}
    )
    assert response.status_code == 302
    category = Category.objects.get(slug="safety")
    response = admin_client.post(
        reverse("admin:content_category_change", args=[category.pk]),
        {"name": "Safety first", "slug": "safety"},
        REMOTE_ADDR="192.0.2.7",
    )
    assert response.status_code == 302
    other = CategoryFactory(name="Old news")
    response = admin_client.post(
        reverse("admin:content_category_changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [category.pk, other.pk]},
    )
    assert response.status_code == 200  # the confirmation page: nothing deleted, nothing logged
    assert not AuditLog.objects.filter(action="admin.content.category.delete").exists()
    admin_client.post(
        reverse("admin:content_category_changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [category.pk, other.pk], "post": "yes"},
    )
    assert not Category.objects.filter(pk__in=[category.pk, other.pk]).exists()

    rows = list(AuditLog.objects.order_by("pk").values_list("action", "actor", "target_label"))
    assert rows[:2] == [
        ("admin.content.category.add", admin_user.pk, "Safety"),
        ("admin.content.category.change", admin_user.pk, "Safety first"),
    ]
    assert sorted(rows[2:]) == [
        ("admin.content.category.delete", admin_user.pk, "Old news"),
        ("admin.content.category.delete", admin_user.pk, "Safety first"),
    ]
    change = AuditLog.objects.get(action="admin.content.category.change")
    assert change.summary == "Changed Name."
    assert change.ip_address == "192.0.2.7"
    assert change.target_id == str(category.pk)


def test_bulk_actions_are_audited(admin_client, admin_user):
    failed = Email.objects.create(
        from_email="portal@example.com", to=["x@example.com"], status=STATUS.failed
    )
    admin_client.post(
        reverse("admin:post_office_email_changelist"),
        {"action": "requeue", ACTION_CHECKBOX_NAME: [failed.pk]},
    )
    failed.refresh_from_db()
    assert failed.status == STATUS.queued
    entry = AuditLog.objects.get(action="admin.post_office.email.action")
    assert entry.actor == admin_user
    assert entry.summary == f"requeue on 1 object(s): {failed.pk}"


@pytest.mark.parametrize("label", sorted(SERVICE_AUDITED))
def test_service_audited_models_are_left_to_their_services(label):
    assert label in {model._meta.label_lower for model in admin.site._registry}
