"""@mentions in helpdesk replies: they notify the colleagues who may read the reply, and link
to their page in the conversation."""

import pytest

from complaints import services
from intrasphere.models import Notification
from tests.complaints.factories import ComplaintFactory
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db

HANDLE = "complaints.manage_complaints"


def _mentioned(kind="complaints.mention"):
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_an_internal_note_notifies_handlers_only():
    hugo = grant(UserFactory(username="hugo", first_name="Hugo", last_name="Bernard"), HANDLE)
    lea = grant(UserFactory(username="lea", first_name="Léa", last_name="Roux"), HANDLE)
    UserFactory(username="outsider", first_name="Olivier", last_name="Dehors")
    submitter = UserFactory(username="sub", first_name="Sam", last_name="Ubmitter")
    complaint = ComplaintFactory(submitter=submitter)
    services.complaint_reply(
        author=hugo,
        complaint=complaint,
        body="@lea roux can you look? Not for @Sam Ubmitter nor @Olivier Dehors. @Hugo Bernard",
        internal=True,
    )
    assert _mentioned() == {lea.username}


def test_a_public_reply_may_notify_the_submitter(client):
    hugo = grant(UserFactory(username="hugo", first_name="Hugo", last_name="Bernard"), HANDLE)
    submitter = UserFactory(username="sub", first_name="Sam", last_name="Ubmitter")
    complaint = ComplaintFactory(submitter=submitter)
    services.complaint_reply(author=hugo, complaint=complaint, body="Done, @sub.", internal=False)
    assert _mentioned() == {"sub"}
    client.force_login(submitter)
    page = client.get(complaint.get_absolute_url()).text
    assert '<a class="mention" href="/people/sub/">@sub</a>.' in page
