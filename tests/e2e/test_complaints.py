"""Complaints: an employee files a confidential complaint; a handler assigns it, writes an internal
note and a reply, and resolves it; the submitter sees the reply, never the note."""

import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_confidential_complaint_is_handled(employee_page, open_page, employee, assert_accessible):
    employee.first_name, employee.last_name = "Éric", "Martin"
    employee.save()
    handler_user = grant(
        UserFactory(username="hugo", first_name="Hugo", last_name="Bernard"),
        "complaints.manage_complaints",
    )

    # The employee files a confidential complaint.
    submitter = employee_page
    submitter.goto("/complaints/")
    assert_accessible(submitter)
    submitter.get_by_role("link", name="File a request").first.click()
    assert_accessible(submitter)
    submitter.get_by_label("Title").fill("Broken heating in room 204")
    submitter.get_by_label("Description").fill("It has been cold since Monday.")
    submitter.get_by_label("Category").select_option(label="Workplace and facilities")
    submitter.get_by_label("Confidential").check()
    submitter.get_by_role("button", name="Submit the request").click()
    expect(submitter.get_by_text("Your request was filed.")).to_be_visible()
    expect(submitter.get_by_role("heading", level=1)).to_contain_text("Broken heating in room 204")
    assert_accessible(submitter)
    complaint_url = submitter.url

    # The handler sees it without the submitter's name, and takes it.
    handler = open_page(handler_user)
    handler.goto("/complaints/handling/")
    row = handler.get_by_role("row").filter(has_text="Broken heating in room 204")
    expect(row).to_contain_text("Confidential")
    expect(row).not_to_contain_text("Éric Martin")
    assert_accessible(handler)
    row.get_by_role("link", name="Broken heating in room 204").click()

    # One update panel: a note, the assignee and the status in one go, then a reply.
    panel = handler.get_by_role("form", name="Update the request")
    panel.get_by_label("Reply").fill("Checked the history: the boiler was serviced last week.")
    panel.get_by_label("Internal note").check()
    # The assignee is the people type-ahead over the handlers (a plain select without script).
    assignee = panel.get_by_role("combobox", name="Assignee")
    assignee.press_sequentially("bern")
    expect(handler.get_by_role("listbox", name="Suggestions").get_by_role("option")).to_have_count(
        1
    )
    assert_accessible(handler)
    assignee.press("ArrowDown")
    assignee.press("Enter")
    expect(assignee).to_have_value("Hugo Bernard (hugo, Operations)")
    expect(panel.get_by_label("Status")).to_have_value("new")  # the current one
    panel.get_by_label("Status").select_option(label="In progress")
    panel.get_by_role("button", name="Update", exact=True).click()
    expect(handler.get_by_text("Request updated")).to_be_visible()
    assert_accessible(handler)
    conversation = handler.get_by_role("region", name="Conversation")
    panel.get_by_label("Reply").fill("A technician comes tomorrow morning.")
    panel.get_by_label("Status").select_option(label="Resolved")
    panel.get_by_role("button", name="Update", exact=True).click()
    expect(handler.get_by_text("Request updated")).to_be_visible()
    messages = conversation.locator("ol.thread > li.thread-message")
    expect(messages).to_have_count(2)
    expect(messages.first).to_contain_text("Internal note")
    # the changes are lines of the same thread, between the messages
    changes = conversation.locator("ol.thread > li.thread-event")
    expect(changes.filter(has_text="New → In progress")).to_have_count(1)
    expect(changes.filter(has_text="Assignment")).to_have_count(1)

    actions = handler.get_by_role("complementary", name="Details and actions")
    expect(actions.get_by_role("definition").filter(has_text="Hugo Bernard")).to_be_visible()
    expect(handler.get_by_role("main").get_by_text("Resolved", exact=True).first).to_be_visible()
    assert_accessible(handler)

    # The submitter reads the reply; the note stays internal.
    submitter.goto(complaint_url)
    conversation = submitter.get_by_role("region", name="Conversation")
    expect(conversation).to_contain_text("A technician comes tomorrow morning.")
    expect(conversation).not_to_contain_text("boiler")
    expect(submitter.get_by_role("main")).not_to_contain_text("Internal note")
    expect(submitter.get_by_text("Resolved", exact=True).first).to_be_visible()
    assert_accessible(submitter)
