"""Forum: a topic, a reply quoting it with a mention, a like; a moderator approves a reply."""

import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory
from tests.forum.factories import CategoryFactory, topic_with_post

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_discussion_with_a_quote_a_mention_and_a_like(
    employee_page, open_page, employee, assert_accessible
):
    CategoryFactory(name="Office life", slug="office-life")
    zoe = UserFactory(username="zoe", first_name="Zoé", last_name="Lefèvre")

    # An employee opens a topic.
    author = employee_page
    author.goto("/forum/")
    assert_accessible(author)
    author.get_by_role("link", name="Office life").click()
    expect(author.get_by_role("heading", level=1)).to_have_text("Office life")
    assert_accessible(author)
    author.get_by_role("link", name="New topic").first.click()
    assert_accessible(author)
    author.get_by_label("Title").fill("Bike parking")
    author.get_by_label("Message").fill("Could we get more bike racks?")
    author.get_by_role("button", name="Publish").click()
    expect(author.get_by_role("heading", level=1)).to_have_text("Bike parking")
    assert_accessible(author)
    topic_url = author.url

    # A colleague quotes it: the quote mentions its author.
    colleague = open_page(zoe)
    colleague.goto(topic_url)
    first_post = colleague.get_by_role("article").filter(has_text="more bike racks")
    first_post.get_by_role("link", name="Quote").click()
    assert_accessible(colleague)
    message = colleague.get_by_label("Message")
    expect(message).to_have_value("@employee:\n> Could we get more bike racks?\n\n")
    message.press("End")
    message.press_sequentially("Yes please, I cycle every day.")
    colleague.get_by_role("button", name="Save").click()
    expect(colleague.get_by_text("Reply published.")).to_be_visible()
    reply = colleague.get_by_role("article").filter(has_text="I cycle every day")
    expect(reply.get_by_role("blockquote")).to_have_text("Could we get more bike racks?")
    expect(reply.get_by_role("link", name="@employee")).to_have_attribute(
        "href", "/people/employee/"
    )
    assert_accessible(colleague)

    # The author, notified of the mention, likes the reply.
    author.goto("/notifications/")
    expect(author.get_by_role("main")).to_contain_text("mentioned you")
    assert_accessible(author)
    author.goto(topic_url)
    reply = author.get_by_role("article").filter(has_text="I cycle every day")
    reply.get_by_role("button", name="Like").click()
    reply = author.get_by_role("article").filter(has_text="I cycle every day")
    expect(reply.get_by_role("button", name="Unlike")).to_have_attribute("aria-pressed", "true")
    expect(reply.locator("[data-likes]")).to_contain_text("1 like")  # the heart is an SVG icon
    assert_accessible(author)


def test_a_moderator_approves_a_pending_reply(
    employee_page, moderator_page, employee, assert_accessible
):
    category = CategoryFactory(name="Official", slug="official", requires_post_validation=True)
    topic = topic_with_post(category=category, title="Canteen menu", content="What's new?")

    page = employee_page
    page.goto(topic.get_absolute_url())
    page.get_by_label("Message").fill("Vegetarian dishes on Fridays.")
    page.get_by_role("button", name="Post reply").click()
    expect(
        page.get_by_text("Your reply will be visible once a moderator approves it.")
    ).to_be_visible()
    pending = page.get_by_role("article").filter(has_text="Vegetarian dishes")
    expect(pending).to_contain_text("Waiting for validation")
    assert_accessible(page)

    moderator = moderator_page
    moderator.goto("/forum/")
    assert_accessible(moderator)
    moderator.get_by_role("link", name="Moderation queue").click()
    moderator.get_by_role("link", name="Replies waiting for validation").click()
    item = moderator.get_by_role("listitem").filter(has_text="Vegetarian dishes")
    expect(item).to_contain_text("Canteen menu")
    assert_accessible(moderator)
    item.get_by_role("button", name="Approve").click()
    expect(moderator.get_by_role("listitem").filter(has_text="Vegetarian dishes")).to_have_count(0)
    assert_accessible(moderator)

    page.reload()
    approved = page.get_by_role("article").filter(has_text="Vegetarian dishes")
    expect(approved).not_to_contain_text("Waiting for validation")
    assert_accessible(page)
