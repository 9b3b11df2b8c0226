"""Who may reply, rate, reopen, handle and see the submitter of a complaint, through the pages:
a closed complaint offers no reply form, an assignee who did not file a complaint keeps it,
its submitter rates it once resolved or closed, a manager sees a non-confidential submitter."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from complaints.models import Complaint, ComplaintReply
from tests.complaints.factories import ComplaintFactory, assign_to, resolved
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db
MANAGE = "complaints.manage_complaints"
Status = Complaint.Status


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def detail(client, complaint):
    return client.get(reverse("complaints:detail", args=[complaint.pk]))


def reply_form_shown(response) -> bool:
    """The submitter's reply form, or the handlers' update panel (which replies too)."""
    pk = response.context["complaint"].pk
    body = response.content.decode()
    return reverse("complaints:reply", args=[pk]) in body or (
        reverse("complaints:update", args=[pk]) in body and 'name="body"' in body
    )


def rating_form_shown(response) -> bool:
    return reverse("complaints:rate", args=[response.context["complaint"].pk]) in (
        response.content.decode()
    )


def set_status(complaint, status, *, resolved_days_ago=None):
    complaint.status = status
    if resolved_days_ago is not None:
        complaint.resolved_at = timezone.now() - timedelta(days=resolved_days_ago)
    complaint.save()
    return complaint


@pytest.fixture
def manager():
    return grant(UserFactory(first_name="Mona", last_name="Manager"), MANAGE)


@pytest.fixture
def submitter():
    return UserFactory(first_name="Sam", last_name="Submitter")


# --- replies ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status", [Status.NEW, Status.IN_PROGRESS, Status.WAITING, Status.RESOLVED, Status.REOPENED]
)
def test_an_open_complaint_offers_the_reply_form(submitter, manager, status):
    complaint = set_status(ComplaintFactory(submitter=submitter), status)
    assert reply_form_shown(detail(signed_in(submitter), complaint))
    assert reply_form_shown(detail(signed_in(manager), complaint))


def test_a_closed_complaint_offers_no_reply_form_and_refuses_replies(submitter, manager):
    complaint = set_status(ComplaintFactory(submitter=submitter), Status.CLOSED)
    for person in (submitter, manager):
        client = signed_in(person)
        response = detail(client, complaint)
        assert not reply_form_shown(response)
        assert "it no longer accepts replies" in response.content.decode()
        client.post(reverse("complaints:reply", args=[complaint.pk]), {"body": "Hello?"})
    assert not ComplaintReply.objects.exists()


def test_a_colleague_who_is_neither_submitter_nor_handler_cannot_reply(submitter):
    complaint = ComplaintFactory(submitter=submitter)
    colleague = signed_in(UserFactory())
    assert detail(colleague, complaint).status_code == 404
    response = colleague.post(reverse("complaints:reply", args=[complaint.pk]), {"body": "Hi"})
    assert response.status_code == 404
    assert not ComplaintReply.objects.exists()


# --- the assignee -----------------------------------------------------------------------------


def test_an_assignee_who_did_not_file_the_complaint_handles_it(submitter, manager):
    assignee = UserFactory()
    complaint = ComplaintFactory(submitter=submitter)
    assign_to(complaint, assignee)
    client = signed_in(assignee)
    response = detail(client, complaint)
    assert response.status_code == 200
    assert response.context["can_handle"] and reply_form_shown(response)
    assert client.get(reverse("complaints:handling_list")).status_code == 200
    client.post(
        reverse("complaints:reply", args=[complaint.pk]), {"body": "On it", "internal": "on"}
    )
    assert ComplaintReply.objects.get().internal
    client.post(reverse("complaints:priority", args=[complaint.pk]), {"priority": "high"})
    complaint.refresh_from_db()
    assert complaint.priority == "high"


def test_another_complaint_s_assignee_does_not_handle_this_one(submitter):
    assignee = UserFactory()
    assign_to(ComplaintFactory(), assignee)
    complaint = ComplaintFactory(submitter=submitter)
    client = signed_in(assignee)
    assert client.get(reverse("complaints:handling_list")).status_code == 200
    assert detail(client, complaint).status_code == 404
    client.post(reverse("complaints:priority", args=[complaint.pk]), {"priority": "high"})
    complaint.refresh_from_db()
    assert complaint.priority == "normal"


def test_someone_with_no_assignment_cannot_open_the_handling_list(submitter):
    ComplaintFactory(submitter=submitter)
    assert signed_in(UserFactory()).get(reverse("complaints:handling_list")).status_code == 403


def test_the_submitter_does_not_handle_their_own_complaint(submitter):
    complaint = ComplaintFactory(submitter=submitter)
    response = detail(signed_in(submitter), complaint)
    assert response.status_code == 200 and not response.context["can_handle"]
    assert response.context["status_form"] is None  # a new complaint: only handlers move it


# --- rating -----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [Status.RESOLVED, Status.CLOSED])
def test_the_submitter_rates_a_resolved_or_closed_complaint_once(submitter, status):
    complaint = set_status(ComplaintFactory(submitter=submitter), status, resolved_days_ago=1)
    client = signed_in(submitter)
    assert rating_form_shown(detail(client, complaint))
    rate = reverse("complaints:rate", args=[complaint.pk])
    client.post(rate, {"rating": "4", "comment": "Quick"})
    complaint.refresh_from_db()
    assert complaint.satisfaction_rating == 4
    assert not rating_form_shown(detail(client, complaint))
    client.post(rate, {"rating": "1", "comment": "Changed my mind"})
    complaint.refresh_from_db()
    assert complaint.satisfaction_rating == 4


@pytest.mark.parametrize("status", [Status.NEW, Status.IN_PROGRESS, Status.REOPENED])
def test_a_complaint_still_open_cannot_be_rated(submitter, status):
    complaint = set_status(ComplaintFactory(submitter=submitter), status)
    client = signed_in(submitter)
    assert not rating_form_shown(detail(client, complaint))
    client.post(reverse("complaints:rate", args=[complaint.pk]), {"rating": "5"})
    complaint.refresh_from_db()
    assert complaint.satisfaction_rating is None


def test_only_the_submitter_rates(submitter, manager):
    complaint = resolved(ComplaintFactory(submitter=submitter))
    client = signed_in(manager)
    assert not rating_form_shown(detail(client, complaint))
    client.post(reverse("complaints:rate", args=[complaint.pk]), {"rating": "5"})
    complaint.refresh_from_db()
    assert complaint.satisfaction_rating is None


# --- reopening --------------------------------------------------------------------------------


def reopen_offered(client, complaint) -> bool:
    form = detail(client, complaint).context["status_form"]
    return form is not None and Status.REOPENED in dict(form.fields["status"].choices)


@pytest.mark.parametrize("status", [Status.RESOLVED, Status.CLOSED])
def test_the_submitter_reopens_within_the_delay(submitter, manager, settings, status):
    settings.COMPLAINT_REOPEN_DAYS = 3
    complaint = set_status(ComplaintFactory(submitter=submitter), status, resolved_days_ago=2)
    assert reopen_offered(signed_in(submitter), complaint)
    assert not reopen_offered(signed_in(manager), complaint)
    late = set_status(ComplaintFactory(submitter=submitter), status, resolved_days_ago=4)
    assert not reopen_offered(signed_in(submitter), late)


def test_reopening_is_offered_up_to_the_last_instant(submitter, settings, monkeypatch):
    settings.COMPLAINT_REOPEN_DAYS = 3
    complaint = set_status(ComplaintFactory(submitter=submitter), Status.RESOLVED)
    now = timezone.now()
    Complaint.objects.filter(pk=complaint.pk).update(resolved_at=now - timedelta(days=3))
    monkeypatch.setattr(timezone, "now", lambda: now)
    assert reopen_offered(signed_in(submitter), complaint)
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(seconds=1))
    assert not reopen_offered(signed_in(submitter), complaint)


def test_a_rejected_complaint_cannot_be_reopened(submitter):
    complaint = set_status(
        ComplaintFactory(submitter=submitter), Status.REJECTED, resolved_days_ago=1
    )
    assert not reopen_offered(signed_in(submitter), complaint)


# --- the submitter's name ---------------------------------------------------------------------


def test_a_manager_sees_a_non_confidential_submitter(submitter, manager):
    complaint = ComplaintFactory(submitter=submitter, confidential=False)
    response = detail(signed_in(manager), complaint)
    assert not response.context["submitter_hidden"]
    assert response.context["submitter_label"] == "Sam Submitter"
    assert "Sam Submitter" in response.content.decode()


def test_a_confidential_submitter_is_hidden_from_other_managers_only(submitter, manager):
    assignee = grant(UserFactory(first_name="Ann", last_name="Assignee"), MANAGE)
    admin = UserFactory(is_superuser=True, role="admin")
    complaint = assign_to(ComplaintFactory(submitter=submitter, confidential=True), assignee)
    hidden = detail(signed_in(manager), complaint)
    assert hidden.context["submitter_hidden"]
    assert hidden.context["submitter_label"] == "Confidential"
    assert "Sam Submitter" not in hidden.content.decode()
    for person in (submitter, assignee, admin):
        response = detail(signed_in(person), complaint)
        assert not response.context["submitter_hidden"], person
        assert response.context["submitter_label"] == "Sam Submitter"


def test_the_assignee_reveals_a_confidential_submitter_to_a_manager(submitter, manager):
    assignee = grant(UserFactory(), MANAGE)
    complaint = assign_to(ComplaintFactory(submitter=submitter, confidential=True), assignee)
    assert "reveal_form" not in detail(signed_in(manager), complaint).context
    client = signed_in(assignee)
    assert "reveal_form" in detail(client, complaint).context
    client.post(
        reverse("complaints:reveal_submitter", args=[complaint.pk]),
        {"manager": manager.pk, "reason": "Needs to call them back"},
    )
    assert detail(signed_in(manager), complaint).context["submitter_label"] == "Sam Submitter"


def test_nobody_reveals_a_non_confidential_submitter(submitter):
    assignee = grant(UserFactory(), MANAGE)
    complaint = assign_to(ComplaintFactory(submitter=submitter, confidential=False), assignee)
    assert "reveal_form" not in detail(signed_in(assignee), complaint).context
    response = signed_in(assignee).post(
        reverse("complaints:reveal_submitter", args=[complaint.pk]), {}
    )
    assert response.status_code == 403


def test_only_holders_of_the_right_can_be_assigned(submitter, manager):
    complaint = ComplaintFactory(submitter=submitter)
    colleague, inactive = UserFactory(), grant(UserFactory(is_active=False), MANAGE)
    client = signed_in(manager)
    for person in (colleague, inactive):
        client.post(reverse("complaints:assign", args=[complaint.pk]), {"assignee": person.pk})
        complaint.refresh_from_db()
        assert complaint.assignee is None
    admin = UserFactory(is_superuser=True, role="admin")
    client.post(reverse("complaints:assign", args=[complaint.pk]), {"assignee": admin.pk})
    complaint.refresh_from_db()
    assert complaint.assignee == admin


def test_the_complaint_right_alone_does_not_make_a_handler(submitter):
    from guardian.shortcuts import assign_perm

    complaint = ComplaintFactory(submitter=submitter)
    former = UserFactory()
    assign_perm(MANAGE, former, complaint)  # a right on it, but not its assignee
    assert detail(signed_in(former), complaint).status_code == 404
    assigned_without_right = UserFactory()
    Complaint.objects.filter(pk=complaint.pk).update(assignee=assigned_without_right)
    response = detail(signed_in(assigned_without_right), complaint)
    assert response.status_code == 404 or not response.context["can_handle"]


def test_the_assign_service_refuses_people_without_the_right(submitter, manager):
    from django.core.exceptions import ValidationError

    from complaints import services

    complaint = ComplaintFactory(submitter=submitter)
    for person in (UserFactory(), grant(UserFactory(is_active=False), MANAGE)):
        with pytest.raises(ValidationError):
            services.complaint_assign(actor=manager, complaint=complaint, assignee=person)
    services.complaint_assign(actor=manager, complaint=complaint, assignee=manager)
    assert Complaint.objects.get(pk=complaint.pk).assignee == manager


def test_an_assignee_with_the_object_right_only_reveals_a_confidential_submitter(submitter):
    assignee = UserFactory()
    complaint = assign_to(ComplaintFactory(submitter=submitter, confidential=True), assignee)
    assert "reveal_form" in detail(signed_in(assignee), complaint).context


def test_a_reveal_is_honoured_wherever_the_name_is_shown(submitter, manager):
    from complaints import selectors

    assignee = grant(UserFactory(), MANAGE)
    complaint = assign_to(ComplaintFactory(submitter=submitter, confidential=True), assignee)
    other_manager = grant(UserFactory(), MANAGE)
    plain = Complaint.objects.get(pk=complaint.pk)  # not annotated by a list selector
    assert selectors.submitter_label(manager, plain) == "Confidential"
    signed_in(assignee).post(
        reverse("complaints:reveal_submitter", args=[complaint.pk]),
        {"manager": manager.pk, "reason": "Needs to call them back"},
    )
    plain = Complaint.objects.get(pk=complaint.pk)
    assert selectors.submitter_label(manager, plain) == "Sam Submitter"
    assert selectors.submitter_label(other_manager, plain) == "Confidential"
