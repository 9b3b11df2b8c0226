"""Acting on the thing marks what told you about it read: acknowledging a must-read, opening the
message, the helpdesk request or the forum topic."""

import pytest
from django.urls import reverse

from intrasphere.models import Notification
from intrasphere.services import notification_send
from tests.complaints.factories import ComplaintFactory
from tests.content.factories import AnnouncementFactory
from tests.factories import MessageFactory, UserFactory
from tests.forum.factories import topic_with_post

pytestmark = pytest.mark.django_db


def notify(user, target, kind="legacy"):
    other = UserFactory()
    notification_send(recipients=[user], kind=kind, params={"text": "x"}, target=target)
    notification_send(recipients=[other], kind=kind, params={"text": "x"}, target=target)
    return other


def unread(user):
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def test_acknowledging_a_must_read_reads_its_notification(employee_client, employee):
    must_read = AnnouncementFactory(title="Policy", important=True)
    other = notify(employee, must_read, "content.must_read")
    notify(employee, AnnouncementFactory(title="Another"))
    assert unread(employee) == 2
    employee_client.post(reverse("content:announcement_acknowledge", args=[must_read.pk]))
    assert unread(employee) == 1  # the other announcement's stays
    assert unread(other) == 1  # and nobody else's changes


def test_opening_a_message_reads_its_notification(employee_client, employee):
    message = MessageFactory(recipient=employee)
    notify(employee, message, "accounts.message")
    employee_client.get(reverse("messaging:detail", kwargs={"pk": message.pk}))
    assert unread(employee) == 0


def test_opening_a_helpdesk_request_reads_its_notifications(client):
    complaint = ComplaintFactory()
    notify(complaint.submitter, complaint)
    notify(complaint.submitter, complaint)
    client.force_login(complaint.submitter)
    assert unread(complaint.submitter) == 2
    assert client.get(reverse("complaints:detail", args=[complaint.pk])).status_code == 200
    assert unread(complaint.submitter) == 0


def test_opening_a_topic_reads_its_notifications(employee_client, employee):
    topic = topic_with_post()
    notify(employee, topic, "forum.reply")
    assert employee_client.get(topic.get_absolute_url()).status_code == 200
    assert unread(employee) == 0
