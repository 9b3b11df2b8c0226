"""The helpdesk pages through the client: success, forbidden, bad input, query counts."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from complaints.models import Complaint, ComplaintAttachment
from intrasphere.models import AuditLog
from tests.complaints.factories import (
    PDF_BYTES,
    AttachmentFactory,
    ComplaintFactory,
    ReplyFactory,
    assign_to,
    resolved,
)
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db
MANAGE = "complaints.manage_complaints"


@pytest.fixture
def manager():
    return grant(UserFactory(username="manager", first_name="Mona", last_name="Manager"), MANAGE)


@pytest.fixture
def handler():
    return grant(UserFactory(username="handler", first_name="Hugo", last_name="Handler"), MANAGE)


def _submit_data(**extra):
    return {
        "title": "Broken chair",
        "description": "The chair at desk 4 wobbles.",
        "category": "workplace",
        "priority": "normal",
        **extra,
    }


def test_submit_with_attachment(employee_client, employee):
    upload = SimpleUploadedFile("my report.pdf", PDF_BYTES, content_type="application/pdf")
    response = employee_client.post(
        reverse("complaints:submit"), _submit_data(attachments=[upload])
    )
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == complaint.get_absolute_url()
    attachment = complaint.attachments.get()
    assert attachment.original_name == "my report.pdf"
    assert "my report" not in attachment.file.name and attachment.file.name.endswith(".pdf")
    assert complaint.submitter == employee and complaint.due_at


def test_submit_bad_input_shows_errors(employee_client):
    response = employee_client.post(reverse("complaints:submit"), _submit_data(title="x"))
    assert response.status_code == 200
    assert "at least 5 characters" in response.content.decode()
    assert not Complaint.objects.exists()


def test_submit_oversized_attachment_saves_nothing(employee_client, settings):
    settings.UPLOAD_MAX_BYTES = 10
    upload = SimpleUploadedFile("big.pdf", PDF_BYTES, content_type="application/pdf")
    response = employee_client.post(
        reverse("complaints:submit"), _submit_data(attachments=[upload])
    )
    assert response.status_code == 200
    assert "too large" in response.content.decode()
    assert not Complaint.objects.exists() and not ComplaintAttachment.objects.exists()


def test_submit_disguised_attachment_saves_nothing(employee_client):
    upload = SimpleUploadedFile(
        "invoice.pdf", b"MZ\x90\x00\x03\x00\x00\x00", content_type="application/pdf"
    )
    response = employee_client.post(
        reverse("complaints:submit"), _submit_data(attachments=[upload])
    )
    assert response.status_code == 200
    assert "does not match" in response.content.decode()
    assert not Complaint.objects.exists()


def test_submit_suggests_similar_resolved_complaints_the_user_may_see(employee_client, employee):
    resolved(ComplaintFactory(submitter=employee, title="Printer jams on floor 2"))
    resolved(ComplaintFactory(title="Printer jams in someone else's office"))
    ComplaintFactory(submitter=employee, title="Printer jams again, still open")
    response = employee_client.get(reverse("complaints:submit"), {"q": "printer"})
    body = response.content.decode()
    assert "Printer jams on floor 2" in body
    assert "someone else" not in body and "still open" not in body


def test_submit_suggests_published_help_pages(employee_client):
    from content.models import Page
    from tests.content.factories import PageFactory

    PageFactory(title="Printer help", body="How to clear a printer jam.")
    PageFactory(title="Printer draft", body="printer", status=Page.Status.DRAFT)
    body = employee_client.get(reverse("complaints:submit"), {"q": "printer"}).content.decode()
    assert "Pages that may answer you" in body
    assert "Printer help" in body and "Printer draft" not in body


def test_my_list_shows_only_own_complaints_with_pinned_queries(
    employee_client, employee, django_assert_max_num_queries
):
    for _ in range(30):
        assign_to(ComplaintFactory(submitter=employee), UserFactory())
    ComplaintFactory(title="Not mine at all")
    with django_assert_max_num_queries(15):
        response = employee_client.get(reverse("complaints:my_list"))
    assert response.status_code == 200
    assert "Not mine at all" not in response.content.decode()


def test_internal_note_is_never_shown_to_the_submitter(client, employee, handler):
    complaint = assign_to(ComplaintFactory(submitter=employee), handler)
    ReplyFactory(complaint=complaint, author=handler, body="Public answer")
    ReplyFactory(complaint=complaint, author=handler, body="Secret handler note", internal=True)
    client.force_login(employee)
    body = client.get(complaint.get_absolute_url()).content.decode()
    assert "Public answer" in body and "Secret handler note" not in body
    assert "Internal note" not in body
    client.force_login(handler)
    assert "Secret handler note" in client.get(complaint.get_absolute_url()).content.decode()


def test_submitter_cannot_post_an_internal_note(employee_client, employee):
    complaint = ComplaintFactory(submitter=employee)
    employee_client.post(
        reverse("complaints:reply", kwargs={"pk": complaint.pk}),
        {"body": "psst", "internal": "on"},
    )
    assert not complaint.replies.filter(internal=True).exists()


def test_reply_to_closed_complaint_is_refused_with_a_message(employee_client, employee):
    complaint = ComplaintFactory(submitter=employee, status=Complaint.Status.CLOSED)
    response = employee_client.post(
        reverse("complaints:reply", kwargs={"pk": complaint.pk}), {"body": "Hello?"}, follow=True
    )
    assert "no longer accepts replies" in response.content.decode()
    assert not complaint.replies.exists()


def test_empty_reply_shows_the_form_error(employee_client, employee):
    complaint = ComplaintFactory(submitter=employee)
    response = employee_client.post(
        reverse("complaints:reply", kwargs={"pk": complaint.pk}), {"body": ""}
    )
    assert response.status_code == 400
    assert not complaint.replies.exists()


def test_invalid_transition_via_the_page(client, handler):
    complaint = assign_to(ComplaintFactory(), handler)
    client.force_login(handler)
    response = client.post(
        reverse("complaints:transition", kwargs={"pk": complaint.pk}),
        {"status": "closed"},
        follow=True,
    )
    assert "cannot go from" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == "new"
    response = client.post(
        reverse("complaints:transition", kwargs={"pk": complaint.pk}), {"status": "bogus"}
    )
    assert response.status_code == 302


def test_assign_to_someone_who_cannot_handle_complaints(client, manager, handler):
    complaint = assign_to(ComplaintFactory(), handler)
    colleague = UserFactory(username="colleague")
    client.force_login(manager)
    response = client.post(
        reverse("complaints:assign", kwargs={"pk": complaint.pk}),
        {"assignee": colleague.pk},
        follow=True,
    )
    assert "Choose someone who can handle complaints" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.assignee == handler
    assert not AuditLog.objects.filter(action="complaints.complaint.assign").exists()


def test_assign_success(client, manager, handler):
    complaint = ComplaintFactory()
    client.force_login(manager)
    client.post(reverse("complaints:assign", kwargs={"pk": complaint.pk}), {"assignee": handler.pk})
    complaint.refresh_from_db()
    assert complaint.assignee == handler and handler.has_perm(MANAGE, complaint)


def test_rating_form_after_resolution(employee_client, employee):
    complaint = resolved(ComplaintFactory(submitter=employee))
    page = employee_client.get(complaint.get_absolute_url()).content.decode()
    assert "How satisfied are you?" in page
    response = employee_client.post(
        reverse("complaints:rate", kwargs={"pk": complaint.pk}), {"rating": "9"}
    )
    assert response.status_code == 400
    employee_client.post(
        reverse("complaints:rate", kwargs={"pk": complaint.pk}), {"rating": "4", "comment": "Ok"}
    )
    complaint.refresh_from_db()
    assert complaint.satisfaction_rating == 4


def test_attachment_download_is_an_attachment_with_nosniff(client, employee):
    attachment = AttachmentFactory(complaint=ComplaintFactory(submitter=employee))
    client.force_login(employee)
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF_BYTES
    client.force_login(UserFactory())
    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_handling_list_filters_highlights_overdue_and_pins_queries(
    client, manager, handler, django_assert_max_num_queries
):
    past = timezone.now() - timedelta(days=2)
    for index in range(25):
        complaint = assign_to(ComplaintFactory(priority="high", category="it"), handler)
        if index % 5 == 0:
            Complaint.objects.filter(pk=complaint.pk).update(due_at=past)
    ComplaintFactory(title="Low priority thing", priority="low")
    client.force_login(manager)
    url = reverse("complaints:handling_list")
    with django_assert_max_num_queries(15):
        response = client.get(url, {"priority": "high", "sort": "due"})
    body = response.content.decode()
    assert "Low priority thing" not in body
    assert "5 open complaints are overdue" in body and "is-highlighted" in body
    response = client.get(url, {"overdue": "on"})
    assert len(response.context["complaints"]) == 5
    response = client.get(url, {"assignee": "none"})
    assert [c.title for c in response.context["complaints"]] == ["Low priority thing"]
    response = client.get(url, {"status": "nonsense", "sort": "priority"})
    assert response.status_code == 200
    assert client.get(url, {"page": "99"}).status_code == 404


def test_handling_list_for_an_assignee_shows_only_their_complaints(client, handler):
    assign_to(ComplaintFactory(title="Mine to handle"), handler)
    ComplaintFactory(title="Someone else's")
    helper = UserFactory(username="helper")
    assign_to(ComplaintFactory(title="Helper's"), helper)
    client.force_login(helper)
    body = client.get(reverse("complaints:handling_list")).content.decode()
    assert "Helper&#x27;s" in body and "Mine to handle" not in body


def test_confidential_submitter_name_hidden_in_lists(client, manager, handler):
    submitter = UserFactory(username="whistle", first_name="Wanda", last_name="Whistle")
    complaint = assign_to(ComplaintFactory(submitter=submitter, confidential=True), handler)
    client.force_login(manager)
    body = client.get(reverse("complaints:handling_list"), {"assignee": ""}).content.decode()
    assert "Wanda" not in body and "Confidential" in body
    csv_body = client.get(reverse("complaints:reports_csv")).content.decode()
    assert "Wanda" not in csv_body
    client.force_login(handler)
    assert "Wanda" in client.get(reverse("complaints:handling_list")).content.decode()
    assert "Wanda" in client.get(complaint.get_absolute_url()).content.decode()


def test_reports_page_charts_and_csv(client, manager, django_assert_max_num_queries):
    for index in range(12):
        complaint = ComplaintFactory(category="hr" if index % 2 else "it")
        if index % 3 == 0:
            resolved(complaint)
    ComplaintFactory(title='=HYPERLINK("http://evil")')
    client.force_login(manager)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("complaints:reports"))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('<svg class="chart ') == 5 and "style=" not in body.split("<main")[1]
    csv_response = client.get(reverse("complaints:reports_csv"))
    assert csv_response["Content-Type"].startswith("text/csv")
    lines = csv_response.content.decode().splitlines()
    assert len(lines) == 14
    assert any(line.split(",", 2)[1].startswith("\"'=HYPERLINK") for line in lines)


def test_reports_bad_period(client, manager):
    client.force_login(manager)
    response = client.get(
        reverse("complaints:reports"), {"start": "2026-05-01", "end": "2025-01-01"}
    )
    assert response.status_code == 400
    assert "start date must be before" in response.content.decode()


def test_dashboard_obligations_and_stats(client, employee, handler):
    assign_to(ComplaintFactory(title="Fix the door"), handler)
    ComplaintFactory(submitter=employee, title="Answer me", status=Complaint.Status.WAITING)
    client.force_login(handler)
    body = client.get(reverse("dashboard")).content.decode()
    assert "Handle complaint: Fix the door" in body and "Open complaints" in body
    assert "Overdue complaints" in body
    client.force_login(employee)
    body = client.get(reverse("dashboard")).content.decode()
    assert "Answer the helpdesk: Answer me" in body and "Open complaints" not in body


def test_search_finds_only_visible_complaints(client, employee):
    ComplaintFactory(submitter=employee, title="Elevator stuck")
    ComplaintFactory(title="Elevator noisy", confidential=True)
    client.force_login(employee)
    body = client.get(reverse("search"), {"q": "elevator"}).content.decode()
    assert "Elevator stuck" in body and "Elevator noisy" not in body


def test_pages_are_translated_to_french(employee_client):
    response = employee_client.get(reverse("complaints:my_list"), HTTP_ACCEPT_LANGUAGE="fr")
    body = response.content.decode()
    assert "Mes demandes" in body and "Assistance" in body


def test_detail_query_count_does_not_grow_with_the_conversation(
    client, handler, django_assert_max_num_queries
):
    complaint = assign_to(ComplaintFactory(), handler)
    for index in range(20):
        ReplyFactory(complaint=complaint, author=handler, internal=bool(index % 2))
        AttachmentFactory(complaint=complaint)
    client.force_login(handler)
    with django_assert_max_num_queries(17):
        response = client.get(complaint.get_absolute_url())
    assert response.status_code == 200


def test_search_hides_a_confidential_submitter_from_managers(client, manager):
    submitter = UserFactory(username="quiet", first_name="Quentin", last_name="Quiet")
    ComplaintFactory(submitter=submitter, title="Elevator harassment", confidential=True)
    client.force_login(manager)
    body = client.get(reverse("search"), {"q": "elevator"}).content.decode()
    assert "Elevator harassment" in body and "Quentin" not in body
