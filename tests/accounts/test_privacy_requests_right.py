"""The delegable right `accounts.handle_privacy_requests`: exporting someone's data and
anonymising people, for administrators and its holders only (#27, item 2)."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import User
from accounts.permissions import available_rights
from accounts.services import permission_grant
from accounts.services_privacy import person_anonymise, person_export
from intrasphere.models import AuditLog
from tests.factories import UserFactory, grant
from tests.pages import signed_in

PRIVACY = "accounts.handle_privacy_requests"


@pytest.fixture
def person(db):
    return UserFactory(username="paul.leaver", first_name="Paul", last_name="Leaver")


@pytest.fixture
def user_manager(db):
    return grant(UserFactory(username="hr.manager"), "accounts.manage_users")


@pytest.fixture
def privacy_officer(db, admin_user):
    officer = UserFactory(username="privacy.officer")
    permission_grant(actor=admin_user, user=officer, codename=PRIVACY)  # the delegation page's
    return User.objects.get(pk=officer.pk)


def test_the_right_is_offered_on_the_delegation_pages(db):
    perms = {right.perm for right, _permission in available_rights()}
    assert {PRIVACY, "complaints.handle_concerns"} <= perms


def test_managing_users_is_not_enough(person, user_manager):
    client = signed_in(user_manager)
    assert client.get(reverse("manage:user_export", args=[person.pk])).status_code == 403
    response = client.post(reverse("manage:user_anonymise", args=[person.pk]), {"reason": "left"})
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        person_export(actor=user_manager, user=person, target=io.BytesIO(), reason="asked")
    with pytest.raises(PermissionDenied):
        person_anonymise(actor=user_manager, user=person, reason="left")
    assert User.objects.get(pk=person.pk).anonymised_at is None
    edit = client.get(reverse("manage:user_edit", args=[person.pk])).content.decode()
    assert reverse("manage:user_export", args=[person.pk]) not in edit


def test_the_holder_exports_with_a_reason(person, privacy_officer):
    client = signed_in(privacy_officer)
    url = reverse("manage:user_export", args=[person.pk])
    assert client.get(url).status_code == 200
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 200 and refused.context["form"].errors["reason"]
    response = client.post(url, {"reason": "Access request #12"})
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert "data.json" in archive.namelist()
    entry = AuditLog.objects.get(action="accounts.user.export")
    assert entry.actor == privacy_officer and "Access request #12" in entry.summary


def test_the_holder_anonymises(person, privacy_officer):
    client = signed_in(privacy_officer)
    response = client.post(reverse("manage:user_anonymise", args=[person.pk]), {"reason": "left"})
    assert response.status_code == 302
    assert User.objects.get(pk=person.pk).anonymised_at is not None


def test_the_holder_cannot_anonymise_an_administrator(privacy_officer, admin_user):
    UserFactory(username="other.admin", role="admin", is_superuser=True)
    client = signed_in(privacy_officer)
    response = client.post(
        reverse("manage:user_anonymise", args=[admin_user.pk]), {"reason": "left"}
    )
    assert response.status_code == 403
    assert User.objects.get(pk=admin_user.pk).anonymised_at is None


def test_a_second_export_while_one_is_built_gets_a_clear_message(person, privacy_officer):
    from django.core.cache import cache

    cache.add(f"privacy-export:{person.pk}", 1, 60)  # another export of this person under way
    response = signed_in(privacy_officer).post(
        reverse("manage:user_export", args=[person.pk]), {"reason": "Access request #12"}
    )
    assert response.status_code == 200
    assert "already being built" in response.content.decode()


def test_a_holder_of_the_right_alone_finds_the_person_from_manage(privacy_officer, person):
    """Without `manage_users` the user pages are closed: /manage/ leads to "Privacy requests",
    which finds the person and links to their export and anonymisation."""
    client = signed_in(privacy_officer)
    index = client.get(reverse("manage:index")).content.decode()
    page = reverse("manage:privacy_requests")
    assert f'href="{page}"' in index
    assert client.get(reverse("manage:user_list")).status_code == 403
    found = client.get(page, {"q": "Leaver"}).content.decode()
    assert reverse("manage:user_export", args=[person.pk]) in found
    assert reverse("manage:user_anonymise", args=[person.pk]) in found
    nobody = client.get(page, {"q": "no-such-person"}).content.decode()
    assert "No one matches" in nobody and "paul.leaver" not in nobody


def test_privacy_requests_are_closed_to_user_managers(user_manager):
    client = signed_in(user_manager)
    assert client.get(reverse("manage:privacy_requests"), {"q": "a"}).status_code == 403
