"""`PUT /api/v1/complaints/<id>` (the prototype's edit): the submitter corrects a new
complaint (title, description, category, as the page's edit); handlers use the page's update
panel (reply or note, status, assignee, priority, category at once, all or nothing), with the
same services (complaints/services_handling.py)."""

from complaints.models import Complaint, ComplaintEvent
from intrasphere.models import AuditLog
from tests.api.helpers import ApiClient, token_for
from tests.complaints.factories import ComplaintFactory, assign_to
from tests.factories import UserFactory, grant

MANAGE = "complaints.manage_complaints"


def test_the_submitter_corrects_a_new_complaint(employee):
    complaint = ComplaintFactory(submitter=employee, priority="normal")
    client = ApiClient(token_for(employee))
    changed = client.put(
        f"/api/v1/complaints/{complaint.pk}",
        {"title": "Heating off in room 12", "category": "safety", "priority": "high"},
    )
    assert changed.status_code == 200, changed.content
    complaint.refresh_from_db()
    assert complaint.title == "Heating off in room 12"
    assert complaint.description == "The heating has been off since Monday."  # kept
    assert complaint.category == "safety"
    assert complaint.priority == "normal"  # not the submitter's to change (ignored)
    assert AuditLog.objects.filter(action="complaints.complaint.edit").exists()
    refused = client.put(f"/api/v1/complaints/{complaint.pk}", {"title": "Hi"})
    assert refused.status_code == 400 and "title" in refused.json()["errors"]


def test_once_handling_started_the_submitter_may_not_edit(employee):
    handler = grant(UserFactory(), MANAGE)
    complaint = ComplaintFactory(submitter=employee)
    ApiClient(token_for(handler)).put(
        f"/api/v1/complaints/{complaint.pk}", {"status": "in_progress"}
    )
    refused = ApiClient(token_for(employee)).put(
        f"/api/v1/complaints/{complaint.pk}", {"title": "Changed afterwards"}
    )
    assert refused.status_code == 403
    assert Complaint.objects.get(pk=complaint.pk).title != "Changed afterwards"
    stranger = ApiClient(token_for(UserFactory())).put(
        f"/api/v1/complaints/{complaint.pk}", {"title": "Not mine at all"}
    )
    assert stranger.status_code == 404


def test_a_handler_changes_several_things_at_once(employee):
    handler, colleague = grant(UserFactory(), MANAGE), grant(UserFactory(), MANAGE)
    complaint = assign_to(ComplaintFactory(submitter=employee), handler)
    response = ApiClient(token_for(handler)).put(
        f"/api/v1/complaints/{complaint.pk}",
        {"priority": "urgent", "status": "in_progress", "assignee": colleague.pk, "body": "Go"},
    )
    assert response.status_code == 200, response.content
    complaint.refresh_from_db()
    assert (complaint.priority, complaint.status, complaint.assignee) == (
        "urgent",
        "in_progress",
        colleague,
    )
    kinds = set(complaint.events.values_list("kind", flat=True))
    assert {
        ComplaintEvent.Kind.PRIORITY,
        ComplaintEvent.Kind.STATUS,
        ComplaintEvent.Kind.ASSIGN,
    } <= kinds
    assert complaint.replies.filter(body="Go", internal=False).exists()


def test_a_refused_change_leaves_nothing_half_saved(employee):
    handler = grant(UserFactory(), MANAGE)
    complaint = assign_to(ComplaintFactory(submitter=employee, priority="normal"), handler)
    response = ApiClient(token_for(handler)).put(
        f"/api/v1/complaints/{complaint.pk}", {"priority": "high", "status": "closed"}
    )
    assert response.status_code == 400
    complaint.refresh_from_db()
    assert (complaint.priority, complaint.status) == ("normal", "new")
    assignee = ApiClient(token_for(handler)).put(
        f"/api/v1/complaints/{complaint.pk}", {"assignee": employee.pk}
    )
    assert assignee.status_code == 400 and "assignee" in assignee.json()["errors"]
