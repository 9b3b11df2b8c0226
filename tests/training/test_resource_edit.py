"""A training resource is edited (it answered 404 before): title, description, link or a new
file that replaces the old one; bad input explained, nothing saved; managers only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from intrasphere.models import AuditLog
from tests.factories import UserFactory, grant
from tests.training.factories import ResourceFactory
from training.models import Resource

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def manager():
    return grant(UserFactory(), "training.manage_trainings")


def test_a_manager_edits_a_resource_from_the_training_page(client, manager):
    resource = ResourceFactory()
    client.force_login(manager)
    page = client.get(resource.training.get_absolute_url()).content.decode()
    url = reverse("training:resource_edit", args=[resource.pk])
    assert url in page
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "Slides v2", "url": "https://example.com/v2"})
    assert response.status_code == 302
    resource.refresh_from_db()
    assert (resource.title, resource.url) == ("Slides v2", "https://example.com/v2")
    assert AuditLog.objects.filter(action="training.resource.update").count() == 1


def test_a_new_file_replaces_the_old_one(client, manager, django_capture_on_commit_callbacks):
    resource = ResourceFactory(url="")
    client.force_login(manager)
    url = reverse("training:resource_edit", args=[resource.pk])
    first = SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"title": "Slides", "file": first})
    resource.refresh_from_db()
    old_name = resource.file.name
    assert resource.extension == "pdf" and resource.file.storage.exists(old_name)
    second = SimpleUploadedFile("b.pdf", PDF, content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"title": "Slides", "file": second})
    resource.refresh_from_db()
    assert resource.file.name != old_name
    assert not resource.file.storage.exists(old_name)


@pytest.mark.parametrize(
    "bad",
    [
        {"title": "", "url": "https://example.com/x"},
        {"title": "No link", "url": ""},
        {"title": "Bad link", "url": "not a link at all"},
    ],
)
def test_bad_input_is_explained_and_nothing_saved(client, manager, bad):
    resource = ResourceFactory()
    client.force_login(manager)
    response = client.post(reverse("training:resource_edit", args=[resource.pk]), bad)
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert Resource.objects.get(pk=resource.pk).title == "Slides"


def test_an_employee_cannot_edit(client):
    resource = ResourceFactory()
    client.force_login(UserFactory())
    response = client.post(
        reverse("training:resource_edit", args=[resource.pk]), {"title": "Mine", "url": ""}
    )
    assert response.status_code in (403, 404)
    assert Resource.objects.get(pk=resource.pk).title == "Slides"
