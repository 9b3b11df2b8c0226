"""Sign-ins, successful and refused, are audited with their IP (#27)."""

from django.urls import reverse

from intrasphere.models import AuditLog
from tests.factories import DEFAULT_PASSWORD


def test_a_sign_in_is_audited_with_its_ip(client, employee):
    response = client.post(
        reverse("accounts:login"),
        {"username": "employee", "password": DEFAULT_PASSWORD},
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 302
    entry = AuditLog.objects.get(action="accounts.sign_in")
    assert entry.actor == employee and entry.ip_address == "10.1.2.3"


def test_a_refused_sign_in_names_only_an_existing_account(client, employee):
    client.post(reverse("accounts:login"), {"username": "employee", "password": "wrong"})
    client.post(reverse("accounts:login"), {"username": "MyS3cretPassw0rd", "password": "x"})
    entries = AuditLog.objects.filter(action="accounts.sign_in.failed").order_by("pk")
    assert [e.target_id for e in entries] == [str(employee.pk), ""]
    assert not AuditLog.objects.filter(summary__contains="MyS3cret").exists()
    assert not AuditLog.objects.filter(target_label__contains="MyS3cret").exists()


def test_the_apis_sign_in_is_audited_too(client, employee):
    url = reverse("api:auth-login")
    token = client.get(url).json()["csrf_token"]
    headers = {"HTTP_X_CSRFTOKEN": token, "REMOTE_ADDR": "10.4.5.6"}
    refused = client.post(
        url,
        {"username": "employee", "password": "wrong"},
        content_type="application/json",
        **headers,
    )
    assert refused.status_code == 400
    accepted = client.post(
        url,
        {"username": "employee", "password": DEFAULT_PASSWORD},
        content_type="application/json",
        **headers,
    )
    assert accepted.status_code == 200
    failed = AuditLog.objects.get(action="accounts.sign_in.failed")
    assert failed.target_id == str(employee.pk) and failed.ip_address == "10.4.5.6"
    entry = AuditLog.objects.get(action="accounts.sign_in")
    assert entry.actor == employee and entry.ip_address == "10.4.5.6"


def test_the_admins_sign_in_is_audited_too(client, admin_user):
    url = reverse("admin:login")
    client.post(url, {"username": admin_user.username, "password": "wrong"}, REMOTE_ADDR="10.7.7.7")
    failed = AuditLog.objects.get(action="accounts.sign_in.failed")
    assert failed.target_id == str(admin_user.pk) and failed.ip_address == "10.7.7.7"
    response = client.post(
        url, {"username": admin_user.username, "password": DEFAULT_PASSWORD}, REMOTE_ADDR="10.7.7.7"
    )
    assert response.status_code == 302
    entry = AuditLog.objects.get(action="accounts.sign_in")
    assert entry.actor == admin_user and entry.ip_address == "10.7.7.7"
