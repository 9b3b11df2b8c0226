"""Dashboard charts and the calendar-feed box, in a real browser: visible, CSP-clean, accessible."""

import re

import pytest
from playwright.sync_api import expect

from complaints.models import Complaint
from tests.complaints.factories import ComplaintFactory
from tests.factories import UserFactory
from tests.training.factories import TrainingFactory, seat

pytestmark = pytest.mark.django_db(transaction=True)


def test_admin_dashboard_shows_the_charts(admin_page, admin_user, assert_accessible):
    ComplaintFactory()
    ComplaintFactory(status=Complaint.Status.IN_PROGRESS)
    mandatory = TrainingFactory(is_mandatory=True, audience_restricted=True)
    seat(mandatory, UserFactory(), status="completed", progress=100)
    seat(mandatory, UserFactory(), progress=30)
    seat(TrainingFactory(), admin_user, progress=50)
    page = admin_page
    page.goto("/")
    expect(page.get_by_role("group", name="Complaints by status")).to_be_visible()
    expect(page.get_by_role("group", name="My trainings")).to_be_visible()
    expect(page.get_by_role("group", name="Mandatory trainings: compliance")).to_be_visible()
    assert_accessible(page)


def test_calendar_address_from_the_events_page(employee_page, assert_accessible):
    page = employee_page
    page.goto("/events/")
    assert_accessible(page)
    page.get_by_role("button", name="Create my calendar address").click()
    address = page.get_by_label("Your calendar address")
    expect(address).to_have_value(re.compile(r"/events/feed/[\w-]+\.ics$"))
    assert_accessible(page)
    page.get_by_role("button", name="Turn the address off").click()
    expect(page.get_by_label("Your calendar address")).to_have_count(0)
