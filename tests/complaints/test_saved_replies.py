"""Saved replies: shared, managed by complaint managers on a small page (and in the admin),
offered in the update panel."""

import pytest
from django.urls import reverse

from complaints.models import SavedReply
from tests.complaints.factories import ComplaintFactory
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return grant(UserFactory(), "complaints.manage_complaints")


def test_a_manager_adds_changes_and_deletes_a_saved_reply(client, manager):
    client.force_login(manager)
    url = reverse("complaints:saved_replies")
    assert client.post(url, {"title": "Reboot", "body": "Restart it."}).status_code == 302
    saved = SavedReply.objects.get()
    assert saved.updated_by == manager
    edit = reverse("complaints:saved_reply_edit", args=[saved.pk])
    assert (
        client.post(edit, {"title": "Reboot", "body": "Restart, then tell us."}).status_code == 302
    )
    saved.refresh_from_db()
    assert saved.body == "Restart, then tell us."
    complaint = ComplaintFactory()
    body = client.get(complaint.get_absolute_url()).content.decode()
    assert 'name="saved_reply"' in body and "Reboot" in body
    client.post(reverse("complaints:saved_reply_delete", args=[saved.pk]))
    assert not SavedReply.objects.exists()


def test_bad_input_and_duplicates_are_explained(client, manager):
    SavedReply.objects.create(title="Reboot", body="Restart it.")
    client.force_login(manager)
    url = reverse("complaints:saved_replies")
    for data in ({"title": "", "body": ""}, {"title": "Reboot", "body": "Again"}):
        response = client.post(url, data)
        assert response.status_code == 400
        assert 'class="errorlist' in response.content.decode()
    assert SavedReply.objects.count() == 1


def test_employees_cannot_manage_them(client):
    client.force_login(UserFactory())
    response = client.post(reverse("complaints:saved_replies"), {"title": "X", "body": "Y"})
    assert response.status_code == 403
    assert not SavedReply.objects.exists()
