"""The company directory against a real OpenLDAP server (Debian's slapd on a loopback port,
started per test with a temporary configuration and a small tree: tests/ldap_server).

Without slapd these tests fail (they never skip): `make test` installs slapd and ldap-utils.
"""

import contextlib
import socket
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from accounts.models import User
from intrasphere.locks import job_lock, lock_key
from intrasphere.models import AuditLog
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.ldap_server.harness import Directory, group_ldif, person_ldif

PEOPLE = (
    person_ldif("alice", givenName="Alice", sn="Martin", mail="alice@corp.example", ou="Finance")
    + "\n"
    + person_ldif("bob", givenName="Bob", sn="Durand", mail="bob@corp.example", ou="Sales")
    + "\n"
    + group_ldif("moderators", ["bob"])
)


@pytest.fixture
def ldap_server(tmp_path):
    server = Directory(tmp_path / "slapd", PEOPLE)
    yield server
    server.stop()


@pytest.fixture
def directory(ldap_server, settings, db):
    settings.LDAP_SERVER_URI = ldap_server.uri
    settings.LDAP_BIND_DN = ldap_server.bind_dn
    settings.LDAP_BIND_PASSWORD = ldap_server.bind_password
    settings.LDAP_USER_SEARCH_BASE = ldap_server.people_base
    settings.LDAP_USER_FILTER = "(uid=%(user)s)"
    settings.LDAP_ATTR_MAP = {"ou": "department"}
    settings.LDAP_MODERATOR_GROUP_DN = f"cn=moderators,{ldap_server.groups_base}"
    return ldap_server


def sync(*args):
    out = StringIO()
    call_command("sync_directory", *args, stdout=out)
    return out.getvalue()


def login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_sign_in_with_the_directory_password(client, directory):
    response = login(client, "alice", "dir-password")
    assert response.status_code == 302
    alice = User.objects.get(username="alice")
    assert client.session["_auth_user_id"] == str(alice.pk)
    assert (alice.first_name, alice.department, alice.email) == (
        "Alice",
        "Finance",
        "alice@corp.example",
    )
    assert not alice.has_usable_password()
    assert alice.directory_dn == f"uid=alice,{directory.people_base}"
    assert client.get(reverse("dashboard")).status_code == 200


def test_sign_in_updates_a_known_person_from_the_directory(client, directory):
    bob = UserFactory(username="Bob", department="Old")
    assert login(client, "bob", "dir-password").status_code == 302
    bob.refresh_from_db()
    assert bob.department == "Sales"
    assert bob.role == User.Role.MODERATOR  # member of LDAP_MODERATOR_GROUP_DN
    entry = AuditLog.objects.get(action="accounts.user.update", target_id=str(bob.pk))
    assert "directory: " in entry.summary and "'Old' → 'Sales'" in entry.summary


def test_a_wrong_directory_password_counts_toward_the_limits(client, directory):
    for _attempt in range(5):
        response = login(client, "alice", "wrong")
        assert response.status_code == 200
        assert "Wrong username or password" in response.content.decode()
    assert login(client, "alice", "dir-password").status_code == 429


def test_an_active_directory_like_filter(client, directory, settings):
    directory.add(person_ldif("c.dupont", sAMAccountName="cdupont", department="Legal"))
    settings.LDAP_USER_FILTER = "(sAMAccountName=%(user)s)"
    settings.LDAP_ATTR_MAP = {"department": "department"}
    assert login(client, "cdupont", "dir-password").status_code == 302
    assert User.objects.get(username="cdupont").department == "Legal"
    report = sync("--dry-run")
    assert "created: 0" in report  # alice and bob have no sAMAccountName: not matched


def test_dry_run_changes_nothing_and_reports(directory):
    before = AuditLog.objects.count()
    report = sync("--dry-run")
    assert "created: alice" in report and "created: bob" in report
    assert "Would be (dry run): created: 2, updated: 0, deactivated: 0" in report
    assert not User.objects.filter(username__in=["alice", "bob"]).exists()
    assert AuditLog.objects.count() == before


def test_a_run_creates_updates_deactivates_and_a_second_run_has_nothing_to_do(directory):
    admin = UserFactory(username="alice-admin", role="admin", is_superuser=True, is_staff=True)
    bob = UserFactory(username="bob", department="Old")
    local = UserFactory(username="local-only")  # made in the portal: the sync leaves it alone
    report = sync()
    assert "Done: created: 1, updated: 1, deactivated: 0, unchanged: 0, refused: 0" in report
    assert User.objects.get(username="alice").department == "Finance"
    bob.refresh_from_db()
    assert (bob.department, bob.role) == ("Sales", User.Role.MODERATOR)

    directory.delete(f"uid=alice,{directory.people_base}")
    directory.modify(
        f"dn: uid=bob,{directory.people_base}\nchangetype: modify\nreplace: ou\nou: Support\n"
    )
    report = sync()
    assert "Done: created: 0, updated: 1, deactivated: 1, unchanged: 0, refused: 0" in report
    assert "deactivated: alice (no longer in the directory)" in report
    alice = User.objects.get(username="alice")  # deactivated, never deleted
    assert not alice.is_active
    assert User.objects.get(username="bob").department == "Support"

    report = sync()
    assert "Nothing to do" in report
    assert "created: 0, updated: 0, deactivated: 0, unchanged: 1" in report
    for untouched in (admin, local):
        untouched.refresh_from_db()
        assert untouched.is_active


def test_the_directory_never_touches_an_administrator(directory):
    admin = UserFactory(username="alice", role="admin", is_superuser=True, department="IT")
    report = sync()
    assert "refused: alice (administrator: never changed by the directory)" in report
    admin.refresh_from_db()
    assert admin.department == "IT" and admin.is_superuser


def test_an_administrator_never_signs_in_with_a_directory_password(client, directory):
    UserFactory(username="alice", role="admin", is_superuser=True, is_staff=True)
    assert login(client, "alice", "dir-password").status_code == 200
    assert "_auth_user_id" not in client.session
    assert login(client, "alice", DEFAULT_PASSWORD).status_code == 302  # the portal's own


@contextlib.contextmanager
def held_elsewhere(name):
    """The job lock `name` held by another session (an advisory lock is re-entrant in its own
    session, so with PostgreSQL a second connection holds it; SQLite: the file lock)."""
    if connection.vendor != "postgresql":
        with job_lock(name) as acquired:
            assert acquired
            yield
        return
    other = connection.get_new_connection(connection.get_connection_params())
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [lock_key(name)])
            assert cursor.fetchone()[0]
        yield
    finally:
        other.close()


def test_one_run_at_a_time(directory):
    with held_elsewhere("sync-directory"), pytest.raises(CommandError, match="in progress"):
        sync()
    assert not User.objects.filter(username="alice").exists()


def test_an_unreachable_directory_is_a_clear_message_and_local_admins_sign_in(
    client, directory, settings
):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        settings.LDAP_SERVER_URI = f"ldap://127.0.0.1:{probe.getsockname()[1]}"
    with pytest.raises(CommandError, match="cannot be reached"):
        sync()
    response = login(client, "alice", "dir-password")
    assert response.status_code == 200
    assert "directory cannot be reached" in response.content.decode()
    UserFactory(username="root", role="admin", is_superuser=True, is_staff=True)
    assert login(client, "root", DEFAULT_PASSWORD).status_code == 302


@pytest.fixture
def large_directory(tmp_path, settings, db):
    """More people than one plain search may return (`size_limit`, AD's 1000 in small)."""
    people = "\n".join(person_ldif(f"person{number:02}") for number in range(12))
    server = Directory(tmp_path / "slapd-large", people, size_limit=5)
    settings.LDAP_SERVER_URI = server.uri
    settings.LDAP_BIND_DN = server.bind_dn
    settings.LDAP_BIND_PASSWORD = server.bind_password
    settings.LDAP_USER_SEARCH_BASE = server.people_base
    settings.LDAP_USER_FILTER = "(uid=%(user)s)"
    settings.LDAP_MODERATOR_GROUP_DN = ""
    yield server
    server.stop()


def test_the_sync_reads_a_directory_larger_than_its_size_limit_page_by_page(
    large_directory, settings
):
    settings.LDAP_PAGE_SIZE = 4  # three pages for twelve people
    report = sync()
    assert "Done: created: 12, updated: 0, deactivated: 0" in report
    assert User.objects.filter(username__startswith="person").count() == 12

    large_directory.delete(f"uid=person11,{large_directory.people_base}")
    report = sync()  # nobody is deactivated for being on a page not read
    assert "deactivated: 1, unchanged: 11" in report
    assert "deactivated: person11 (no longer in the directory)" in report


def test_a_page_larger_than_the_server_allows_still_reads_everyone(large_directory, settings):
    settings.LDAP_PAGE_SIZE = 500  # the server answers 5 a page
    assert "Done: created: 12," in sync()
