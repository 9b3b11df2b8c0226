"""The must-read banner's list (`content.selectors.must_reads_pending`): the live must-reads of
the viewer's audience they have not acknowledged, in one query whatever their number."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from content import selectors
from content.models import AnnouncementAcknowledgement
from tests.content.factories import AnnouncementFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def pending(user) -> tuple[list[str], int]:
    with CaptureQueriesContext(connection) as queries:
        titles = [announcement.title for announcement in selectors.must_reads_pending(user=user)]
    return titles, len(queries)


def test_the_pending_must_reads_are_one_query_whatever_their_number():
    AnnouncementFactory(title="Policy", important=True)
    reader = UserFactory(department="Sales")
    assert pending(reader) == (["Policy"], 1)
    AnnouncementFactory.create_batch(20, important=True)
    assert len(pending(reader)[0]) == 21 and pending(reader)[1] == 1


def test_an_acknowledgement_counts_at_once_for_that_reader_only():
    policy = AnnouncementFactory(title="Policy", important=True)
    reader, colleague = UserFactory(), UserFactory()
    pending(reader)
    AnnouncementAcknowledgement.objects.create(announcement=policy, user=reader)
    assert pending(reader)[0] == []
    assert pending(colleague)[0] == ["Policy"]


def test_audiences_never_share_and_new_must_reads_show_at_once():
    sales, ops = UserFactory(department="Sales"), UserFactory(department="Ops")
    AnnouncementFactory(
        title="Targets", important=True, audience_restricted=True, audience_departments="|Sales|"
    )
    assert pending(sales)[0] == ["Targets"]
    assert pending(ops)[0] == []
    AnnouncementFactory(title="Fire drill", important=True)
    assert pending(sales)[0] == ["Fire drill", "Targets"]
    assert pending(ops)[0] == ["Fire drill"]


def test_unpublished_and_scheduled_must_reads_stay_out():
    now = timezone.now()
    AnnouncementFactory(title="Later", important=True, publish_at=now + datetime.timedelta(days=1))
    AnnouncementFactory(
        title="Over",
        important=True,
        publish_at=now - datetime.timedelta(days=2),
        unpublish_at=now - datetime.timedelta(hours=1),
    )
    assert pending(UserFactory())[0] == []
