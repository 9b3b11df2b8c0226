"""The handling list opens on "open, assigned to me or unassigned" (closed ones hidden), the
overdue figure is a link to its list, and every figure of the reports opens its list."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from complaints.models import Complaint
from tests.complaints.factories import ComplaintFactory, assign_to
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db
URL = reverse("complaints:handling_list")


@pytest.fixture
def me():
    return grant(UserFactory(), "complaints.manage_complaints")


@pytest.fixture
def cases(me):
    other = grant(UserFactory(), "complaints.manage_complaints")
    past = timezone.now() - timedelta(hours=2)
    assign_to(ComplaintFactory(title="Case mine", due_at=past), me)
    ComplaintFactory(title="Case nobody")
    assign_to(ComplaintFactory(title="Case other"), other)
    assign_to(ComplaintFactory(title="Case closed", status=Complaint.Status.CLOSED), me)
    assign_to(ComplaintFactory(title="Case waiting", status="waiting", due_at=past), other)


def titles(body):
    return set(re.findall(r"(Case \w+)</a>", body))


def test_the_default_is_open_mine_or_unassigned(client, me, cases):
    client.force_login(me)
    assert titles(client.get(URL).content.decode()) == {"Case mine", "Case nobody"}
    everything = client.get(URL, {"assignee": ""}).content.decode()
    assert titles(everything) == {
        "Case mine", "Case nobody", "Case other", "Case closed", "Case waiting"
    }  # fmt: skip


def test_the_overdue_figure_is_a_link_to_the_overdue_list(client, me, cases):
    client.force_login(me)
    body = client.get(URL).content.decode()
    link = unescape(re.search(r'<a href="([^"]+)" data-overdue-link>', body)[1])
    assert "1 open complaint is overdue" in body  # the waiting one is paused
    assert titles(client.get(URL + link).content.decode()) == {"Case mine"}


def test_every_figure_of_the_reports_opens_its_list(client, me, cases):
    client.force_login(me)
    body = client.get(reverse("complaints:reports")).content.decode()
    overdue = unescape(
        re.search(r'<a class="stat-value" href="([^"]+)" data-overdue-link>', body)[1]
    )
    assert titles(client.get(overdue).content.decode()) == {"Case mine"}
    status_link = unescape(re.search(r'<a href="([^"]+)">Closed: 1</a>', body)[1])
    assert titles(client.get(status_link).content.decode()) == {"Case closed"}
    category = unescape(re.search(r'<a href="([^"]+)">Workplace and facilities: 5</a>', body)[1])
    assert len(titles(client.get(category).content.decode())) == 5


def test_the_list_reads_a_fixed_number_of_queries(client, me, cases):
    client.force_login(me)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for n in range(10):
        ComplaintFactory(title=f"Case more{n}")
    client.get(URL)  # the list's counts, forgotten by the new rows, are counted again
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few)
