"""Saved filters of the handling list: a handler keeps the current filters under a name, opens
them from the list, deletes their own only; bad input explained, nothing saved."""

import pytest
from django.urls import reverse

from complaints.models import SavedFilter
from tests.complaints.factories import ComplaintFactory
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db
URL = reverse("complaints:handling_list")


@pytest.fixture
def handler():
    return grant(UserFactory(), "complaints.manage_complaints")


def test_save_open_and_delete_a_filter(client, handler):
    ComplaintFactory(title="Case urgent", priority="urgent")
    ComplaintFactory(title="Case calm", priority="low")
    client.force_login(handler)
    body = client.get(URL, {"priority": "urgent", "assignee": ""}).content.decode()
    assert "Save these filters as" in body
    response = client.post(
        reverse("complaints:saved_filter_create"),
        {"name": "Urgent ones", "query": "priority=urgent&assignee=&evil=<x>"},
    )
    saved = SavedFilter.objects.get(user=handler)
    assert saved.query == "priority=urgent&assignee="  # unknown keys dropped
    assert response["Location"].endswith("?priority=urgent&assignee=")
    body = client.get(URL).content.decode()
    assert "Urgent ones" in body
    listed = client.get(URL + "?" + saved.query).content.decode()
    assert "Case urgent" in listed and "Case calm" not in listed
    client.post(reverse("complaints:saved_filter_delete", args=[saved.pk]))
    assert not SavedFilter.objects.exists()


def test_bad_names_are_explained_and_nothing_saved(client, handler):
    SavedFilter.objects.create(user=handler, name="Mine", query="status=open")
    client.force_login(handler)
    for name, message in (("", "Give the filter a name."), ("Mine", "already have a filter")):
        response = client.post(
            reverse("complaints:saved_filter_create"),
            {"name": name, "query": "status=new"},
            follow=True,
        )
        assert response.status_code == 200
        assert message in response.content.decode()
    assert SavedFilter.objects.count() == 1


def test_someone_elses_filter_cannot_be_deleted(client, handler):
    other = SavedFilter.objects.create(user=UserFactory(), name="Theirs", query="status=open")
    client.force_login(handler)
    response = client.post(reverse("complaints:saved_filter_delete", args=[other.pk]))
    assert response.status_code == 404
    assert SavedFilter.objects.filter(pk=other.pk).exists()
