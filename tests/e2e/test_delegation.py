"""Delegation: an admin gives an employee the right to publish announcements; a must-read
announcement is then published, acknowledged by a colleague, and followed by its author."""

import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_delegated_author_publishes_a_must_read(
    admin_page, open_page, employee, assert_accessible
):
    employee.first_name, employee.last_name = "Éric", "Martin"
    employee.save()
    reader = UserFactory(first_name="Zoé", last_name="Lefèvre")

    # The admin delegates the right on /manage/permissions/.
    admin = admin_page
    admin.goto("/manage/permissions/")
    assert_accessible(admin)
    admin.get_by_role("link", name="Grant a right").first.click()  # header and empty state
    expect(admin.get_by_role("heading", level=1)).to_have_text("Grant a right")
    assert_accessible(admin)
    admin.get_by_label("User").fill("employee")
    admin.get_by_label("Right").select_option("content.manage_announcements")
    admin.get_by_role("button", name="Grant").click()
    expect(admin).to_have_url("/manage/permissions/")
    row = admin.get_by_role("row").filter(has_text="content.manage_announcements")
    expect(row).to_contain_text("Éric Martin")
    expect(row).to_contain_text("In force")
    assert_accessible(admin)

    # The employee now publishes an important announcement.
    author = open_page(employee)
    author.goto("/announcements/")
    assert_accessible(author)
    author.get_by_role("link", name="New announcement").click()
    expect(author.get_by_role("heading", level=1)).to_have_text("New announcement")
    assert_accessible(author)
    author.get_by_label("Title").fill("New badge readers from Monday")
    author.get_by_label("Content").fill("Bring your **old badge** to reception.")
    author.get_by_label("Important").check()
    author.get_by_role("button", name="Publish").click()
    expect(author.get_by_role("heading", level=1)).to_have_text("New badge readers from Monday")
    expect(
        author.get_by_role("status").filter(has_text="The announcement is published.")
    ).to_be_visible()
    assert_accessible(author)

    # A colleague sees it first in "To do" on the dashboard and confirms reading.
    colleague = open_page(reader)
    colleague.goto("/")
    todo = colleague.get_by_role("region", name="To do")
    expect(todo.get_by_role("link", name="Read: New badge readers from Monday")).to_be_visible()
    assert_accessible(colleague)
    todo.get_by_role("button", name="I have read this").click()
    expect(colleague.get_by_role("status").filter(has_text="Must read:")).to_have_count(0)
    assert_accessible(colleague)
    colleague.goto("/")
    expect(colleague.get_by_role("region", name="To do")).to_contain_text("Nothing to do")
    assert_accessible(colleague)

    # The author follows who has read it.
    author.get_by_role("link", name="Who has read it?").click()
    expect(author.get_by_role("heading", level=1)).to_have_text("Who has read it?")
    expect(author.get_by_role("region", name="Not yet read")).not_to_contain_text("Zoé Lefèvre")
    author.get_by_role("navigation", name="Readers").get_by_role("link", name="Read").filter(
        has_not_text="Not yet"
    ).click()
    assert_accessible(author)
    read = author.get_by_role("region", name="Read", exact=True)
    expect(read.get_by_role("listitem")).to_have_count(1)
    expect(read).to_contain_text("Zoé Lefèvre")
    assert_accessible(author)
