"""A person's data: downloaded by them, exported by an administrator or a command (#27)."""

import io
import json
import zipfile

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.services import message_send
from accounts.services_privacy import person_export
from intrasphere.models import AuditLog
from tests.accounts import privacy_world
from tests.factories import UserFactory, grant


@pytest.fixture
def world(db):
    w = privacy_world.build()
    third = UserFactory(username="third")
    message_send(sender=w["colleague"], recipient=third, subject="Secret", body="Not his business")
    return w


def _unzip(content: bytes) -> tuple[dict, zipfile.ZipFile]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    return json.loads(archive.read("data.json")), archive


def _download(client) -> bytes:
    response = client.post(reverse("accounts:my_data"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return b"".join(response.streaming_content)


def test_the_person_downloads_everything_of_theirs(world, client):
    person = world["person"]
    client.force_login(person)
    assert client.get(reverse("accounts:my_data")).status_code == 200
    data, archive = _unzip(_download(client))
    expected = {
        "accounts.User.profile": 1,
        "accounts.Message.sender": 1,
        "accounts.Message.recipient": 1,
        "forum.Topic.author": 1,
        "forum.Post.author": 1,
        "forum.Like.user": 1,
        "complaints.Complaint.submitter": 1,
        "complaints.replies_received": 1,
        "content.EventRSVP.user": 1,
        "training.Participant.user": 1,
        "training.Certificate.user": 1,
        "intrasphere.Notification.recipient": 3,
        "accounts.ApiToken.user": 1,
    }
    for section, count in expected.items():
        assert len(data[section]) == count, section
    assert data["accounts.User.profile"][0]["email"] == privacy_world.EMAIL
    assert "digest" not in data["accounts.ApiToken.user"][0]
    text = archive.read("data.json").decode()
    assert "Internal: he is fussy" not in text  # a handler's internal note
    assert "Not his business" not in text  # another person's private message
    assert any(name.startswith("files/avatars/") for name in archive.namelist())
    assert "README.txt" in archive.namelist()
    assert AuditLog.objects.filter(action="accounts.user.export", actor=person).exists()


def test_the_download_needs_a_sign_in(client, db):
    response = client.post(reverse("accounts:my_data"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_second_export_while_one_is_built_is_refused(world, client):
    client.force_login(world["person"])
    cache.add(f"privacy-export:{world['person'].pk}", 1, 60)
    response = client.post(reverse("accounts:my_data"), follow=True)
    assert b"already being built" in response.content


def test_downloads_are_rate_limited(world, client, settings):
    settings.RATELIMIT_EXPORT = "1/h"
    client.force_login(world["person"])
    _download(client)
    assert client.post(reverse("accounts:my_data")).status_code == 429


def test_an_administrator_exports_with_a_reason(world, admin_client, admin_user):
    url = reverse("admin:accounts_user_export", args=[world["person"].pk])
    assert admin_client.get(url).status_code == 200
    refused = admin_client.post(url, {"reason": ""})
    assert refused.status_code == 200 and b"reason" in refused.content
    response = admin_client.post(url, {"reason": "request #12"})
    data, _archive = _unzip(b"".join(response.streaming_content))
    assert data["accounts.User.profile"][0]["username"] == privacy_world.USERNAME
    entry = AuditLog.objects.get(action="accounts.user.export", actor=admin_user)
    assert "request #12" in entry.summary


def test_an_employee_cannot_export_someone_else(world, client):
    client.force_login(world["colleague"])
    url = reverse("admin:accounts_user_export", args=[world["person"].pk])
    assert client.post(url, {"reason": "curious"}).status_code == 302  # the admin's sign-in
    assert not AuditLog.objects.filter(action="accounts.user.export").exists()


def test_the_admin_action_leads_to_the_export_page(world, admin_client):
    response = admin_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "export_personal_data", "_selected_action": [world["person"].pk]},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/{world['person'].pk}/export/")


def test_the_command(world, tmp_path):
    target = tmp_path / "out.zip"
    call_command("export_person", privacy_world.USERNAME, "-o", str(target), "--reason", "r")
    data, _archive = _unzip(target.read_bytes())
    assert len(data["forum.Topic.author"]) == 1
    with pytest.raises(CommandError, match="already exists"):
        call_command("export_person", privacy_world.USERNAME, "-o", str(target))
    with pytest.raises(CommandError, match="No account"):
        call_command("export_person", "nobody", "-o", str(tmp_path / "x.zip"))


def test_a_large_export_runs_in_bounded_memory(db, tmp_path):
    """10,000 posts of 2 kB (20 MB of text) export with a peak far below their size."""
    import tracemalloc

    from forum.models import Post
    from intrasphere.privacy import write_export
    from tests.forum.factories import topic_with_post

    person = UserFactory(username="writer")
    topic = topic_with_post(author=person)
    text = "x" * 2000
    Post.objects.bulk_create(
        [Post(topic=topic, author=person, content=text) for _ in range(10_000)], batch_size=1000
    )
    tracemalloc.start()
    try:
        with (tmp_path / "big.zip").open("wb") as target:
            counts = write_export(user=person, target=target)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert counts["forum.Post.author"] == 10_001
    assert peak < 8 * 1024 * 1024, peak


def test_the_index_names_the_site_the_date_and_each_section(world, client):
    client.force_login(world["person"])
    data, archive = _unzip(_download(client))
    today = timezone.now().date().isoformat()
    summary = "\n".join(f"{section}: {len(rows)}" for section, rows in data.items())
    assert archive.read("README.txt").decode() == (
        f"Your personal data in IntraSphere, exported on {today}.\n"
        "data.json holds one list per kind of record; files/ holds the files you uploaded.\n"
        f"\n{summary}\n"
    )


def test_each_export_is_audited_with_its_person_its_address_and_why(world, admin_client, tmp_path):
    person = world["person"]
    client = Client()
    client.force_login(person)
    _download(client)
    admin_client.post(
        reverse("admin:accounts_user_export", args=[person.pk]), {"reason": "  request #12 "}
    )
    call_command("export_person", privacy_world.USERNAME, "-o", str(tmp_path / "a.zip"))
    person_export(actor=person, user=person, target=io.BytesIO())  # no reason: their own data
    entries = AuditLog.objects.filter(action="accounts.user.export").order_by("pk")
    assert [(e.actor_label, e.summary, e.ip_address) for e in entries] == [
        (privacy_world.USERNAME, "own data", "127.0.0.1"),
        ("admin", "reason: request #12", "127.0.0.1"),
        ("system", "no reason given", None),
        (privacy_world.USERNAME, "own data", None),
    ]
    assert {(e.target_type, e.target_id) for e in entries} == {("accounts.user", str(person.pk))}


def test_exporting_someone_else_is_refused_word_for_word(world):
    person = world["person"]
    manager = grant(UserFactory(username="hr.manager"), "accounts.manage_users")
    with pytest.raises(PermissionDenied) as refused:
        person_export(actor=manager, user=person, target=io.BytesIO(), reason="asked")
    assert str(refused.value) == (
        "Only the person or someone handling personal data requests can export it."
    )
    officer = grant(UserFactory(username="officer"), "accounts.handle_privacy_requests")
    with pytest.raises(ValidationError) as refused:
        person_export(actor=officer, user=person, target=io.BytesIO(), reason="   ")
    assert refused.value.messages == ["Give the reason for exporting another person's data."]
    assert not AuditLog.objects.filter(action="accounts.user.export").exists()
