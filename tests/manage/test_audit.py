"""The audit log page: admins only, filtered, paginated, read-only."""

from datetime import timedelta

from django.contrib.admin.sites import site
from django.urls import reverse
from django.utils import timezone

from intrasphere.models import AuditLog
from intrasphere.services import audit_record
from tests.factories import EmployeeCategoryFactory, UserFactory


def test_filters_pagination_and_query_count(
    admin_client, admin_user, django_assert_max_num_queries
):
    other = UserFactory(username="someone")
    category = EmployeeCategoryFactory(name="Audited")
    for _number in range(25):
        audit_record(actor=admin_user, action="accounts.user.update", target=other)
    audit_record(actor=other, action="accounts.category.delete", target=category)
    old = audit_record(actor=other, action="settings.update")
    AuditLog.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=30))
    url = reverse("manage:audit_log")
    with django_assert_max_num_queries(12):
        response = admin_client.get(url)
    assert len(response.context["page"].object_list) == 20
    assert response.context["page"].paginator.count == 27

    def count(**params):
        return admin_client.get(url, params).context["page"].paginator.count

    assert count(actor="someone") == 2
    assert count(action="accounts.category.delete") == 1
    assert count(target_type="accounts.employeecategory") == 1
    assert count(target="Audited") == 1
    today = timezone.localdate()
    assert count(date_from=today.isoformat()) == 26
    assert count(date_to=(today - timedelta(days=10)).isoformat()) == 1
    assert admin_client.get(url, {"page": 5}).status_code == 404


def test_target_label_survives_deletion(admin_client, admin_user):
    category = EmployeeCategoryFactory(name="Soon gone")
    audit_record(actor=admin_user, action="accounts.category.delete", target=category)
    category.delete()
    assert "Soon gone" in admin_client.get(reverse("manage:audit_log")).content.decode()


def test_bad_filters_are_reported_not_a_500(admin_client):
    response = admin_client.get(
        reverse("manage:audit_log"), {"date_from": "2026-02-30", "action": "nope"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    response = admin_client.get(
        reverse("manage:audit_log"), {"date_from": "2026-05-02", "date_to": "2026-05-01"}
    )
    assert "before the start date" in response.content.decode()


def test_empty_state(admin_client):
    assert "Nothing recorded" in admin_client.get(reverse("manage:audit_log")).content.decode()


def test_forbidden_for_non_admins(employee_client):
    assert employee_client.get(reverse("manage:audit_log")).status_code == 403


def test_read_only_page_and_admin(admin_client, rf, admin_user):
    assert admin_client.post(reverse("manage:audit_log")).status_code == 200  # nothing to change
    request = rf.get("/")
    request.user = admin_user
    model_admin = site._registry[AuditLog]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
