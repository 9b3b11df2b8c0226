"""Scheduled must-reads notify their audience once, when they go live (publish_scheduled)."""

import datetime
import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from content import services
from content.models import Announcement
from intrasphere.models import AuditLog, Notification
from tests.content.factories import AnnouncementFactory
from tests.factories import UserFactory

T0 = datetime.datetime(2030, 3, 1, 9, 0, tzinfo=datetime.UTC)


def notified(user) -> int:
    return Notification.objects.filter(recipient=user, kind="content.must_read").count()


def test_a_scheduled_must_read_notifies_when_it_goes_live_and_only_once(
    db, django_capture_on_commit_callbacks
):
    reader = UserFactory()
    scheduled = AnnouncementFactory(important=True, publish_at=T0)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.announcements_publish_scheduled(now=T0 - datetime.timedelta(minutes=1)) == 0
    assert notified(reader) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.announcements_publish_scheduled(now=T0 + datetime.timedelta(minutes=2)) == 1
    assert notified(reader) == 1
    scheduled.refresh_from_db()
    assert scheduled.notified_at == T0 + datetime.timedelta(minutes=2)
    assert AuditLog.objects.filter(action="content.announcement.publish").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.announcements_publish_scheduled(now=T0 + datetime.timedelta(minutes=7)) == 0
    assert notified(reader) == 1


def test_only_the_audience_is_notified_and_ordinary_or_expired_ones_are_skipped(
    db, django_capture_on_commit_callbacks
):
    finance = UserFactory(department="Finance")
    sales = UserFactory(department="Sales")
    AnnouncementFactory(
        important=True, publish_at=T0, audience_departments="|Finance|", audience_restricted=True
    )
    AnnouncementFactory(important=False, publish_at=T0)
    AnnouncementFactory(
        important=True,
        publish_at=T0 - datetime.timedelta(days=2),
        unpublish_at=T0 - datetime.timedelta(days=1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.announcements_publish_scheduled(now=T0 + datetime.timedelta(hours=1)) == 1
    assert notified(finance) == 1 and notified(sales) == 0


def test_saving_a_live_must_read_notifies_at_once_and_the_command_does_not_repeat_it(
    admin_client, django_capture_on_commit_callbacks
):
    colleague = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("content:announcement_create"),
            {
                "title": "Safety first",
                "content": "Wear a helmet.",
                "type": "policy",
                "icon": "warning",
                "important": "on",
                "publish_at": "2024-01-01T10:00",
            },
        )
    assert notified(colleague) == 1
    assert Announcement.objects.get(title="Safety first").notified_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled", stdout=StringIO())
    assert notified(colleague) == 1


def test_saving_a_future_must_read_waits_for_the_command(
    admin_client, django_capture_on_commit_callbacks
):
    colleague = UserFactory()
    publish_at = timezone.localtime(timezone.now() + datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("content:announcement_create"),
            {
                "title": "Tomorrow's policy",
                "content": "Coming soon.",
                "type": "policy",
                "icon": "warning",
                "important": "on",
                "publish_at": publish_at.strftime("%Y-%m-%dT%H:%M"),
            },
        )
    announcement = Announcement.objects.get(title="Tomorrow's policy")
    assert notified(colleague) == 0 and announcement.notified_at is None
    later = announcement.publish_at + datetime.timedelta(minutes=5)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.announcements_publish_scheduled(now=later) == 1
    assert notified(colleague) == 1


def test_the_command_reports_what_it_did(db, django_capture_on_commit_callbacks):
    UserFactory()
    AnnouncementFactory(important=True, publish_at=timezone.now() - datetime.timedelta(minutes=3))
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled", stdout=out)
    assert "1 announcement(s)" in out.getvalue()
    out = StringIO()
    call_command("publish_scheduled", stdout=out)
    assert "0 announcement(s)" in out.getvalue()


@pytest.mark.usefixtures("on_postgres")
def test_overlapping_runs_notify_each_reader_once(transactional_db):
    readers = [UserFactory(username=f"reader{i}") for i in range(3)]
    for index in range(4):
        AnnouncementFactory(title=f"Policy {index}", important=True, publish_at=T0)
    runs = 4
    barrier = threading.Barrier(runs)
    counts = []

    def run():
        try:
            barrier.wait()
            counts.append(services.announcements_publish_scheduled(now=T0))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(counts) == 4
    for reader in readers:
        assert notified(reader) == 4
    assert AuditLog.objects.filter(action="content.announcement.publish").count() == 4
