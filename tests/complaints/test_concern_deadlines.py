"""The reporting channel's legal deadlines: acknowledgement within REPORTING_ACKNOWLEDGE_DAYS,
feedback within REPORTING_FEEDBACK_DAYS, shown and flagged when overdue (#27, item 6)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints.concerns.services import concern_answer, concern_set_status
from complaints.models import Concern
from tests.complaints.factories import report
from tests.factories import UserFactory, grant
from tests.pages import signed_in

DAY = timedelta(days=1)
SECOND = timedelta(seconds=1)


@pytest.fixture
def handler(db):
    return grant(UserFactory(username="ethics.officer"), "complaints.handle_concerns")


def _received(days_ago: float) -> Concern:
    concern = report().concern
    Concern.objects.filter(pk=concern.pk).update(created_at=timezone.now() - days_ago * DAY)
    concern.refresh_from_db()
    return concern


def test_deadlines_at_their_edges(db, settings):
    settings.REPORTING_ACKNOWLEDGE_DAYS, settings.REPORTING_FEEDBACK_DAYS = 7, 90
    concern = report().concern
    start = concern.created_at
    assert concern.acknowledge_due == start + 7 * DAY
    assert concern.feedback_due == start + 90 * DAY
    assert not concern.acknowledge_overdue(now=start + 7 * DAY)
    assert concern.acknowledge_overdue(now=start + 7 * DAY + SECOND)
    assert not concern.feedback_overdue(now=start + 90 * DAY)
    assert concern.feedback_overdue(now=start + 90 * DAY + SECOND)


def test_an_answer_acknowledges_then_a_later_one_gives_feedback(db, handler):
    concern = _received(8)
    assert concern.acknowledge_overdue() and not concern.feedback_overdue()
    concern_answer(actor=handler, concern=concern, body="Internal", internal=True)
    concern.refresh_from_db()
    assert concern.acknowledged_at is None  # an internal note is not an acknowledgement
    concern_answer(actor=handler, concern=concern, body="We received your report.")
    concern.refresh_from_db()
    assert concern.acknowledged_at and concern.feedback_at is None
    assert not concern.acknowledge_overdue(now=concern.created_at + 100 * DAY)
    assert concern.feedback_overdue(now=concern.created_at + 91 * DAY)
    concern_set_status(actor=handler, concern=concern, status="follow_up", comment="An audit.")
    concern.refresh_from_db()
    assert concern.feedback_at is not None
    assert not concern.feedback_overdue(now=concern.created_at + 200 * DAY)


def test_closing_gives_feedback_and_acknowledges(db, handler):
    concern = report().concern
    concern_set_status(actor=handler, concern=concern, status="closed_no_action")
    concern.refresh_from_db()
    assert concern.acknowledged_at and concern.feedback_at and concern.closed_at


def test_overdue_reports_are_flagged_in_the_handlers_list(db, handler):
    late = _received(8)
    very_late = _received(91)
    _received(1)
    body = signed_in(handler).get(reverse("concerns:handling_list")).content.decode()
    assert body.count("data-overdue") == 2
    assert body.count("data-deadline-overdue") == 3  # 8 days: ack; 91 days: ack and feedback
    assert late.code in body and very_late.code in body
    detail = signed_in(handler).get(reverse("concerns:detail", args=[very_late.pk]))
    assert detail.content.decode().count("data-deadline-overdue") == 2
