"""The home and the charts in a browser (issue 22): "To do" on a phone's first screen, charts
that fill their card with readable labels, bars that lead to their list; axe in both themes."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from complaints.models import Complaint
from tests.complaints.factories import ComplaintFactory
from tests.content.factories import AnnouncementFactory, make_document
from tests.factories import UserFactory, grant
from tests.training.factories import TrainingFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}

# For every text of every chart: its font size, and whether it lies inside its SVG.
CHART_TEXTS = """() => [...document.querySelectorAll("svg.chart text")]
  .filter((t) => t.textContent.trim())
  .map((t) => {
    const box = t.getBoundingClientRect();
    const svg = t.ownerSVGElement.getBoundingClientRect();
    return {
      text: t.textContent,
      size: parseFloat(getComputedStyle(t).fontSize),
      inside: box.left >= svg.left - 1 && box.right <= svg.right + 1,
    };
  })"""


# The lowest contrast between a bar's fill and its card's background (WCAG 2 ratio).
BAR_CONTRAST = """() => {
  const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratios = [...document.querySelectorAll("svg.chart rect[class^='chart-tone']")].map((r) => {
    const card = getComputedStyle(r.closest(".card")).backgroundColor;
    const [a, b] = [lum(rgb(getComputedStyle(r).fill)), lum(rgb(card))].sort((x, y) => y - x);
    return (a + 0.05) / (b + 0.05);
  });
  return Math.min(...ratios);
}"""


def test_the_first_screen_of_a_phone_shows_to_do(open_page, employee, assert_accessible):
    today = timezone.localdate()
    AnnouncementFactory(title="New badge policy", important=True)
    make_document(title="Internal rules", requires_acknowledgement=True)
    TrainingFactory(
        title="Fire safety", is_mandatory=True, deadline_date=today - datetime.timedelta(days=2)
    )
    for scheme in ("light", "dark"):
        page = open_page(employee, viewport=PHONE, color_scheme=scheme)
        page.goto("/")
        todo = page.get_by_role("region", name="To do")
        heading = todo.get_by_role("heading", name="To do")
        expect(heading).to_be_in_viewport()
        box = heading.bounding_box()
        assert box is not None and box["y"] + box["height"] <= PHONE["height"]
        first = todo.get_by_role("listitem").first
        expect(first).to_contain_text("Fire safety")
        expect(first).to_contain_text("Overdue")
        expect(todo.get_by_role("link", name="Read: New badge policy")).to_be_visible()
        expect(todo.get_by_role("link", name="Acknowledge: Internal rules")).to_be_visible()
        assert_accessible(page)
        page.context.close()


def test_charts_fill_their_card_read_and_lead_to_their_list(open_page, assert_accessible, db):
    manager = grant(UserFactory(), "complaints.manage_complaints")
    ComplaintFactory(status=Complaint.Status.NEW, category="management")
    ComplaintFactory(status=Complaint.Status.NEW)
    ComplaintFactory(status=Complaint.Status.RESOLVED)
    for viewport in (DESKTOP, PHONE):
        for scheme in ("light", "dark"):
            page = open_page(manager, viewport=viewport, color_scheme=scheme, locale="fr-FR")
            page.goto("/complaints/reports/")
            chart = page.locator("svg.chart").first
            card = page.locator(".chart-grid .card-body").first
            chart_box, card_box = chart.bounding_box(), card.bounding_box()
            assert chart_box["width"] >= card_box["width"] - 2 * 16 - 2  # fills its card
            texts = page.evaluate(CHART_TEXTS)
            assert texts and all(t["size"] >= 12 for t in texts), texts
            assert all(t["inside"] for t in texts), [t for t in texts if not t["inside"]]
            assert page.evaluate(BAR_CONTRAST) >= 3
            assert_accessible(page)
            page.context.close()
    page = open_page(manager, viewport=PHONE)
    page.goto("/complaints/reports/")
    expect(page.get_by_label("From")).not_to_have_value("")
    expect(page.get_by_label(re.compile(r"^To"))).to_have_value(timezone.localdate().isoformat())
    status = page.get_by_role("group", name="Complaints by status")
    status.get_by_role("link", name="New: 2").click()
    expect(page).to_have_url(re.compile(r"/complaints/handling/\?.*status=new"))
    assert_accessible(page)
    page.goto("/complaints/reports/")
    page.get_by_text("Show the figures as a table").first.click()
    expect(page.get_by_role("table").first).to_be_visible()
    assert_accessible(page)
