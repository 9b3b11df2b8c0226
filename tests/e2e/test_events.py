"""Events: an employee says they will attend and adds the event to their calendar."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.content.factories import EventFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_employee_rsvps_and_downloads_the_ics(employee_page, assert_accessible):
    EventFactory(title="Summer party", location="Rooftop", capacity=30)
    page = employee_page
    page.goto("/events/")
    assert_accessible(page)
    page.get_by_role("link", name="Summer party").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Summer party")
    assert_accessible(page)

    page.get_by_role("button", name="I'm going").click()
    expect(page.get_by_text("Your answer is recorded.")).to_be_visible()
    expect(page.get_by_text("You are going")).to_be_visible()
    expect(page.get_by_role("button", name="I'm going")).to_have_count(0)
    expect(page.get_by_role("definition").filter(has_text="1 / 30")).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Add to my calendar (.ics)").click()
    assert download.value.suggested_filename.endswith(".ics")
    calendar = Path(download.value.path()).read_text(encoding="utf-8")
    lines = calendar.replace("\r\n ", "").splitlines()  # unfold folded lines (RFC 5545)
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-1] == "END:VCALENDAR"
    assert "BEGIN:VEVENT" in lines
    assert "SUMMARY:Summer party" in lines
    assert "LOCATION:Rooftop" in lines
