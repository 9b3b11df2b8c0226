"""Company sign-in in the browser: the portal's button, the real provider's page (the test
provider of tests/oidc_provider on a loopback port), back to the portal signed in; signing out
ends the provider's session too."""

import copy

import pytest
from playwright.sync_api import expect

from accounts import oidc
from tests.factories import UserFactory
from tests.oidc_provider.harness import CLIENT_ID, CLIENT_SECRET, Provider

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def provider(tmp_path, live_server, settings):
    running = Provider(
        tmp_path / "op",
        [f"{live_server.url}/accounts/sso/callback/"],
        [f"{live_server.url}/accounts/login/"],
    )
    settings.OIDC_DISCOVERY_URL = running.discovery_url
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_PROVIDER_NAME = "Acme ID"
    settings.OIDC_CLAIMS_MAP = {"department": "department"}
    # What the settings add when company sign-in is configured: sign-out may go on to it.
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"].append(running.url)
    settings.CONTENT_SECURITY_POLICY = policy
    oidc.forget_discovery()
    yield running
    oidc.forget_discovery()
    running.stop()


def test_sign_in_with_the_company_account_and_out(
    open_page, provider, page_problems, assert_accessible
):
    alice = UserFactory(username="alice", department="Operations")
    provider.people({"alice": {"password": "op-password", "claims": {"department": "Finance"}}})
    for path in ("/login/", "/o/authorize/", "/o/logout/"):
        page_problems.skip_audit(path, "the test provider's own page, not the portal's")
    page_problems.allow(r"404 .*/favicon\.ico")  # the test provider has no icon
    page = open_page()
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.get_by_role("link", name="Sign in with Acme ID").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Test provider")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("op-password")
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {alice.name}")
    assert_accessible(page)
    alice.refresh_from_db()
    assert alice.department == "Finance"

    page.locator("details.user-menu summary").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url("/accounts/login/")
    # The provider's session ended too: the button asks for the password again.
    page.get_by_role("link", name="Sign in with Acme ID").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Test provider")
