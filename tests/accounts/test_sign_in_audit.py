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
