"""The manager (reports-to) from the directory's `manager` attribute (a DN), against a real
OpenLDAP server (tests/ldap_server): `sync_directory`'s second pass and the directory sign-in."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from intrasphere.models import AuditLog
from tests.factories import UserFactory
from tests.ldap_server.harness import SUFFIX, Directory, person_ldif


def dn(uid: str) -> str:
    return f"uid={uid},ou=people,{SUFFIX}"


# carol comes first and reports to alice, who reports to dave (entries in any order); erin's
# manager is a DN nobody was synced from; the DN of alice's manager is written loosely.
PEOPLE = "\n".join(
    [
        person_ldif("carol", manager=dn("alice")),
        person_ldif("alice", manager=f"UID=dave, ou=People,{SUFFIX}"),
        person_ldif("dave"),
        person_ldif("erin", manager=dn("ghost")),
    ]
)


@pytest.fixture
def directory(tmp_path, settings, db):
    server = Directory(tmp_path / "slapd", PEOPLE)
    settings.LDAP_SERVER_URI = server.uri
    settings.LDAP_BIND_DN = server.bind_dn
    settings.LDAP_BIND_PASSWORD = server.bind_password
    settings.LDAP_USER_SEARCH_BASE = server.people_base
    settings.LDAP_USER_FILTER = "(uid=%(user)s)"
    settings.LDAP_ATTR_MAP = {}
    settings.LDAP_MODERATOR_GROUP_DN = ""
    yield server
    server.stop()


def sync(*args):
    out = StringIO()
    call_command("sync_directory", *args, stdout=out)
    return out.getvalue()


def managers():
    return dict(User.objects.values_list("username", "manager__username"))


def test_the_sync_sets_managers_whatever_the_order_and_skips_an_unknown_dn(directory):
    report = sync()
    assert "created: 4" in report
    assert "manager set: 2, manager refused: 0, manager skipped: 1" in report
    assert f"manager skipped: erin (no account synced from {dn('ghost')})" in report
    assert managers() == {"carol": "alice", "alice": "dave", "dave": None, "erin": None}
    carol = User.objects.get(username="carol")
    entry = AuditLog.objects.get(action="accounts.user.update", target_id=str(carol.pk))
    assert entry.summary == "directory: manager: '' → 'alice'"

    again = sync()
    assert "manager set: 0" in again and "updated: 0" in again

    # The directory moves carol to dave: the next run follows.
    directory.modify(
        f"dn: {dn('carol')}\nchangetype: modify\nreplace: manager\nmanager: {dn('dave')}\n"
    )
    assert "manager set: carol (manager: 'alice' → 'dave')" in sync()
    assert managers()["carol"] == "dave"


def test_a_reporting_cycle_is_refused_in_the_report_not_raised(directory):
    directory.modify(
        f"dn: {dn('dave')}\nchangetype: modify\nadd: manager\nmanager: {dn('carol')}\n"
    )
    report = sync()
    assert "manager refused: 1" in report
    assert "manager refused: dave (manager 'carol': " in report
    assert managers()["dave"] is None
    assert (managers()["carol"], managers()["alice"]) == ("alice", "dave")


def test_a_dry_run_reports_the_managers_and_writes_nothing(directory):
    report = sync("--dry-run")
    assert "manager set: carol (manager: '' → 'alice')" in report
    assert "manager set: 2, manager refused: 0, manager skipped: 1" in report
    assert not User.objects.exists()


def test_the_manager_attribute_can_be_turned_off(directory, settings):
    settings.LDAP_MANAGER_ATTR = ""
    report = sync()
    assert "manager set: 0, manager refused: 0, manager skipped: 0" in report
    assert set(managers().values()) == {None}


def test_a_manager_set_in_the_portal_is_kept_when_the_entry_names_none(directory):
    sync()
    zoe = UserFactory(username="zoe")
    dave = User.objects.get(username="dave")
    dave.manager = zoe
    dave.save()
    assert "manager set: 0" in sync()
    assert managers()["dave"] == "zoe"


def test_signing_in_with_the_directory_sets_the_manager(client, directory):
    sync()
    User.objects.filter(username="alice").update(manager=None)
    response = client.post(
        reverse("accounts:login"), {"username": "alice", "password": "dir-password"}
    )
    assert response.status_code == 302
    assert managers()["alice"] == "dave"
    alice = User.objects.get(username="alice")
    assert AuditLog.objects.filter(
        action="accounts.user.update",
        target_id=str(alice.pk),
        summary="directory: manager: '' → 'dave'",
    ).exists()


def test_signing_in_never_closes_a_reporting_cycle(client, directory):
    sync()
    dave = User.objects.get(username="dave")
    directory.modify(
        f"dn: {dn('dave')}\nchangetype: modify\nadd: manager\nmanager: {dn('carol')}\n"
    )
    response = client.post(
        reverse("accounts:login"), {"username": "dave", "password": "dir-password"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(dave.pk)
    assert managers()["dave"] is None
