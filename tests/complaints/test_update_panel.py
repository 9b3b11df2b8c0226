"""The helpdesk handled in one place: one update panel (reply or note, status, assignee,
priority, category), one POST, one timeline event per change, one notification per person;
"Reply and set to waiting" as one action; the current status preselected; bad input refuses
everything; the API's separate endpoints keep working."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from complaints.models import Complaint, ComplaintEvent, ComplaintReply, SavedReply
from intrasphere.models import AuditLog, Notification
from tests.complaints.factories import ComplaintFactory, assign_to
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db
MANAGE = "complaints.manage_complaints"
Status = Complaint.Status


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def people():
    return {
        "submitter": UserFactory(first_name="Sam", last_name="Submitter"),
        "manager": grant(UserFactory(first_name="Mia", last_name="Manager"), MANAGE),
        "colleague": grant(UserFactory(first_name="Carl", last_name="Colleague"), MANAGE),
    }


def post(client, complaint, **data):
    return client.post(reverse("complaints:update", args=[complaint.pk]), data)


def full(complaint, **changes):
    """Every field of the panel as the page sends it (unchanged values included)."""
    return {
        "body": "",
        "status": complaint.status,
        "assignee": complaint.assignee_id or "",
        "priority": complaint.priority,
        "category": complaint.category,
        **changes,
    }


def test_four_changes_in_one_post_one_coherent_timeline_and_one_notification(people):
    complaint = ComplaintFactory(submitter=people["submitter"], category="workplace")
    client = signed_in(people["manager"])
    response = post(
        client,
        complaint,
        **full(
            complaint,
            body="We are looking into it.",
            status=Status.IN_PROGRESS,
            assignee=people["colleague"].pk,
            priority="high",
            category="it",
        ),
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.status, complaint.priority, complaint.category) == (
        "in_progress",
        "high",
        "it",
    )
    assert complaint.assignee == people["colleague"]
    assert people["colleague"].has_perm(MANAGE, complaint)
    events = list(complaint.events.exclude(kind=ComplaintEvent.Kind.CREATED))
    assert sorted((e.kind, e.from_value, e.to_value) for e in events) == [
        ("assign", "", "Carl Colleague"),
        ("category", "workplace", "it"),
        ("priority", "normal", "high"),
        ("status", "new", "in_progress"),
    ]
    assert {e.actor_id for e in events} == {people["manager"].pk}
    assert ComplaintReply.objects.get(complaint=complaint).body == "We are looking into it."
    # one notification for each person concerned, naming every change
    for person in (people["submitter"], people["colleague"]):
        (notification,) = Notification.objects.filter(recipient=person)
        assert "In progress" in notification.text and "High" in notification.text
    assert not Notification.objects.filter(recipient=people["manager"]).exists()
    assert AuditLog.objects.filter(action="complaints.complaint.category").count() == 1


def test_the_status_list_shows_the_current_status_selected(people):
    complaint = assign_to(ComplaintFactory(status=Status.IN_PROGRESS), people["manager"])
    body = signed_in(people["manager"]).get(complaint.get_absolute_url()).content.decode()
    select = re.search(r'<select name="status".*?</select>', body, re.S)[0]
    assert re.search(r'<option value="in_progress"[^>]*selected', select)
    assert 'value="waiting"' in select and 'value="resolved"' in select


def test_reply_and_set_to_waiting_is_one_action(people):
    complaint = assign_to(
        ComplaintFactory(submitter=people["submitter"], status=Status.IN_PROGRESS),
        people["manager"],
    )
    response = post(
        signed_in(people["manager"]),
        complaint,
        action="reply_wait",
        **full(complaint, body="Which room exactly?"),
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.WAITING and complaint.sla_paused_at is not None
    assert ComplaintReply.objects.filter(complaint=complaint, internal=False).count() == 1
    assert Notification.objects.filter(recipient=people["submitter"]).count() == 1


def test_an_internal_note_alone_does_not_reach_the_submitter(people):
    complaint = assign_to(ComplaintFactory(submitter=people["submitter"]), people["colleague"])
    post(signed_in(people["manager"]), complaint, **full(complaint, body="Check", internal="on"))
    assert ComplaintReply.objects.get().internal
    assert not Notification.objects.filter(recipient=people["submitter"]).exists()
    assert Notification.objects.filter(recipient=people["colleague"]).count() == 1


@pytest.mark.parametrize(
    "bad",
    [
        {"status": Status.CLOSED},  # not a transition from "new"
        {"assignee": "999999"},
        {"priority": "whenever"},
        {"category": "moon"},
    ],
)
def test_bad_input_refuses_everything_with_a_clear_message(people, bad):
    complaint = ComplaintFactory(submitter=people["submitter"])
    data = {**full(complaint, body="A reply", priority="urgent"), **bad}
    response = post(signed_in(people["manager"]), complaint, **data)
    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.priority == "normal" and complaint.status == Status.NEW
    assert not ComplaintReply.objects.exists()
    assert not complaint.events.exclude(kind=ComplaintEvent.Kind.CREATED).exists()
    assert not Notification.objects.exists()


def test_a_refusal_after_valid_changes_rolls_everything_back(people):
    complaint = assign_to(ComplaintFactory(status=Status.CLOSED), people["manager"])
    # category and priority pass, then a closed complaint refuses a new assignee
    data = full(complaint, priority="urgent", category="it", assignee=people["colleague"].pk)
    response = post(signed_in(people["manager"]), complaint, **data)
    assert response.status_code == 400
    assert "cannot be reassigned" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.priority == "normal" and complaint.category == "workplace"
    assert complaint.assignee == people["manager"]
    assert not complaint.events.exists() and not Notification.objects.exists()


def test_nothing_changed_says_so(people):
    complaint = ComplaintFactory()
    response = post(signed_in(people["manager"]), complaint, **full(complaint))
    assert response.status_code == 400
    assert "Nothing to update" in response.content.decode()


def test_the_submitter_cannot_use_the_panel(people):
    complaint = ComplaintFactory(submitter=people["submitter"])
    response = post(signed_in(people["submitter"]), complaint, **full(complaint, priority="urgent"))
    assert response.status_code == 403
    complaint.refresh_from_db()
    assert complaint.priority == "normal"


def test_a_saved_reply_is_inserted_without_javascript(people):
    saved = SavedReply.objects.create(title="Reboot", body="Please restart your computer.")
    complaint = ComplaintFactory()
    response = post(
        signed_in(people["manager"]),
        complaint,
        action="insert",
        saved_reply=saved.pk,
        **full(complaint, body="Hello,"),
    )
    assert response.status_code == 200
    assert "Hello,\n\nPlease restart your computer." in response.content.decode()
    assert not ComplaintReply.objects.exists()
