"""An announcement's page checks its reader in memory (the announcement is read once for
everybody): the answer must be the list's, for every kind of announcement and reader."""

import datetime
import itertools

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from content import selectors
from tests.content.factories import AnnouncementFactory
from tests.factories import EmployeeCategoryFactory, UserFactory, grant

pytestmark = pytest.mark.django_db


def opens(user: User, pk: int) -> bool:
    try:
        selectors.announcement_get(user=User.objects.get(pk=user.pk), pk=pk)
    except Http404:
        return False
    return True


def test_the_page_admits_exactly_whom_the_list_shows():
    now = timezone.now()
    drivers, clerks = (
        EmployeeCategoryFactory(name="Drivers"),
        EmployeeCategoryFactory(name="Clerks"),
    )
    timings = {
        "live": {},
        "scheduled": {"publish_at": now + datetime.timedelta(days=1)},
        "ended": {
            "publish_at": now - datetime.timedelta(days=2),
            "unpublish_at": now - datetime.timedelta(hours=1),
        },
    }
    audiences = {
        "everyone": {},
        "sales": {"audience_restricted": True, "audience_departments": "|Sales|"},
        "drivers": {"audience_restricted": True},
        "nobody": {"audience_restricted": True},
    }
    announcements = []
    for (timing, when), (audience, who) in itertools.product(timings.items(), audiences.items()):
        announcement = AnnouncementFactory(title=f"{timing} {audience}", **when, **who)
        if audience == "drivers":
            announcement.audience_categories.add(drivers)
        announcements.append(announcement)
    readers = [
        UserFactory(department="Sales"),
        UserFactory(department="Sales Ops"),  # a department whose name contains another's
        UserFactory(department="", employee_category=drivers),
        UserFactory(department="Ops", employee_category=clerks),
        grant(UserFactory(department="Ops"), "content.manage_announcements"),
    ]
    for reader in readers:
        listed = set(selectors.announcement_list(user=reader).values_list("pk", flat=True))
        for announcement in announcements:
            assert opens(reader, announcement.pk) == (announcement.pk in listed), (
                reader.department,
                announcement.title,
            )


def test_a_second_reader_opens_the_page_without_reading_the_announcement_again():
    announcement = AnnouncementFactory()
    first, second = UserFactory(), UserFactory()
    opens(first, announcement.pk)
    second = User.objects.get(pk=second.pk)
    second.has_perm("content.manage_announcements")  # the rights, read apart
    with CaptureQueriesContext(connection) as queries:
        selectors.announcement_get(user=second, pk=announcement.pk)
    assert len(queries) == 0


def test_a_change_of_audience_or_text_shows_at_once():
    drivers = EmployeeCategoryFactory(name="Drivers")
    driver = UserFactory(employee_category=drivers)
    announcement = AnnouncementFactory(title="Routes", audience_restricted=True)
    assert not opens(driver, announcement.pk)
    announcement.audience_categories.add(drivers)
    assert opens(driver, announcement.pk)
    announcement.title = "New routes"
    announcement.save()
    assert selectors.announcement_get(user=driver, pk=announcement.pk).title == "New routes"


def test_a_missing_announcement_is_a_404():
    assert not opens(UserFactory(), 999_999)
