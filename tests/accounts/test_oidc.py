"""Company sign-in (OpenID Connect) against a real provider on a loopback port.

The provider is django-oauth-toolkit with OpenID Connect on (tests/oidc_provider), its RSA key
generated for this run, served in a process of its own; the portal's client code (the library
and accounts/oidc.py) is not mocked: it fetches the discovery document, exchanges the code with
the PKCE verifier, checks the signed ID token against the provider's keys, and reads user-info.
"""

import socket
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from accounts import oidc
from accounts.models import User
from intrasphere.models import AuditLog
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.oidc_provider.harness import CLIENT_ID, CLIENT_SECRET, Provider

CALLBACK = "http://testserver/accounts/sso/callback/"
LOGIN_PAGE = "http://testserver/accounts/login/"


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    running = Provider(tmp_path_factory.mktemp("op"), [CALLBACK], [LOGIN_PAGE])
    yield running
    running.stop()


@pytest.fixture
def sso(settings, provider, db):
    settings.OIDC_DISCOVERY_URL = provider.discovery_url
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_PROVIDER_NAME = "Acme ID"
    settings.OIDC_CREATE_USERS = settings.OIDC_CREATE_USER = False
    settings.OIDC_CLAIMS_MAP = {
        "department": "department",
        "job_title": "position",
        "employee_number": "employee_id",
    }
    settings.OIDC_MODERATOR_GROUPS = ["forum-moderators"]
    oidc.forget_discovery()
    provider.people({})
    yield provider
    oidc.forget_discovery()


def person(username, password="op-password", **claims):
    return {username: {"password": password, "claims": claims}}


def start(client):
    response = client.get(reverse("accounts:oidc_start"))
    assert response.status_code == 302, response.content.decode()[:500]
    return response["Location"]


def callback(client, url):
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == CALLBACK
    return client.get(parts.path, parse_qs(parts.query))


def sign_in(client, provider, username, password="op-password"):
    return callback(client, provider.sign_in(start(client), username, password))


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def test_sign_in_page_offers_the_provider_first(client, sso):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Sign in with Acme ID" in page
    assert page.index("Sign in with Acme ID") < page.index('name="password"')


def test_without_settings_there_is_no_button_and_no_route(client, db, settings):
    settings.OIDC_DISCOVERY_URL = ""
    assert "Sign in with" not in client.get(reverse("accounts:login")).content.decode()
    assert client.get(reverse("accounts:oidc_start")).status_code == 404
    assert client.get(reverse("accounts:oidc_callback")).status_code == 404


def test_the_request_carries_state_nonce_and_pkce(client, sso):
    query = parse_qs(urlsplit(start(client)).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["state"] and query["nonce"] and query["code_challenge"]


def test_a_known_person_signs_in_and_is_updated_from_the_claims(client, sso):
    alice = UserFactory(username="alice", department="Operations", position="Analyst")
    sso.people(
        person(
            "alice",
            given_name="Alice",
            family_name="Martin",
            email="alice@corp.example",
            email_verified=True,
            department="Finance",
            job_title="Controller",
            employee_number="E-4242",
        )
    )
    response = sign_in(client, sso, "alice")
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert signed_in_as(client) == str(alice.pk)
    alice.refresh_from_db()
    assert (alice.first_name, alice.last_name, alice.email) == (
        "Alice",
        "Martin",
        "alice@corp.example",
    )
    assert (alice.department, alice.position, alice.employee_id) == (
        "Finance",
        "Controller",
        "E-4242",
    )
    update = AuditLog.objects.get(action="accounts.user.update", target_id=str(alice.pk))
    assert "department: 'Operations' → 'Finance'" in update.summary
    assert update.actor_label == "system"
    assert AuditLog.objects.filter(action="accounts.sign_in", target_id=str(alice.pk)).exists()

    # The same claims again: nothing changes, nothing more in the audit log.
    client.post(reverse("accounts:logout"))
    assert sign_in(client, sso, "alice").status_code == 302
    assert AuditLog.objects.filter(action="accounts.user.update").count() == 1


def test_an_unknown_person_is_refused_when_accounts_are_not_created(client, sso):
    sso.people(person("stranger", email="stranger@corp.example", email_verified=True))
    response = sign_in(client, sso, "stranger")
    assert response.status_code == 403
    assert "not known to this portal" in response.content.decode()
    assert not User.objects.filter(username__iexact="stranger").exists()
    assert signed_in_as(client) is None


def test_an_unknown_person_gets_an_employee_account_when_creation_is_on(client, sso, settings):
    settings.OIDC_CREATE_USERS = settings.OIDC_CREATE_USER = True
    sso.people(
        person(
            "newcomer",
            given_name="Nora",
            department="Sales",
            groups=["staff", "forum-moderators", "portal-admins"],
        )
    )
    assert sign_in(client, sso, "newcomer").status_code == 302
    nora = User.objects.get(username="newcomer")
    assert (nora.first_name, nora.department) == ("Nora", "Sales")
    # A group makes a moderator; nothing the provider says makes an administrator.
    assert nora.role == User.Role.MODERATOR
    assert not nora.is_superuser and not nora.is_staff
    assert not nora.has_usable_password()
    assert signed_in_as(client) == str(nora.pk)


def test_a_person_is_matched_by_verified_email_when_usernames_differ(client, sso):
    bob = UserFactory(username="bdupont", email="bob@corp.example")
    sso.people(person("bob.dupont", email="bob@corp.example", email_verified=True))
    assert sign_in(client, sso, "bob.dupont").status_code == 302
    assert signed_in_as(client) == str(bob.pk)


def test_an_unverified_email_matches_nobody(client, sso):
    UserFactory(username="carol", email="carol@corp.example")
    sso.people(person("c.other", email="carol@corp.example", email_verified=False))
    assert sign_in(client, sso, "c.other").status_code == 403
    assert signed_in_as(client) is None


def test_a_deactivated_person_stays_out_whatever_the_provider_says(client, sso):
    gone = UserFactory(username="gone", is_active=False, department="Legal")
    sso.people(person("gone", department="Finance"))
    response = sign_in(client, sso, "gone")
    assert response.status_code == 403
    assert "deactivated" in response.content.decode()
    assert signed_in_as(client) is None
    gone.refresh_from_db()
    assert gone.department == "Legal" and not gone.is_active
    assert AuditLog.objects.filter(action="accounts.sign_in.refused").exists()


def test_a_tampered_state_shows_the_error_page(client, sso):
    UserFactory(username="alice")
    sso.people(person("alice"))
    answer = sso.sign_in(start(client), "alice", "op-password")
    response = callback(client, answer.replace("state=", "state=x"))
    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    assert signed_in_as(client) is None


def test_a_replayed_answer_shows_the_error_page(client, sso):
    UserFactory(username="alice")
    sso.people(person("alice"))
    answer = sso.sign_in(start(client), "alice", "op-password")
    assert callback(client, answer).status_code == 302
    client.post(reverse("accounts:logout"))
    response = callback(client, answer)
    assert response.status_code == 400
    assert "already used" in response.content.decode()
    assert signed_in_as(client) is None


def test_a_tampered_nonce_shows_the_error_page(client, sso):
    UserFactory(username="alice")
    sso.people(person("alice"))
    answer = sso.sign_in(start(client), "alice", "op-password")
    session = client.session
    state = parse_qs(urlsplit(answer).query)["state"][0]
    session["oidc_states"][state]["nonce"] = "not-the-one-sent"
    session.save()
    response = callback(client, answer)
    assert response.status_code == 400
    assert signed_in_as(client) is None


def test_an_expired_answer_shows_the_error_page(client, sso, settings):
    UserFactory(username="alice")
    sso.people(person("alice"))
    answer = sso.sign_in(start(client), "alice", "op-password")
    settings.OIDC_STATE_MAX_AGE = -1
    assert callback(client, answer).status_code == 400
    assert signed_in_as(client) is None


def test_the_provider_saying_no_shows_the_error_page(client, sso):
    start(client)
    response = client.get(reverse("accounts:oidc_callback"), {"error": "access_denied"})
    assert response.status_code == 400
    assert "did not let you in" in response.content.decode()


def test_an_unreachable_provider_is_a_message_and_admins_still_sign_in(client, sso, settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings.OIDC_DISCOVERY_URL = f"http://127.0.0.1:{closed_port}/.well-known/openid-configuration"
    settings.LOCAL_LOGIN = "admins"
    oidc.forget_discovery()
    response = client.get(reverse("accounts:oidc_start"))
    assert response.status_code == 503
    assert "cannot be reached" in response.content.decode()
    UserFactory(username="root", role="admin", is_superuser=True, is_staff=True)
    response = client.post(
        reverse("accounts:login"), {"username": "root", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302


def test_local_login_admins_refuses_an_employee_password_with_a_pointer(client, sso, settings):
    settings.LOCAL_LOGIN = "admins"
    UserFactory(username="emma")
    UserFactory(username="root", role="admin", is_superuser=True, is_staff=True)
    response = client.post(
        reverse("accounts:login"), {"username": "emma", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 200
    assert "Sign in with Acme ID instead" in response.content.decode()
    assert signed_in_as(client) is None
    response = client.post(
        reverse("accounts:login"), {"username": "root", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302


def test_signing_out_ends_the_provider_session_too(client, sso):
    UserFactory(username="alice")
    sso.people(person("alice"))
    sign_in(client, sso, "alice")
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    end = urlsplit(response["Location"])
    assert f"{end.scheme}://{end.netloc}" == sso.url
    assert "id_token_hint" in parse_qs(end.query)
    assert signed_in_as(client) is None


@pytest.fixture
def manager_claim(sso, settings):
    settings.OIDC_CLAIMS_MAP = {**settings.OIDC_CLAIMS_MAP, "manager_number": "manager_employee_id"}
    return sso


def test_the_manager_claim_sets_the_manager_at_each_sign_in(client, manager_claim):
    boss = UserFactory(username="boss", employee_id="E-1")
    other = UserFactory(username="other", employee_id="E-2")
    alice = UserFactory(username="alice")
    manager_claim.people(person("alice", manager_number="E-1"))
    assert sign_in(client, manager_claim, "alice").status_code == 302
    alice.refresh_from_db()
    assert alice.manager == boss
    update = AuditLog.objects.get(action="accounts.user.update", target_id=str(alice.pk))
    assert update.summary == "single sign-on: manager: '' → 'boss'"

    client.post(reverse("accounts:logout"))
    manager_claim.people(person("alice", manager_number="E-2"))
    assert sign_in(client, manager_claim, "alice").status_code == 302
    alice.refresh_from_db()
    assert alice.manager == other

    # An employee id nobody has leaves the manager alone.
    client.post(reverse("accounts:logout"))
    manager_claim.people(person("alice", manager_number="E-404"))
    assert sign_in(client, manager_claim, "alice").status_code == 302
    alice.refresh_from_db()
    assert alice.manager == other


def test_a_manager_claim_closing_a_cycle_is_refused_quietly(client, manager_claim, caplog):
    alice = UserFactory(username="alice", employee_id="E-7")
    UserFactory(username="boss", employee_id="E-1", manager=alice)
    manager_claim.people(person("alice", manager_number="E-1", department="Finance"))
    with caplog.at_level("WARNING", logger="intrasphere.identity"):
        response = sign_in(client, manager_claim, "alice")
    assert response.status_code == 302
    assert signed_in_as(client) == str(alice.pk)
    alice.refresh_from_db()
    assert alice.manager is None and alice.department == "Finance"
    assert "manager of alice not set to boss" in caplog.text


def test_a_new_account_gets_its_manager_from_the_claim(client, manager_claim, settings):
    settings.OIDC_CREATE_USERS = settings.OIDC_CREATE_USER = True
    boss = UserFactory(username="boss", employee_id="E-1")
    manager_claim.people(person("newcomer", manager_number="E-1"))
    assert sign_in(client, manager_claim, "newcomer").status_code == 302
    assert User.objects.get(username="newcomer").manager == boss
