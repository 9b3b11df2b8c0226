"""The reporting channel's legal deadlines on confidential complaints (#27)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints.deadlines import reporting_deadlines
from complaints.models import Complaint
from complaints.services import complaint_reply
from tests.complaints.factories import ComplaintFactory, ReplyFactory
from tests.factories import UserFactory, grant

DAY = timedelta(days=1)


@pytest.fixture
def handler(db):
    return grant(UserFactory(username="handler"), "complaints.manage_complaints")


def _aged(complaint, days):
    Complaint.objects.filter(pk=complaint.pk).update(created_at=timezone.now() - days * DAY)
    complaint.refresh_from_db()
    return complaint


def _deadlines(complaint):
    return reporting_deadlines(
        complaint=complaint,
        replies=list(complaint.replies.all()),
        events=list(complaint.events.all()),
    )


def test_ordinary_complaints_have_none(db):
    assert _deadlines(ComplaintFactory()) is None


def test_unanswered_report_is_overdue_after_seven_days(db):
    fresh = _aged(ComplaintFactory(confidential=True), 6)
    ack, feedback = _deadlines(fresh)
    assert not ack.overdue and not feedback.overdue
    old = _aged(ComplaintFactory(confidential=True), 8)
    ack, feedback = _deadlines(old)
    assert ack.overdue and not feedback.overdue
    ancient = _aged(ComplaintFactory(confidential=True), 91)
    assert all(deadline.overdue for deadline in _deadlines(ancient))


def test_replies_acknowledge_then_give_feedback(db, handler):
    report = _aged(ComplaintFactory(confidential=True), 8)
    ReplyFactory(complaint=report, author=report.submitter, body="Any news?")
    ReplyFactory(complaint=report, author=handler, body="Noted", internal=True)
    ack, feedback = _deadlines(report)
    assert ack.done_at is None  # neither the submitter's reply nor an internal note counts
    complaint_reply(author=handler, complaint=report, body="We received your report.")
    ack, feedback = _deadlines(report)
    assert ack.done_at is not None and ack.late and feedback.done_at is None
    complaint_reply(author=handler, complaint=report, body="We acted on it.")
    assert _deadlines(report)[1].done_at is not None


def test_shown_to_the_submitter_and_the_handler(db, client, handler):
    report = _aged(ComplaintFactory(confidential=True), 8)
    url = reverse("complaints:detail", args=[report.pk])
    for person in (report.submitter, handler):
        client.force_login(person)
        body = client.get(url).content.decode()
        assert "Acknowledgement" in body and "Overdue" in body and "data-deadline" in body


def test_not_shown_on_an_ordinary_complaint(db, client):
    complaint = ComplaintFactory()
    client.force_login(complaint.submitter)
    assert (
        "data-deadline"
        not in client.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()
    )
