"""Finding colleagues: the directory, the person page and the global search."""

import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def colleagues(db):
    UserFactory(first_name="Paul", last_name="Girard", department="Sales", position="Buyer")
    return UserFactory(
        username="zoe.lefevre",
        first_name="Zoé",
        last_name="Lefèvre",
        department="Finance",
        position="Management controller",
        phone="+33 1 23 45 67 89",
    )


def test_the_directory_finds_a_colleague(employee_page, colleagues, assert_accessible):
    page = employee_page
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    expect(page.get_by_role("link", name="Paul Girard")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Name, position…").fill("Lefèvre")
    page.get_by_label("Department").select_option("Finance")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("link", name="Paul Girard")).to_have_count(0)
    page.get_by_role("link", name="Zoé Lefèvre").click()

    expect(page).to_have_url("/people/zoe.lefevre/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Zoé Lefèvre")
    expect(page.get_by_role("link", name="+33 1 23 45 67 89")).to_be_visible()
    assert_accessible(page)


def test_the_directory_says_when_no_one_matches(employee_page, colleagues, assert_accessible):
    page = employee_page
    page.goto("/people/?q=nobody-has-this-name")
    expect(page.get_by_role("heading", name="No one matches")).to_be_visible()
    assert_accessible(page)


def test_global_search_finds_a_person(employee_page, colleagues, assert_accessible):
    page = employee_page
    page.goto("/")
    assert_accessible(page)
    search = page.get_by_role("search").get_by_label("Search")
    search.fill("Lefèvre")
    search.press("Enter")
    expect(page).to_have_url("/search/?q=Lef%C3%A8vre")
    results = page.get_by_role("region", name="People")
    expect(results.get_by_role("link", name="Zoé Lefèvre")).to_be_visible()
    assert_accessible(page)

    results.get_by_role("link", name="Zoé Lefèvre").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zoé Lefèvre")
    assert_accessible(page)


def test_the_directory_pages_through_many_colleagues(employee_page, assert_accessible):
    UserFactory.create_batch(24, department="Logistics")
    page = employee_page
    page.goto("/people/")
    pages = page.get_by_role("navigation", name="Pages")
    expect(pages.locator("[aria-current=page]")).to_have_text("1")
    assert_accessible(page)
    pages.get_by_role("link", name="Next").click()
    expect(page).to_have_url("/people/?page=2")
    expect(pages.locator("[aria-current=page]")).to_have_text("2")
    expect(page.locator("main a.card")).to_have_count(5)  # 25 people, 20 a page
    assert_accessible(page)


def test_an_unknown_person_is_a_styled_404(employee_page, page_problems, assert_accessible):
    page_problems.allow(r"status of 404")  # Chromium logs the answer's status itself
    page = employee_page
    response = page.goto("/people/nobody-by-this-name/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert_accessible(page)
    page.get_by_role("link", name="Back to the home page").click()
    expect(page).to_have_url("/")
    assert_accessible(page)
