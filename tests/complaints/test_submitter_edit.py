"""A submitter corrects title, description and category while the request is new, and not
after; a handler re-categorises through the update panel (timeline and audit)."""

import pytest
from django.urls import reverse

from complaints.models import Complaint, ComplaintEvent
from intrasphere.models import AuditLog
from tests.complaints.factories import ComplaintFactory
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db
DATA = {"title": "Broken printer tray", "description": "The tray is stuck.", "category": "it"}


@pytest.fixture
def submitter():
    return UserFactory()


def test_the_submitter_edits_a_new_request(client, submitter):
    complaint = ComplaintFactory(submitter=submitter, category="workplace")
    client.force_login(submitter)
    assert "Edit my request" in client.get(complaint.get_absolute_url()).content.decode()
    response = client.post(reverse("complaints:edit", args=[complaint.pk]), DATA)
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.title, complaint.category) == ("Broken printer tray", "it")
    kinds = set(complaint.events.values_list("kind", flat=True))
    assert {ComplaintEvent.Kind.CATEGORY, ComplaintEvent.Kind.EDIT} <= kinds
    assert AuditLog.objects.filter(action="complaints.complaint.edit").count() == 1


@pytest.mark.parametrize("status", ["in_progress", "waiting", "resolved"])
def test_refused_once_handling_started(client, submitter, status):
    complaint = ComplaintFactory(submitter=submitter, status=status)
    client.force_login(submitter)
    assert "Edit my request" not in client.get(complaint.get_absolute_url()).content.decode()
    response = client.post(reverse("complaints:edit", args=[complaint.pk]), DATA)
    assert response.status_code == 403
    complaint.refresh_from_db()
    assert complaint.category == "workplace"


def test_a_handler_cannot_use_the_submitters_edit(client):
    complaint = ComplaintFactory()
    client.force_login(grant(UserFactory(), "complaints.manage_complaints"))
    response = client.post(reverse("complaints:edit", args=[complaint.pk]), DATA)
    assert response.status_code == 403


@pytest.mark.parametrize(
    "bad", [{"title": "abc"}, {"description": ""}, {"category": "moon"}, {"title": "x" * 300}]
)
def test_bad_input_is_explained_and_nothing_saved(client, submitter, bad):
    complaint = ComplaintFactory(submitter=submitter)
    client.force_login(submitter)
    response = client.post(reverse("complaints:edit", args=[complaint.pk]), {**DATA, **bad})
    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()
    assert Complaint.objects.get(pk=complaint.pk).title == complaint.title
    assert not complaint.events.exists()
