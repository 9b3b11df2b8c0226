"""Certificates: automatic and manual issue, PDF access, public verification, expiry."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from intrasphere.models import Notification
from tests.factories import UserFactory, grant
from tests.training.factories import CertificateFactory, TrainingFactory, seat
from training.models import Certificate
from training.services import instructor_sync


def test_pdf_for_owner_and_manager_only(client, employee_client, employee):
    certificate = CertificateFactory(user=employee)
    url = reverse("training:certificate_pdf", args=[certificate.pk])
    response = employee_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    instructor = UserFactory(username="teacher")
    certificate.training.instructor = instructor
    certificate.training.save()
    instructor_sync(training=certificate.training, previous=None)
    client.force_login(instructor)
    assert client.get(url).status_code == 200
    client.force_login(UserFactory(username="stranger"))
    assert client.get(url).status_code == 404
    assert client.get(reverse("training:certificate_pdf", args=[999999])).status_code == 404


def test_pdf_with_non_latin_name(employee_client, employee):
    employee.display_name = "Łukasz 李"
    employee.save()
    certificate = CertificateFactory(user=employee)
    response = employee_client.get(reverse("training:certificate_pdf", args=[certificate.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("expires", "status", "text"),
    [
        (None, 200, "is valid"),
        (datetime.timedelta(days=5), 200, "is valid"),
        (-datetime.timedelta(days=1), 200, "has expired"),
    ],
)
def test_public_verification(client, db, expires, status, text):
    certificate = CertificateFactory(
        expires_at=timezone.now() + expires if expires is not None else None
    )
    response = client.get(reverse("training:certificate_verify", args=[certificate.code]))
    assert response.status_code == status
    body = response.content.decode()
    assert text in body
    # Nothing else: neither the name nor the training.
    assert certificate.user.name not in body and certificate.training.title not in body


def test_unknown_code(client, db):
    response = client.get(reverse("training:certificate_verify", args=["nope<script>"]))
    assert response.status_code == 404
    assert "matches no certificate" in response.content.decode()


def test_manager_issues_a_certificate(client, employee):
    training = TrainingFactory(certificate_validity_days=365)
    participant = seat(training, employee)
    client.force_login(grant(UserFactory(username="boss"), "training.manage_trainings"))
    client.post(reverse("training:certificate_issue", args=[participant.pk]))
    client.post(reverse("training:certificate_issue", args=[participant.pk]))
    certificate = Certificate.objects.get()
    assert certificate.user == employee
    assert certificate.expires_at > timezone.now() + datetime.timedelta(days=364)
    assert Notification.objects.filter(
        recipient=employee, kind="training.certificate_ready"
    ).exists()


def test_certificate_list(employee_client, employee, django_assert_max_num_queries):
    for _ in range(25):
        CertificateFactory(user=employee)
    CertificateFactory(training=TrainingFactory(title="Somebody else's"))
    with django_assert_max_num_queries(12):
        response = employee_client.get(reverse("training:certificate_list"))
    assert len(response.context["page"].object_list) == 20
    assert "Somebody else" not in response.content.decode()


def test_expiring_certificates_in_obligations_and_reminders(employee_client, employee):
    CertificateFactory(
        user=employee,
        training=TrainingFactory(title="First aid"),
        expires_at=timezone.now() + datetime.timedelta(days=10),
    )
    CertificateFactory(user=employee, expires_at=timezone.now() + datetime.timedelta(days=90))
    body = employee_client.get(reverse("dashboard")).content.decode()
    assert "Certificate: First aid" in body
    call_command("certificate_reminders")
    call_command("certificate_reminders")
    assert (
        Notification.objects.filter(
            recipient=employee, kind="training.certificate_expiring"
        ).count()
        == 1
    )
    with pytest.raises(CommandError):
        call_command("certificate_reminders", days=0)


def test_completing_again_after_expiry_issues_a_new_valid_certificate(employee, monkeypatch):
    from intrasphere.models import AuditLog
    from training.selectors import compliance
    from training.services import certificate_issue

    training = TrainingFactory(certificate_validity_days=365, is_mandatory=True)
    seat(training, employee, status="completed", progress=100)
    old = CertificateFactory(
        training=training, user=employee, expires_at=timezone.now() - datetime.timedelta(days=1)
    )
    assert compliance.my_obligations(user=employee)[0].state == compliance.EXPIRED
    renewed = certificate_issue(training=training, user=employee)
    assert renewed.pk == old.pk and Certificate.objects.filter(user=employee).count() == 1
    assert renewed.code != old.code and not renewed.is_expired
    assert renewed.expires_at > timezone.now() + datetime.timedelta(days=364)
    assert renewed.expiry_notified_at is None
    assert compliance.my_obligations(user=employee)[0].state == compliance.COMPLIANT
    assert AuditLog.objects.filter(action="training.certificate.renew").count() == 1
    assert Notification.objects.filter(recipient=employee, kind="training.certificate_ready")
    # a valid certificate is kept as it is
    assert certificate_issue(training=training, user=employee).code == renewed.code


def test_completing_the_lessons_again_renews_an_expired_certificate(employee):
    from tests.training.factories import LessonFactory
    from training.models import LessonProgress, Participant
    from training.services import progress_refresh

    training = TrainingFactory(certificate_validity_days=30)
    participant = seat(training, employee, progress=0)
    CertificateFactory(
        training=training, user=employee, expires_at=timezone.now() - datetime.timedelta(days=3)
    )
    lesson = LessonFactory(course__training=training)
    LessonProgress.objects.create(user=employee, lesson=lesson)
    progress_refresh(participant=participant)
    assert Participant.objects.get(pk=participant.pk).status == "completed"
    assert not Certificate.objects.get(user=employee, training=training).is_expired
