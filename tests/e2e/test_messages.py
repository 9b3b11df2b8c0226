"""Messages: an employee writes to a colleague, who sees the unread badge and reads it."""

import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_colleague_reads_a_message(employee_page, open_page, employee, assert_accessible):
    employee.first_name, employee.last_name = "Éric", "Martin"
    employee.save()
    zoe = UserFactory(username="zoe.lefevre", first_name="Zoé", last_name="Lefèvre")

    # The sender finds the colleague by name and writes.
    sender = employee_page
    sender.goto("/messages/")
    assert_accessible(sender)
    sender.get_by_role("link", name="New message").click()
    assert_accessible(sender)
    sender.get_by_role("combobox", name="To").press_sequentially("Lefèvre")
    sender.get_by_role("option", name="Zoé Lefèvre").click()
    expect(sender.get_by_label("To")).to_have_value("zoe.lefevre")
    sender.get_by_label("Subject").fill("Budget review")
    sender.get_by_label("Message").fill("Can we meet on Thursday at 10?")
    sender.get_by_role("button", name="Send").click()
    expect(sender.get_by_text("Your message is sent.")).to_be_visible()
    expect(sender.get_by_text("Not read yet")).to_be_visible()
    assert_accessible(sender)

    # The colleague sees the badge in the header and reads the message.
    reader = open_page(zoe)
    reader.goto("/")
    badge = reader.get_by_role("banner").get_by_role("link", name="1 unread message")
    expect(badge).to_be_visible()
    assert_accessible(reader)
    badge.click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("Messages")
    message = reader.get_by_role("listitem").filter(has_text="Budget review")
    expect(message).to_contain_text("New")
    expect(message).to_contain_text("From Éric Martin")
    assert_accessible(reader)
    message.get_by_role("link", name="Budget review").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("Budget review")
    expect(reader.get_by_text("Can we meet on Thursday at 10?")).to_be_visible()
    expect(reader.get_by_role("banner").get_by_role("link", name="unread message")).to_have_count(0)
    assert_accessible(reader)

    # The sender sees it was read.
    sender.reload()
    expect(sender.get_by_text("Read on")).to_be_visible()
