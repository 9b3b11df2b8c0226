"""Publishing with confidence (issue 22): an editor writes an announcement with the toolbar,
checks the preview and the audience's reach, publishes it; a reader in that audience sees the
card with its excerpt, reacts and comments."""

import pytest
from playwright.sync_api import expect

from accounts.models import EmployeeCategory
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_editor_writes_previews_and_publishes_an_announcement(
    open_page, employee, assert_accessible
):
    EmployeeCategory.objects.create(name="Field staff")
    reader = UserFactory(first_name="Zoé", last_name="Lefèvre", department="Finance")
    UserFactory(department="Finance")
    editor = open_page(grant(employee, "content.manage_announcements"))
    editor.goto("/announcements/new/")
    expect(editor.get_by_role("heading", level=1)).to_have_text("New announcement")
    assert_accessible(editor)

    editor.get_by_label("Title").fill("Team lunch on Friday")
    content = editor.get_by_label("Content")
    content.fill("Team lunch")
    content.press("Control+A")
    toolbar = editor.get_by_role("group", name="Formatting")
    toolbar.get_by_role("button", name="Heading").click()
    content.press("Control+End")
    content.press_sequentially("\n\nJoin us ")
    toolbar.get_by_role("button", name="Bold").click()
    editor.keyboard.type("in the garden")
    expect(content).to_have_value("## Team lunch\n\nJoin us **in the garden**")

    # The audience lists the real choices; the reach follows them.
    audience = editor.get_by_role("group", name="Audience")
    expect(audience.get_by_label("Field staff")).to_be_visible()
    audience.get_by_label("Finance").check()
    expect(audience.get_by_text("Reaches 2 people")).to_be_visible()

    # The preview is the server's rendering.
    editor.get_by_role("tab", name="Preview").click()
    preview = editor.get_by_role("tabpanel", name="Preview")
    expect(preview.locator("strong")).to_have_text("in the garden")
    expect(preview.get_by_role("heading", name="Team lunch")).to_be_visible()
    expect(toolbar).to_be_hidden()
    assert_accessible(editor)
    editor.get_by_role("tab", name="Write").click()
    expect(content).to_be_visible()

    editor.get_by_role("button", name="Publish").click()
    expect(editor.get_by_role("heading", level=1)).to_have_text("Team lunch on Friday")
    expect(
        editor.get_by_role("status").filter(has_text="The announcement is published.")
    ).to_be_visible()
    assert_accessible(editor)

    # A reader in Finance sees the card with its excerpt, reacts and comments.
    page = open_page(reader)
    page.goto("/announcements/")
    card = page.get_by_role("article", name="Team lunch on Friday")
    expect(card).to_contain_text("Team lunch Join us in the garden")
    assert_accessible(page)
    card.get_by_role("link", name="Team lunch on Friday").click()
    page.get_by_role("button", name="Thanks 0").click()
    expect(page.get_by_role("button", name="Thanks 1")).to_have_attribute("aria-pressed", "true")
    page.get_by_label("Your comment").fill("See you **there**")
    page.get_by_role("button", name="Add a comment").click()
    comments = page.get_by_role("region", name="Comments")
    expect(comments.locator(".prose strong")).to_have_text("there")
    assert_accessible(page)
