"""The SLA clock pauses while a request waits for its submitter and resumes on their reply:
the due date moves by the time paused, and a waiting request is never overdue (lists, counts,
reports)."""

from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints import selectors, services
from complaints.models import Complaint
from tests.complaints.factories import ComplaintFactory, assign_to
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db
Status = Complaint.Status
START = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.get_fixed_timezone(0))


def at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


@pytest.fixture
def handler():
    return grant(UserFactory(), "complaints.manage_complaints")


@pytest.fixture
def complaint(handler):
    with at(START):
        complaint = ComplaintFactory(status=Status.IN_PROGRESS, priority="high")
        complaint.due_at = Complaint.sla_due("high", START)  # 48 h
        complaint.save()
    return assign_to(complaint, handler)


def test_waiting_pauses_the_clock_and_the_submitters_reply_resumes_it(complaint, handler):
    due = complaint.due_at
    with at(START + timedelta(hours=10)):
        services.complaint_transition(actor=handler, complaint=complaint, status=Status.WAITING)
    complaint.refresh_from_db()
    assert complaint.sla_paused_at == START + timedelta(hours=10)
    with at(START + timedelta(hours=100)):  # long past the due date, but paused
        complaint.refresh_from_db()
        assert not complaint.is_overdue
        assert not selectors.complaint_filter(Complaint.objects.all(), overdue=True).exists()
        assert selectors.handled_counts(user=handler)["overdue"] == 0
        services.complaint_reply(author=complaint.submitter, complaint=complaint, body="Room 4")
    complaint.refresh_from_db()
    assert complaint.status == Status.IN_PROGRESS and complaint.sla_paused_at is None
    assert complaint.sla_paused == timedelta(hours=90)
    assert complaint.due_at == due + timedelta(hours=90)
    with at(complaint.due_at - timedelta(minutes=1)):
        assert not complaint.is_overdue
    with at(complaint.due_at + timedelta(minutes=1)):
        assert complaint.is_overdue
        assert selectors.complaint_filter(Complaint.objects.all(), overdue=True).count() == 1


def test_a_handler_taking_it_back_resumes_the_clock_and_a_priority_change_keeps_the_pause(
    complaint, handler
):
    with at(START + timedelta(hours=1)):
        services.complaint_transition(actor=handler, complaint=complaint, status=Status.WAITING)
    with at(START + timedelta(hours=6)):
        services.complaint_transition(actor=handler, complaint=complaint, status=Status.IN_PROGRESS)
    complaint.refresh_from_db()
    assert complaint.sla_paused == timedelta(hours=5)
    with at(START + timedelta(hours=7)):
        services.complaint_set_priority(actor=handler, complaint=complaint, priority="urgent")
    complaint.refresh_from_db()
    assert complaint.due_at == START + timedelta(hours=8 + 5)


def test_the_detail_page_says_the_clock_is_paused(client, complaint, handler):
    services.complaint_transition(actor=handler, complaint=complaint, status=Status.WAITING)
    client.force_login(handler)
    body = client.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()
    assert "data-sla-paused" in body and "Overdue" not in body
