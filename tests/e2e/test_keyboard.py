"""Keyboard use: the skip link comes first, every main control is reachable, focus is visible."""

import pytest
from playwright.sync_api import expect

from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

FOCUS_IS_VISIBLE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  const onScreen = box.width > 0 && box.height > 0 && box.left >= 0 && box.top >= 0
    && box.right <= window.innerWidth && box.bottom <= window.innerHeight;
  return outlined && onScreen;
}"""


def tab_to(page, expected_name: str) -> None:
    """Press Tab once: focus lands on `expected_name`, visibly."""
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_accessible_name(expected_name)
    assert page.evaluate(FOCUS_IS_VISIBLE), f"no visible focus on {expected_name!r}"


def test_keyboard_only_sign_in_tour_and_sign_out(open_page, employee, assert_accessible):
    page = open_page()
    page.goto("/accounts/login/")
    assert_accessible(page)
    expect(page.get_by_label("Username")).to_be_focused()  # the form's autofocus
    page.keyboard.type("employee")
    tab_to(page, "Password")
    page.keyboard.type(DEFAULT_PASSWORD)
    tab_to(page, "Sign in")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    assert_accessible(page)
    tab_to(page, "Skip to content")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    tab_to(page, "1 Colleagues")  # the first control inside the main content

    page.reload()
    for name in ["Skip to content", "IntraSphere", "Home", "People", "Search", "Notifications"]:
        tab_to(page, name)
    tab_to(page, employee.name)  # the user menu
    page.keyboard.press("Enter")
    tab_to(page, "My profile")
    tab_to(page, "Sign out")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
