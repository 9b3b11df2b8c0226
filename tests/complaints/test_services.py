"""The workflow, assignment, replies and ratings through complaints/services.py."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from complaints import services
from complaints.models import Complaint, ComplaintEvent
from intrasphere.models import AuditLog, Notification
from tests.complaints.factories import ComplaintFactory, assign_to, resolved
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db
MANAGE = "complaints.manage_complaints"
S = Complaint.Status


@pytest.fixture
def manager():
    return grant(UserFactory(username="manager"), MANAGE)


@pytest.fixture
def handler():
    return grant(UserFactory(username="handler", email_notifications=True), MANAGE)


@pytest.fixture
def complaint(employee, handler):
    return assign_to(ComplaintFactory(submitter=employee), handler)


def test_submit_sets_due_date_from_priority_timeline_and_audit(employee, settings):
    settings.COMPLAINT_SLA_HOURS = {"urgent": 2}
    before = timezone.now()
    complaint = services.complaint_submit(
        submitter=employee,
        title="Water leak",
        description="Ceiling drips.",
        category="safety",
        priority="urgent",
    )
    assert before + timedelta(hours=2) <= complaint.due_at <= timezone.now() + timedelta(hours=2)
    assert complaint.events.get().kind == ComplaintEvent.Kind.CREATED
    assert AuditLog.objects.filter(action="complaints.complaint.submit").exists()


def test_full_workflow_records_every_change(complaint, handler, employee):
    for status in (S.IN_PROGRESS, S.WAITING, S.IN_PROGRESS, S.RESOLVED):
        services.complaint_transition(actor=handler, complaint=complaint, status=status)
    complaint = services.complaint_transition(actor=employee, complaint=complaint, status=S.CLOSED)
    assert complaint.status == S.CLOSED
    assert complaint.resolved_at and complaint.closed_at
    events = list(complaint.events.filter(kind="status").values_list("from_value", "to_value"))
    assert events[0] == ("new", "in_progress") and events[-1] == ("resolved", "closed")
    assert AuditLog.objects.filter(action="complaints.complaint.status").count() == 5


def test_invalid_transition_is_refused_and_nothing_changes(complaint, handler):
    with pytest.raises(ValidationError, match="cannot go from"):
        services.complaint_transition(actor=handler, complaint=complaint, status=S.CLOSED)
    complaint.refresh_from_db()
    assert complaint.status == S.NEW
    assert not complaint.events.filter(kind="status").exists()
    assert not AuditLog.objects.filter(action="complaints.complaint.status").exists()


def test_submitter_cannot_move_a_complaint_along(complaint, employee):
    with pytest.raises(ValidationError, match="may not"):
        services.complaint_transition(actor=employee, complaint=complaint, status=S.IN_PROGRESS)


def test_reopen_within_period_by_submitter(complaint, employee, handler, settings):
    settings.COMPLAINT_REOPEN_DAYS = 7
    resolved(complaint, days_ago=3)
    with pytest.raises(ValidationError):
        services.complaint_transition(actor=handler, complaint=complaint, status=S.REOPENED)
    complaint = services.complaint_transition(
        actor=employee, complaint=complaint, status=S.REOPENED, comment="Still cold."
    )
    assert complaint.status == S.REOPENED
    assert complaint.events.last().comment == "Still cold."


def test_reopen_after_period_is_refused(complaint, employee, settings):
    settings.COMPLAINT_REOPEN_DAYS = 7
    resolved(complaint, days_ago=8)
    with pytest.raises(ValidationError, match="period for reopening"):
        services.complaint_transition(actor=employee, complaint=complaint, status=S.REOPENED)


def test_assign_to_someone_who_cannot_handle_complaints_is_refused(complaint, manager):
    colleague = UserFactory(username="colleague")
    with pytest.raises(ValidationError, match="cannot handle complaints"):
        services.complaint_assign(actor=manager, complaint=complaint, assignee=colleague)
    complaint.refresh_from_db()
    assert complaint.assignee.username == "handler"
    assert not colleague.has_perm(MANAGE, complaint)


def test_reassign_moves_the_object_permission_and_notifies(complaint, manager, handler):
    other = grant(UserFactory(username="other", email_notifications=True), MANAGE)
    mail.outbox.clear()
    with pytest.raises(ValidationError):
        services.complaint_assign(actor=manager, complaint=complaint, assignee=handler)
    complaint = services.complaint_assign(actor=manager, complaint=complaint, assignee=other)
    from complaints.models import ComplaintUserObjectPermission

    holders = set(ComplaintUserObjectPermission.objects.values_list("user__username", flat=True))
    assert holders == {"other"}
    assert Notification.objects.filter(recipient=other, kind="complaints.assigned").exists()
    event = complaint.events.get(kind="assign")
    assert (event.from_value, event.to_value) == (handler.name, other.name)
    assert AuditLog.objects.filter(action="complaints.complaint.assign").exists()


def test_admin_can_be_assigned(complaint, manager, admin_user):
    complaint = services.complaint_assign(actor=manager, complaint=complaint, assignee=admin_user)
    assert complaint.assignee == admin_user


def test_email_copy_of_assignment(complaint, manager, django_capture_on_commit_callbacks):
    other = grant(UserFactory(username="other2", email_notifications=True), MANAGE)
    with django_capture_on_commit_callbacks(execute=True):
        services.complaint_assign(actor=manager, complaint=complaint, assignee=other)
    assert [m.to for m in mail.outbox] == [[other.email]]


def test_reply_to_a_closed_complaint_is_refused(complaint, employee):
    complaint.status = S.CLOSED
    complaint.save()
    with pytest.raises(ValidationError, match="closed"):
        services.complaint_reply(author=employee, complaint=complaint, body="Hello?")
    assert not complaint.replies.exists()


def test_submitter_cannot_write_internal_notes(complaint, employee):
    with pytest.raises(ValidationError, match="internal notes"):
        services.complaint_reply(author=employee, complaint=complaint, body="x", internal=True)


def test_reply_notifies_the_other_participants(complaint, employee, handler):
    services.complaint_reply(author=handler, complaint=complaint, body="Looking into it.")
    assert Notification.objects.filter(recipient=employee, kind="complaints.reply").exists()
    assert not Notification.objects.filter(recipient=handler).exists()
    services.complaint_reply(author=handler, complaint=complaint, body="Note", internal=True)
    assert not Notification.objects.filter(recipient=employee, kind="complaints.note").exists()


def test_submitter_answer_puts_a_waiting_complaint_back_in_progress(complaint, employee, handler):
    services.complaint_transition(actor=handler, complaint=complaint, status=S.IN_PROGRESS)
    services.complaint_transition(actor=handler, complaint=complaint, status=S.WAITING)
    services.complaint_reply(author=employee, complaint=complaint, body="Room 12.")
    complaint.refresh_from_db()
    assert complaint.status == S.IN_PROGRESS


def test_status_change_notifies_submitter(complaint, employee, handler):
    services.complaint_transition(actor=handler, complaint=complaint, status=S.IN_PROGRESS)
    assert Notification.objects.filter(recipient=employee, kind="complaints.status").exists()


def test_priority_change_moves_the_due_date(complaint, handler, settings):
    settings.COMPLAINT_SLA_HOURS = {"urgent": 1, "normal": 100}
    complaint = services.complaint_set_priority(
        actor=handler, complaint=complaint, priority="urgent"
    )
    assert complaint.due_at == complaint.created_at + timedelta(hours=1)
    assert complaint.events.get(kind="priority").to_label == "Urgent"


def test_rating_only_after_resolution_and_once(complaint, employee, handler):
    with pytest.raises(ValidationError):
        services.complaint_rate(user=employee, complaint=complaint, rating=4)
    resolved(complaint)
    with pytest.raises(ValidationError):
        services.complaint_rate(user=handler, complaint=complaint, rating=4)
    complaint = services.complaint_rate(user=employee, complaint=complaint, rating=5, comment="Ok")
    assert complaint.satisfaction_rating == 5
    with pytest.raises(ValidationError):
        services.complaint_rate(user=employee, complaint=complaint, rating=1)


def test_allowed_transitions(complaint, employee, handler):
    assert services.allowed_transitions(user=handler, complaint=complaint) == [
        S.IN_PROGRESS,
        S.REJECTED,
    ]
    assert services.allowed_transitions(user=employee, complaint=complaint) == []
