"""Signing in and out in the browser, in English and in French; errors and the rate limit."""

import pytest
from playwright.sync_api import expect

from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_in_and_out_in_english(open_page, employee, sign_in_with_form, assert_accessible):
    page = open_page()
    page.goto("/")
    expect(page).to_have_url("/accounts/login/?next=/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert_accessible(page)

    sign_in_with_form(page, "employee", DEFAULT_PASSWORD)
    expect(page).to_have_url("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {employee.name}")
    assert_accessible(page)

    page.locator("details.user-menu summary").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.goto("/")
    expect(page).to_have_url("/accounts/login/?next=/")


def test_sign_in_and_out_in_french(open_page, employee, sign_in_with_form, assert_accessible):
    page = open_page()
    page.goto("/accounts/login/")
    page.get_by_label("Language").select_option("fr")  # the footer switcher acts on submit
    page.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Se connecter")
    expect(page.get_by_label("Nom d’utilisateur")).to_be_visible()
    assert_accessible(page)

    sign_in_with_form(page, "employee", DEFAULT_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Bienvenue, {employee.name}")
    nav = page.get_by_role("navigation", name="Principal")
    expect(nav.get_by_role("link", name="Personnes")).to_be_visible()
    assert_accessible(page)

    page.locator("details.user-menu summary").click()
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Se connecter")


def test_errors_are_tied_to_the_form_and_its_fields(
    open_page, employee, sign_in_with_form, assert_accessible
):
    page = open_page()
    page.goto("/accounts/login/")
    sign_in_with_form(page, "", "")
    expect(page.get_by_label("Username")).to_have_accessible_description("This field is required.")
    expect(page.get_by_label("Username")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)

    sign_in_with_form(page, "employee", "not-the-password")
    expect(page.get_by_role("alert")).to_contain_text("Wrong username or password")
    expect(page.locator("#id_username")).to_have_value("employee")
    expect(page.locator("#id_password")).to_have_value("")
    assert_accessible(page)


def test_the_sixth_attempt_shows_the_rate_limit_page(
    open_page, page_problems, employee, sign_in_with_form, assert_accessible
):
    page_problems.allow(r"status of 429")  # Chromium logs the 429 answer itself
    page = open_page()
    page.goto("/accounts/login/")
    for _attempt in range(5):
        sign_in_with_form(page, "employee", "not-the-password")
        expect(page.get_by_role("alert")).to_contain_text("Wrong username or password")
    with page.expect_response("**/accounts/login/") as answer:
        sign_in_with_form(page, "employee", DEFAULT_PASSWORD)
    assert answer.value.status == 429
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many attempts")
    assert_accessible(page)


def test_the_language_switch_works_without_javascript(open_page, page_problems):
    page = open_page(java_script_enabled=False)
    page.goto("/accounts/login/")
    page.get_by_label("Language").select_option("fr")
    page.get_by_role("button", name="Change").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Se connecter")
    page_problems.skip_audit("/accounts/login/", "axe needs JavaScript; checked in the tests above")
