"""People by name at phone width: the "To" type-ahead picks a colleague with the keyboard, and
an @mention by name in a forum post notifies the person (issue 22)."""

import pytest
from playwright.sync_api import expect

from accounts.models import Message
from intrasphere.models import Notification
from tests.factories import UserFactory
from tests.forum.factories import topic_with_post

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"viewport": {"width": 390, "height": 844}}


def test_typing_mar_picks_marie_martin_with_the_keyboard(open_page, employee, assert_accessible):
    employee.first_name, employee.last_name = "Eve", "Employee"  # not a Faker "Mark"
    employee.save()
    marie = UserFactory(username="mmartin", first_name="Marie", last_name="Martin")
    UserFactory(username="omar", first_name="Omar", last_name="Sy", department="Legal")
    UserFactory(username="mgone", first_name="Marianne", last_name="Gone", is_active=False)
    page = open_page(employee, **PHONE)
    page.goto("/messages/compose/")
    assert_accessible(page)

    to = page.get_by_role("combobox", name="To")
    expect(to).to_have_attribute("aria-expanded", "false")
    to.press_sequentially("mar")
    listbox = page.get_by_role("listbox")
    expect(listbox.get_by_role("option")).to_have_count(2)  # not the deactivated Marianne
    expect(listbox.get_by_role("option").first).to_contain_text("Marie Martin")
    expect(to).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("status")).to_contain_text("2 colleagues found")
    assert_accessible(page)

    to.press("ArrowDown")
    option = listbox.get_by_role("option", name="Marie Martin")
    expect(option).to_have_attribute("aria-selected", "true")
    expect(to).to_have_attribute("aria-activedescendant", option.get_attribute("id"))
    to.press("Enter")  # picks, does not submit
    expect(to).to_have_value("mmartin")
    expect(to).to_have_attribute("aria-expanded", "false")

    # Escape closes the list without choosing; Down Arrow opens it again on its first option.
    to.fill("")
    to.press_sequentially("marie")
    expect(listbox.get_by_role("option")).to_have_count(1)
    to.press("Escape")
    expect(listbox).to_be_hidden()
    expect(to).to_have_value("marie")
    to.press("ArrowDown")
    expect(listbox.get_by_role("option", name="Marie Martin")).to_have_attribute(
        "aria-selected", "true"
    )
    to.press("Enter")
    expect(to).to_have_value("mmartin")

    page.get_by_label("Subject").fill("Lunch")
    page.get_by_label("Message").fill("Shall we have lunch on Friday?")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Your message is sent.")).to_be_visible()
    assert_accessible(page)
    assert Message.objects.get().recipient == marie


def test_a_mention_by_name_in_a_forum_post_notifies(open_page, employee, assert_accessible):
    employee.first_name, employee.last_name = "Eve", "Employee"
    employee.save()
    marie = UserFactory(username="mmartin", first_name="Marie", last_name="Martin")
    pierre = UserFactory(username="pdubois", first_name="Pierre", last_name="Dubois")
    author = UserFactory(first_name="Ann", last_name="Author")
    topic = topic_with_post(title="Printer on floor 2", author=author)
    page = open_page(employee, **PHONE)
    page.goto(topic.get_absolute_url())
    assert_accessible(page)

    message = page.get_by_label("Message")
    message.press_sequentially("Thanks @Marie Martin, and @pier")
    option = page.get_by_role("option", name="Pierre Dubois")
    expect(option).to_be_visible()
    assert_accessible(page)
    message.press("ArrowDown")
    message.press("Enter")
    expect(message).to_have_value("Thanks @Marie Martin, and @pdubois ")
    message.press_sequentially("too.")
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_text("Reply published.")).to_be_visible()
    reply = page.get_by_role("article").filter(has_text="Thanks")
    expect(reply.get_by_role("link", name="@Marie Martin")).to_have_attribute(
        "href", "/people/mmartin/"
    )
    expect(reply.get_by_role("link", name="@pdubois")).to_have_attribute("href", "/people/pdubois/")
    assert_accessible(page)
    mentions = Notification.objects.filter(kind="forum.mention")
    assert set(mentions.values_list("recipient", flat=True)) == {marie.pk, pierre.pk}

    reader = open_page(marie, **PHONE)
    reader.goto("/notifications/")
    expect(reader.get_by_role("main")).to_contain_text("mentioned you in “Printer on floor 2”")
    assert_accessible(reader)


def test_check_a_user_and_grant_a_right_by_name(open_page, admin_user, assert_accessible):
    admin_user.first_name, admin_user.last_name = "Ada", "Admin"
    admin_user.save()
    pierre = UserFactory(username="pdubois", first_name="Pierre", last_name="Dubois")
    UserFactory(username="pdurand", first_name="Pierre", last_name="Durand", department="Legal")
    page = open_page(admin_user, **PHONE)
    page.goto("/manage/permissions/check/")
    assert_accessible(page)
    who = page.get_by_role("combobox", name="Name or username")
    who.press_sequentially("pierre dub")
    expect(page.get_by_role("listbox").get_by_role("option")).to_have_count(1)
    who.press("ArrowDown")
    who.press("Enter")
    expect(who).to_have_value("pdubois")
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_role("heading", name="Pierre Dubois")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Grant a right").click()
    user = page.get_by_role("combobox", name="User")
    expect(user).to_have_value("pdubois")
    user.fill("")
    user.press_sequentially("pierre")
    listbox = page.get_by_role("listbox", name="Suggestions")
    expect(listbox.get_by_role("option")).to_have_count(2)
    assert_accessible(page)
    user.press("Escape")
    page.get_by_label("Right").select_option("content.manage_events")
    page.get_by_role("button", name="Grant").click()  # "pierre" alone: two people
    expect(
        page.locator("#id_user_error").get_by_text("Several people match “pierre”")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("combobox", name="User").fill("Pierre Dubois")
    page.get_by_role("button", name="Grant").click()
    expect(page.get_by_text("Right granted to Pierre Dubois.")).to_be_visible()
    assert_accessible(page)
    assert [grant.perm for grant in pierre.permission_grants.all()] == ["content.manage_events"]
