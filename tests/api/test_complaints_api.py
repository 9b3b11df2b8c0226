"""The helpdesk through the API: the pages' visibility, confidentiality, workflow and uploads."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from complaints.models import Complaint, ComplaintAttachment
from tests.api.helpers import ApiClient, token_for
from tests.complaints.factories import PDF_BYTES, ComplaintFactory, ReplyFactory, assign_to
from tests.factories import UserFactory, grant

MANAGE = "complaints.manage_complaints"
FILING = {"title": "Noisy printer", "description": "It squeaks.", "category": "it"}


def test_a_complaint_filed_through_the_api_is_handled_through_it(employee):
    handler = grant(UserFactory(username="handler"), MANAGE)
    mine = ApiClient(token_for(employee))
    filed = mine.post("/api/v1/complaints", FILING)
    assert filed.status_code == 201, filed.content
    pk = filed.json()["id"]
    assert filed.json()["priority"] == "normal" and filed.json()["status"] == "new"
    assert [c["id"] for c in mine.get("/api/v1/complaints/my").json()["results"]] == [pk]
    handling = ApiClient(token_for(handler))
    assigned = handling.put(f"/api/v1/complaints/{pk}/assign", {"assignee": handler.pk})
    assert assigned.json()["assignee"]["username"] == "handler"
    moved = handling.put(f"/api/v1/complaints/{pk}/status", {"status": "in_progress"})
    assert moved.json()["status"] == "in_progress"
    note = handling.post(f"/api/v1/complaints/{pk}/reply", {"body": "Ask IT", "internal": True})
    assert note.status_code == 201 and note.json()["internal"]
    handling.post(f"/api/v1/complaints/{pk}/reply", {"body": "We are on it."})
    seen = mine.get(f"/api/v1/complaints/{pk}").json()
    assert [r["body"] for r in seen["replies"]] == ["We are on it."]  # no internal note
    assert "in_progress" in [e["to_value"] for e in seen["events"]]
    refused = mine.post(f"/api/v1/complaints/{pk}/reply", {"body": "x", "internal": True})
    assert refused.status_code == 201 and not refused.json()["internal"]  # field not offered


def test_a_confidential_submitter_is_hidden_from_managers_until_revealed(employee):
    manager = grant(UserFactory(username="manager"), MANAGE)
    assignee = grant(UserFactory(username="assignee"), MANAGE)
    complaint = assign_to(ComplaintFactory(submitter=employee, confidential=True), assignee)
    ReplyFactory(complaint=complaint, body="From the submitter")
    client = ApiClient(token_for(manager))
    listed = client.get("/api/v1/complaints").json()["results"][0]
    assert listed["submitter"] is None and listed["submitter_label"] == "Confidential"
    detail = client.get(f"/api/v1/complaints/{complaint.pk}").json()
    assert detail["submitter"] is None
    assert detail["replies"][0]["author"] is None
    assert employee.username not in str(client.get(f"/api/v1/complaints/{complaint.pk}").content)
    assert (
        ApiClient(token_for(assignee))
        .get(f"/api/v1/complaints/{complaint.pk}")
        .json()["submitter"]["username"]
        == employee.username
    )
    revealed = ApiClient(token_for(assignee)).post(
        f"/api/v1/complaints/{complaint.pk}/reveal",
        {"manager": manager.pk, "reason": "HR needs to call them."},
    )
    assert revealed.status_code == 200, revealed.content
    detail = client.get(f"/api/v1/complaints/{complaint.pk}").json()
    assert detail["submitter"]["username"] == employee.username
    assert detail["replies"][0]["author"]["username"] == employee.username


def test_colleagues_complaints_answer_404(employee):
    other = ComplaintFactory()
    client = ApiClient(token_for(employee))
    assert client.get(f"/api/v1/complaints/{other.pk}").status_code == 404
    assert (
        client.put(f"/api/v1/complaints/{other.pk}/status", {"status": "closed"}).status_code == 404
    )
    assert client.get("/api/v1/complaints").json()["count"] == 0


def test_attachments_go_through_multipart_with_the_forms_checks(employee):
    client = Client()
    client.force_login(employee)
    good = SimpleUploadedFile("report.pdf", PDF_BYTES, content_type="application/pdf")
    token = {"Authorization": f"Bearer {token_for(employee)}"}
    made = client.post("/api/v1/complaints", {**FILING, "attachments": [good]}, headers=token)
    assert made.status_code == 201, made.content
    assert made.json()["attachments"][0]["original_name"] == "report.pdf"
    fake = SimpleUploadedFile("evil.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    refused = client.post("/api/v1/complaints", {**FILING, "attachments": [fake]}, headers=token)
    assert refused.status_code == 400
    assert "attachments" in refused.json()["errors"]
    assert ComplaintAttachment.objects.count() == 1 and Complaint.objects.count() == 1


def test_bad_bodies_are_refused_with_field_messages(employee):
    client = ApiClient(token_for(employee))
    for body, field in [
        ({**FILING, "title": "Hi"}, "title"),
        ({**FILING, "category": ["it"]}, "category"),
        ({**FILING, "priority": "whenever"}, "priority"),
        ({**FILING, "description": "x" * 20001}, "description"),
    ]:
        response = client.post("/api/v1/complaints", body)
        assert response.status_code == 400, body
        assert field in response.json()["errors"], response.json()
    assert not Complaint.objects.exists()
    assert client.get("/api/v1/complaints", {"sort": "sideways"}).status_code == 400


def test_a_session_needs_the_csrf_token_to_file(employee):
    client = Client(enforce_csrf_checks=True)
    client.force_login(employee)
    response = client.post("/api/v1/complaints", FILING, content_type="application/json")
    assert response.status_code == 403
    assert not Complaint.objects.exists()


def _count(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, {"page_size": 100, **(params or {})}).status_code == 200
    return len(queries)


def test_complaint_lists_cost_the_same_queries_for_5_and_50_rows(employee):
    manager = grant(UserFactory(), MANAGE)
    clients = [
        (ApiClient(token_for(manager)), "/api/v1/complaints", {"status": "open"}),
        (ApiClient(token_for(employee)), "/api/v1/complaints/my", None),
        (ApiClient(token_for(employee)), "/api/v1/complaints", None),
    ]

    def make(count):
        for index in range(count):
            complaint = ComplaintFactory(submitter=employee, confidential=index % 2 == 0)
            assign_to(complaint, manager)

    make(5)
    for client, url, params in clients:
        _count(client, url, params)  # the token's first use notes its last use
    few = [_count(client, url, params) for client, url, params in clients]
    make(45)  # assigning changes rights: each reads them again once
    for client, url, params in clients:
        _count(client, url, params)
    assert [_count(client, url, params) for client, url, params in clients] == few
    assert max(few) <= 15
