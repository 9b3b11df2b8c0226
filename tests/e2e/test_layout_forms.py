"""Layout and forms (issue 22): the calendar's equal columns and today, the error summary that
moves focus to each field, a checkbox before its label; screenshots in both themes and widths."""

import datetime
import os
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from content import services as content_services
from tests.content.factories import AnnouncementFactory, EventFactory
from tests.factories import UserFactory, grant
from tests.forum.factories import CategoryFactory, topic_with_post

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
# Screenshots for a person to look at (not compared): LAYOUT_SCREENSHOTS=/some/dir to keep them.
SHOTS = os.environ.get("LAYOUT_SCREENSHOTS", "")

PAGES = (("/forum/", "forum"), ("/messages/compose/", "compose"), ("/search/?q=safety", "search"))
COLUMNS = """() => Array.from(document.querySelectorAll("table.calendar thead th"),
  (th) => { const r = th.getBoundingClientRect(); return [r.left, r.right]; })"""


def shoot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def event_today(title, hour):
    now = timezone.localtime()
    starts = now.replace(hour=hour, minute=0, second=0, microsecond=0)
    return EventFactory(title=title, starts_at=starts, ends_at=starts + datetime.timedelta(hours=1))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_calendar_has_seven_equal_columns_and_shows_today(
    open_page, employee, assert_accessible, scheme
):
    event_today("Quarterly all-hands meeting with a very long title indeed", 9)
    today = timezone.localdate()
    for viewport, label in ((DESKTOP, "1366"), (PHONE, "390")):
        page = open_page(employee, viewport=viewport, color_scheme=scheme)
        page.goto("/events/calendar/")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        columns = page.evaluate(COLUMNS)
        assert len(columns) == 7
        widths = [right - left for left, right in columns]
        assert max(widths) - min(widths) <= 1.5, f"{label}px: columns {widths}"
        # Sunday (the last column) ends inside the screen: nothing is cut.
        assert columns[-1][1] <= page.evaluate("document.documentElement.clientWidth")
        assert page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
        cell = page.locator('table.calendar td[aria-current="date"]')
        expect(cell).to_have_count(1)
        expect(cell.locator(".calendar-day")).to_have_text(str(today.day))
        background = cell.evaluate("(td) => getComputedStyle(td).backgroundColor")
        other = page.locator("table.calendar td:not([aria-current])").first
        assert background != other.evaluate("(td) => getComputedStyle(td).backgroundColor")
        if viewport is PHONE:  # the events are listed by day under the grid
            expect(page.get_by_role("heading", name="Events this month")).to_be_visible()
            expect(page.get_by_role("link", name="Quarterly all-hands")).to_be_visible()
        else:
            expect(page.get_by_role("heading", name="Events this month")).to_be_hidden()
            expect(cell.get_by_role("link")).to_be_visible()
        assert_accessible(page)
        shoot(page, f"calendar-{label}-{scheme}")


def test_the_error_summary_links_focus_each_field(open_page, employee, assert_accessible):
    category = CategoryFactory(name="General", slug="general")
    page = open_page(employee, viewport=DESKTOP)
    page.goto(f"/forum/c/{category.slug}/new/")
    expect(page.get_by_text("are required")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_attribute("required", "")
    assert_accessible(page)
    page.get_by_role("button", name="Publish").click()
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert_accessible(page)
    links = summary.get_by_role("link")
    expect(links).to_have_count(2)
    for index, field in ((0, "id_title"), (1, "id_content")):
        assert links.nth(index).get_attribute("href") == f"#{field}"
        links.nth(index).click()
        expect(page.locator(f"#{field}")).to_be_focused()
    shoot(page, "error-summary-1366-light")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "390"])
def test_a_checkbox_comes_before_its_label_on_one_line(open_page, assert_accessible, viewport):
    handler = grant(UserFactory(), "complaints.manage_complaints")
    page = open_page(handler, viewport=viewport)
    page.goto("/complaints/handling/")
    if viewport == PHONE:  # on a phone the filters are behind their "Filters" button
        page.locator("summary.filter-toggle").click()
    box = page.get_by_label("Overdue only")
    expect(box).to_be_visible()
    label = page.locator(f"label[for='{box.get_attribute('id')}']")
    box_rect, label_rect = box.bounding_box(), label.bounding_box()
    assert box_rect["x"] + box_rect["width"] <= label_rect["x"], "the label is not after the box"
    box_middle = box_rect["y"] + box_rect["height"] / 2
    assert label_rect["y"] <= box_middle <= label_rect["y"] + label_rect["height"], "not one line"
    assert_accessible(page)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_of_the_fixed_pages(open_page, employee, assert_accessible, scheme):
    """Pages this work changed, at both widths: each checked by axe, saved for a person to see."""
    CategoryFactory(name="IT help", slug="it-help", icon="monitor")
    AnnouncementFactory(title="Safety training", content="The safety training is **Mandatory**.")
    for viewport, label in ((DESKTOP, "1366"), (PHONE, "390")):
        page = open_page(employee, viewport=viewport, color_scheme=scheme)
        for path, name in PAGES:
            page.goto(path)
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            if name == "forum":
                expect(page.locator("svg.icon use").first).to_be_attached()
            if name == "search":
                expect(page.locator("mark").first).to_be_visible()
                assert "**" not in page.locator("main").inner_text()
            assert_accessible(page)
            shoot(page, f"{name}-{label}-{scheme}")


GAP = """(selector) => {
  const cards = Array.from(document.querySelectorAll(selector));
  return cards.slice(1).map((card, i) =>
    card.getBoundingClientRect().top - cards[i].getBoundingClientRect().bottom);
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_stacked_cards_have_a_gap(open_page, employee, assert_accessible, scheme):
    document = content_services.document_create(
        actor=grant(UserFactory(), "content.manage_documents"),
        data={"title": "Travel policy", "description": "Book early, travel light."},
        upload=SimpleUploadedFile("travel.txt", b"Book early.", content_type="text/plain"),
    )
    topic = topic_with_post(title="Bike racks", content="Could we get more?")
    for viewport, label in ((DESKTOP, "1366"), (PHONE, "390")):
        page = open_page(employee, viewport=viewport, color_scheme=scheme)
        for path, name in (
            (document.get_absolute_url(), "document"),
            (topic.get_absolute_url(), "topic"),
        ):
            page.goto(path)
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            gaps = page.evaluate(
                GAP, "main .container > .card, main article.card, main section.card"
            )
            assert gaps and min(gaps) >= 12, f"{name} at {label}px: gaps {gaps}"
            assert_accessible(page)
            shoot(page, f"{name}-{label}-{scheme}")
