"""In-app notifications: the header badge, the list and mark-all-read."""

import re

import pytest
from playwright.sync_api import expect

from intrasphere.services import notification_send

pytestmark = pytest.mark.django_db(transaction=True)


def test_mark_all_notifications_read(employee_page, employee, assert_accessible):
    notification_send(recipients=[employee], kind="test", message="Your badge is ready")
    notification_send(recipients=[employee], kind="test", message="The canteen menu changed")
    page = employee_page
    page.goto("/")
    header_link = page.get_by_role("banner").get_by_role("link", name=re.compile("^Notifications"))
    expect(header_link).to_have_accessible_name("Notifications, 2 unread")
    expect(header_link.locator(".count-badge")).to_have_text("2")
    assert_accessible(page)

    header_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    badge = page.locator("[data-notification-group]", has_text="Your badge is ready")
    expect(badge).to_be_visible()
    # Each "Mark as read" names its notification (hidden context: unique accessible names).
    expect(badge.get_by_role("button", name="Your badge is ready")).to_have_text(
        re.compile(r"^Mark as read\W+Your badge is ready$")
    )
    expect(page.locator("main .badge", has_text="New")).to_have_count(2)
    assert_accessible(page)

    page.get_by_role("button", name="Mark all as read").click()
    expect(page.get_by_role("status")).to_have_text("2 notifications marked as read.")
    expect(page.locator("main .badge", has_text="New")).to_have_count(0)
    expect(page.get_by_role("button", name="Mark all as read")).to_have_count(0)
    expect(header_link).to_have_accessible_name("Notifications")
    expect(header_link.locator(".count-badge")).to_have_count(0)
    assert_accessible(page)
