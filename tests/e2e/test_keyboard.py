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
    page.keyboard.press("Tab")  # the first control inside the main content
    assert page.evaluate("document.activeElement.closest('main') !== null")

    page.reload()
    # Every header control, in document order, is reached by Tab with a visible focus.
    header_controls = page.locator(
        "header a, header input, header button:visible, header summary"
    ).evaluate_all(
        "els => els.filter(e => e.offsetParent !== null && !e.closest('.menu'))"
        ".map(e => e.getAttribute('aria-label') || e.innerText.trim() || e.title"
        " || (e.labels && e.labels[0] && e.labels[0].innerText.trim()) || '')"
    )
    tab_to(page, "Skip to content")
    for name in header_controls[:-1]:
        page.keyboard.press("Tab")
        assert page.evaluate(FOCUS_IS_VISIBLE), f"no visible focus on {name!r}"
    tab_to(page, employee.name)  # the user menu, last in the header
    page.keyboard.press("Enter")
    tab_to(page, "My profile")
    for _ in range(10):  # the menu's other links, then "Sign out"
        page.keyboard.press("Tab")
        assert page.evaluate(FOCUS_IS_VISIBLE)
        if page.locator(":focus").inner_text().strip() == "Sign out":
            break
    expect(page.locator(":focus")).to_have_accessible_name("Sign out")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
