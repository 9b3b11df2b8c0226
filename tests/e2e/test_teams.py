"""Teams in a real browser: the org chart a branch at a time and "My team" with a reminder,
accessible and CSP-clean."""

import pytest
from playwright.sync_api import expect

from tests.content.factories import AnnouncementFactory
from tests.factories import UserFactory
from tests.training.factories import TrainingFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_manager_finds_their_team_and_reminds_someone(open_page, assert_accessible):
    TrainingFactory(title="Fire safety", is_mandatory=True)
    AnnouncementFactory(title="Badge rules", important=True)
    boss = UserFactory(username="boss", first_name="Bea", last_name="Boss")
    UserFactory(username="zoe", first_name="Zoé", last_name="Lefèvre", manager=boss)
    page = open_page(boss)

    page.goto("/org-chart/")
    assert_accessible(page)
    page.get_by_role("link", name="1 direct report").click()
    expect(page.get_by_role("link", name="Zoé Lefèvre")).to_be_visible()
    assert_accessible(page)

    page.goto("/")
    assert_accessible(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My team").click()
    expect(page.get_by_text("0 of 1 compliant")).to_be_visible()
    expect(page.get_by_role("link", name="Badge rules")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Remind Zoé Lefèvre").click()
    expect(page.get_by_text("Zoé Lefèvre was reminded.")).to_be_visible()
    assert_accessible(page)


def test_people_without_reports_have_no_team_entry(open_page, assert_accessible):
    page = open_page(UserFactory(username="solo"))
    page.goto("/")
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="People")
    ).to_be_visible()
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="My team")
    ).to_have_count(0)
    assert_accessible(page)
