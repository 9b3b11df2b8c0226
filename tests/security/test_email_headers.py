"""Email headers built from user text lose every control character before the queue (issue 19,
and issue 18's "emails with CR or LF in any header never reach the queue"): a message whose
subject holds CR, LF and NUL still has its notification email delivered."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from post_office.models import STATUS, Email

from accounts.services import message_send
from intrasphere.mail import header_value, mail_queue_process, mail_send
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(settings):
    settings.EMAIL_BACKEND = "post_office.EmailBackend"
    settings.POST_OFFICE = {
        **settings.POST_OFFICE,
        "BACKENDS": {"default": "django.core.mail.backends.locmem.EmailBackend"},
        "MAX_RETRIES": 3,
        "RETRY_INTERVAL": timedelta(minutes=1),
        "DEFAULT_PRIORITY": "medium",
    }
    return settings


def test_header_values_lose_every_control_character():
    assert header_value("a\r\nBcc: x@example.com\x00\x1b[31m\x7f\x85\u2028b") == (
        "a Bcc: x@example.com [31m b"
    )
    assert header_value("  plain   subject ") == "plain subject"


def _deliver_one():
    queued = Email.objects.get()
    assert not any(c in queued.subject for c in "\r\n\x00")
    sent, failed, requeued = mail_queue_process()
    assert (sent, failed, requeued) == (1, 0, 0)
    assert Email.objects.get().status == STATUS.sent
    (delivered,) = mail.outbox
    assert delivered.to == ["reader@example.com"]
    assert delivered.bcc == [] and "evil@example.com" not in delivered.recipients()
    return delivered


def test_a_subject_with_cr_lf_and_nul_is_delivered(queue):
    """NUL cannot be stored in a message (PostgreSQL refuses it, the form too): the subject of
    the email itself carries all three on its way to the queue."""
    mail_send(
        to=["reader@example.com"],
        subject="Hello\rBcc: evil@example.com\nX\x00Y",
        template="emails/notification",
        context={"message": "Body text", "url": "/"},
    )
    assert "Hello Bcc: evil@example.com X Y" in _deliver_one().subject


def test_a_message_subject_with_cr_and_lf_is_delivered(queue):
    sender = UserFactory(username="sender", first_name="Sam\r", last_name="Sender")
    reader = UserFactory(username="reader", email_notifications=True, email="reader@example.com")
    message_send(
        sender=sender, recipient=reader, subject="Hello\rBcc: evil@example.com\nX", body="Hi"
    )
    assert "Hello Bcc: evil@example.com X" in _deliver_one().subject


def test_a_subject_with_cr_and_lf_sent_from_the_form_is_delivered(queue, client):
    client.force_login(UserFactory(username="sender"))
    UserFactory(username="reader", email_notifications=True, email="reader@example.com")
    response = client.post(
        reverse("messaging:compose"),
        {"recipient": "reader", "subject": "Hello\rBcc: evil@example.com\nX", "body": "Hi"},
    )
    assert response.status_code == 302
    assert "Hello Bcc: evil@example.com X" in _deliver_one().subject
