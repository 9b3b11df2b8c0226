"""Confidential means confidential (issue 19): a confidential complaint's submitter is named only
to the submitter, the current assignee and administrators; every other complaint manager sees
"Confidential" on the detail page, in the timeline and the conversation, the handling list,
search, the CSV export and notifications. Revealing the name to another manager is an explicit,
audited act of the assignee or an administrator."""

import pytest
from django.urls import reverse

from complaints import services
from complaints.models import ComplaintEvent, SubmitterReveal
from intrasphere.models import AuditLog, Notification
from tests.complaints.factories import ComplaintFactory, assign_to
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db
MANAGE = "complaints.manage_complaints"
NAME = "Wanda Whistle"


@pytest.fixture
def people():
    submitter = UserFactory(username="wanda", first_name="Wanda", last_name="Whistle")
    return {
        "submitter": submitter,
        "assignee": grant(UserFactory(username="hugo", first_name="Hugo", last_name="H"), MANAGE),
        "manager": grant(UserFactory(username="mona", first_name="Mona", last_name="M"), MANAGE),
        "admin": UserFactory(
            username="ada", first_name="Ada", last_name="A", is_superuser=True, is_staff=True
        ),
    }


@pytest.fixture
def complaint(people):
    """Filed, replied to and reopened by the submitter: their name is on the detail page, in
    the conversation and in the timeline (several events)."""
    complaint = services.complaint_submit(
        submitter=people["submitter"],
        title="Zebra harassment",
        description="It happened on Monday.",
        category="hr",
        priority="normal",
        confidential=True,
    )
    services.complaint_assign(
        actor=people["admin"], complaint=complaint, assignee=people["assignee"]
    )
    services.complaint_reply(
        author=people["submitter"], complaint=complaint, body="More details from me."
    )
    services.complaint_reply(author=people["assignee"], complaint=complaint, body="On it.")
    return complaint


def pages(client, user, complaint) -> dict[str, str]:
    client.force_login(user)
    urls = {
        "detail": complaint.get_absolute_url(),
        "handling": reverse("complaints:handling_list") + "?assignee=",
        "search": reverse("search") + "?q=zebra",
        "csv": reverse("complaints:reports_csv"),
    }
    return {name: client.get(url).content.decode() for name, url in urls.items()}


def test_other_managers_see_confidential_everywhere(client, people, complaint):
    seen = pages(client, people["manager"], complaint)
    for name, body in seen.items():
        assert "Whistle" not in body, f"the submitter's name leaks on {name}"
    assert "Confidential" in seen["detail"] and "Confidential" in seen["csv"]
    assert "Confidential" in seen["search"] and "Confidential" in seen["handling"]
    assert "More details from me." in seen["detail"]  # the words, not the name


@pytest.mark.parametrize("who", ["submitter", "assignee", "admin"])
def test_the_submitter_the_assignee_and_administrators_see_the_name(client, people, complaint, who):
    seen = pages(client, people[who], complaint)
    assert NAME in seen["detail"] and NAME in seen["search"]
    if who != "submitter":
        assert NAME in seen["handling"] and NAME in seen["csv"]


def test_notifications_never_name_the_submitter(people, complaint):
    for status in ("in_progress", "resolved"):
        services.complaint_transition(actor=people["assignee"], complaint=complaint, status=status)
    messages = list(Notification.objects.values_list("message", flat=True))
    assert messages and not any("Whistle" in message for message in messages)


def test_a_reassignment_moves_who_sees_the_name(client, people, complaint):
    services.complaint_assign(
        actor=people["admin"], complaint=complaint, assignee=people["manager"]
    )
    assert NAME in pages(client, people["manager"], complaint)["detail"]
    assert "Whistle" not in pages(client, people["assignee"], complaint)["detail"]


# --- the reveal -------------------------------------------------------------------------------


def reveal(client, actor, complaint, manager, reason="HR must contact the submitter."):
    client.force_login(actor)
    return client.post(
        reverse("complaints:reveal_submitter", args=[complaint.pk]),
        {"manager": manager.pk, "reason": reason},
    )


@pytest.mark.parametrize("actor", ["assignee", "admin"])
def test_the_assignee_or_an_administrator_reveals_the_name(client, people, complaint, actor):
    response = reveal(client, people[actor], complaint, people["manager"])
    assert response.status_code == 302
    seen = pages(client, people["manager"], complaint)
    assert NAME in seen["detail"] and NAME in seen["handling"] and NAME in seen["csv"]
    assert NAME in seen["search"]
    event = ComplaintEvent.objects.get(complaint=complaint, kind="reveal")
    assert event.actor == people[actor] and event.comment == "HR must contact the submitter."
    audit = AuditLog.objects.get(action="complaints.complaint.reveal_submitter")
    assert audit.actor == people[actor] and "mona" in audit.summary
    assert Notification.objects.filter(recipient=people["manager"], kind="complaints.revealed")


def test_a_reveal_shows_the_name_to_that_manager_only(client, people, complaint):
    other = grant(UserFactory(username="otto", first_name="Otto", last_name="O"), MANAGE)
    reveal(client, people["assignee"], complaint, people["manager"])
    assert "Whistle" not in pages(client, other, complaint)["detail"]


def test_another_manager_cannot_reveal(client, people, complaint):
    other = grant(UserFactory(username="otto"), MANAGE)
    assert reveal(client, people["manager"], complaint, other).status_code == 403
    assert not SubmitterReveal.objects.exists()


def test_the_submitter_cannot_reveal(client, people, complaint):
    assert reveal(client, people["submitter"], complaint, people["manager"]).status_code == 403


def test_a_reveal_needs_a_manager_and_a_reason(client, people, complaint):
    employee = UserFactory(username="eve")
    assert reveal(client, people["assignee"], complaint, employee).status_code == 400
    response = reveal(client, people["assignee"], complaint, people["manager"], reason="")
    assert response.status_code == 400
    assert not SubmitterReveal.objects.exists()


def test_a_manager_is_revealed_to_once(client, people, complaint):
    reveal(client, people["assignee"], complaint, people["manager"])
    assert reveal(client, people["assignee"], complaint, people["manager"]).status_code == 400
    assert SubmitterReveal.objects.count() == 1


def test_a_complaint_that_is_not_confidential_has_nothing_to_reveal(client, people):
    plain = assign_to(ComplaintFactory(submitter=people["submitter"]), people["assignee"])
    assert reveal(client, people["assignee"], plain, people["manager"]).status_code == 403


def test_the_reveal_form_is_offered_to_the_assignee_only(client, people, complaint):
    assert "Reveal the submitter" in pages(client, people["assignee"], complaint)["detail"]
    assert "Reveal the submitter" not in pages(client, people["manager"], complaint)["detail"]
