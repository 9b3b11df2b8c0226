"""Migration 0002 marks the must-reads already live as notified, and only those."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("content", "0001_initial")]
AFTER = [("content", "0002_scheduled_notice_and_feed_token")]


@pytest.mark.django_db(transaction=True)
def test_backfill_marks_only_live_must_reads():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Announcement = apps.get_model("content", "Announcement")
    now = timezone.now()
    live_must_read = Announcement.objects.create(
        title="Live", content="x", important=True, publish_at=now - datetime.timedelta(days=1)
    )
    scheduled = Announcement.objects.create(
        title="Later", content="x", important=True, publish_at=now + datetime.timedelta(days=1)
    )
    ordinary = Announcement.objects.create(
        title="Plain", content="x", publish_at=now - datetime.timedelta(days=1)
    )
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    Announcement = executor.loader.project_state(AFTER).apps.get_model("content", "Announcement")
    assert Announcement.objects.get(pk=live_must_read.pk).notified_at is not None
    assert Announcement.objects.get(pk=scheduled.pk).notified_at is None
    assert Announcement.objects.get(pk=ordinary.pk).notified_at is None
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
