"""The browser-test harness itself: it must catch what it promises to catch."""

import pytest
from playwright.sync_api import expect

from tests.e2e import chromium

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_missing_chromium_is_an_error_with_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.setattr(chromium.os, "geteuid", lambda: 1000)
    with pytest.raises(chromium.ChromiumUnavailable, match="only root can install it"):
        chromium.ensure_chromium(tmp_path / "chromium")


def test_the_collector_catches_csp_violations_and_script_errors(
    employee_page, page_problems, assert_accessible
):
    page = employee_page
    page.goto("/")
    assert_accessible(page)
    page.evaluate("document.body.setAttribute('style', 'outline: 1px solid red')")
    page.evaluate("setTimeout(() => { throw new Error('boom from a test'); }, 0)")
    expect(page.locator("body")).to_be_visible()  # lets the browser deliver its events
    page.wait_for_timeout(50)
    caught = "\n".join(page_problems.problems)
    assert "CSP violation: style-src" in caught
    assert "boom from a test" in caught
    page_problems.clear()
