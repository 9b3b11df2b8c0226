"""The email digest: unread "digest" notifications older than a few hours, once, at the rhythm
each person chose, in their language; per-category preferences decide what goes where.

Time is frozen by passing `now` to the service (and patching the clock for the command)."""

import datetime
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from intrasphere.digest import digests_send
from intrasphere.models import Notification, NotificationPreferences
from intrasphere.services import notification_preferences_save, notification_send
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mail_at_once():
    """The test's transaction never commits: mail leaves at once instead of after commit."""
    with mock.patch("intrasphere.mail.transaction.on_commit", side_effect=lambda f: f()):
        yield


T0 = timezone.make_aware(datetime.datetime(2026, 12, 7, 7, 0))


def send_at(moment, recipients, kind="forum.reply", **params):
    with mock.patch("django.utils.timezone.now", return_value=moment):
        return notification_send(
            recipients=recipients,
            kind=kind,
            params={"author": "Marie", "topic": "Printer", **params},
            url="/forum/1/",
        )


def test_digest_sends_unread_older_items_once(mailoutbox):
    person = UserFactory(email="p@example.com")
    send_at(T0 - datetime.timedelta(hours=10), [person])
    send_at(T0 - datetime.timedelta(hours=1), [person])  # too recent: next time
    assert digests_send(now=T0) == 1
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "1 unread notification on IntraSphere"
    assert "Marie replied to “Printer”" in mailoutbox[0].body
    assert digests_send(now=T0) == 0  # idempotent
    assert digests_send(now=T0 + datetime.timedelta(hours=2)) == 0  # once a day
    assert len(mailoutbox) == 1
    assert digests_send(now=T0 + datetime.timedelta(days=1)) == 1  # the recent one, next day
    assert len(mailoutbox) == 2 and digests_send(now=T0 + datetime.timedelta(days=2)) == 0


def test_read_items_and_other_channels_are_left_out(mailoutbox):
    reader, emailed, quiet, off = UserFactory.create_batch(4)
    notification_preferences_save(
        user=emailed, digest="daily", channels={"forum": "email"}, language="en"
    )
    notification_preferences_save(
        user=quiet, digest="daily", channels={"forum": "app"}, language="en"
    )
    notification_preferences_save(
        user=off, digest="daily", channels={"forum": "off"}, language="en"
    )
    mailoutbox.clear()
    send_at(T0 - datetime.timedelta(hours=10), [reader, emailed, quiet, off])
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [emailed.email]  # email at once
    assert not Notification.objects.filter(recipient=off).exists()  # off: nothing at all
    Notification.objects.filter(recipient=reader).update(read_at=T0)
    assert digests_send(now=T0) == 0
    assert len(mailoutbox) == 1


def test_weekly_and_off_digests(mailoutbox):
    weekly, never = UserFactory.create_batch(2)
    notification_preferences_save(user=weekly, digest="weekly", channels={}, language="en")
    notification_preferences_save(user=never, digest="off", channels={}, language="en")
    send_at(T0 - datetime.timedelta(hours=10), [weekly, never])
    assert digests_send(now=T0) == 1 and mailoutbox[0].to == [weekly.email]
    send_at(T0 + datetime.timedelta(days=1), [weekly])
    assert digests_send(now=T0 + datetime.timedelta(days=2)) == 0  # within the week
    assert digests_send(now=T0 + datetime.timedelta(days=7)) == 1
    assert len(mailoutbox) == 2


def test_digest_in_the_persons_language(mailoutbox):
    person = UserFactory()
    notification_preferences_save(user=person, digest="daily", channels={}, language="fr")
    send_at(T0 - datetime.timedelta(hours=10), [person])
    digests_send(now=T0)
    assert mailoutbox[0].subject == "1 notification non lue sur IntraSphere"
    assert "Marie a répondu à « Printer »" in mailoutbox[0].body


def test_command_sends_once(mailoutbox):
    person = UserFactory()
    send_at(timezone.now() - datetime.timedelta(hours=10), [person])
    call_command("send_digests", stdout=mock.MagicMock())
    call_command("send_digests", stdout=mock.MagicMock())
    assert len(mailoutbox) == 1


def test_preferences_page_saves_the_choices(employee_client, employee):
    url = reverse("notifications:preferences")
    page = employee_client.get(url)
    assert page.status_code == 200 and "Must-reads" in page.text
    data = {
        "digest": "weekly",
        "language": "fr",
        **{
            f"channel_{c}": "digest"
            for c in ("mentions", "messages", "helpdesk", "forum", "trainings", "must_reads")
        },
        "channel_forum": "off",
    }
    assert employee_client.post(url, data).status_code == 302
    prefs = NotificationPreferences.objects.get(user=employee)
    assert prefs.digest == "weekly" and prefs.channels["forum"] == "off"
    assert prefs.language == "fr"
    bad = employee_client.post(url, {**data, "digest": "hourly"})
    assert bad.status_code == 400
    assert NotificationPreferences.objects.get(user=employee).digest == "weekly"
