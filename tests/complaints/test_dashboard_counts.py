"""The helpdesk's dashboard tiles and chart: the right counts for an assignee and for a
manager, from one aggregate per request."""

from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from complaints import selectors
from complaints.models import Complaint
from tests.complaints.factories import ComplaintFactory, assign_to
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


def fresh(user: User) -> User:
    user = User.objects.get(pk=user.pk)
    user.get_all_permissions()  # the rights: read once per request, not what is measured
    return user


def tiles(user: User) -> dict[str, int]:
    counts = selectors.handled_counts(user=user)
    stats = selectors.dashboard_stats(user=user, counts=counts)
    return {str(label): count for label, count, _url in stats}


def chart(user: User) -> dict[str, int] | None:
    counted = selectors.dashboard_status_counts(
        user=user, counts=selectors.handled_counts(user=user)
    )
    return None if counted is None else dict(counted)


@pytest.fixture
def complaints():
    assignee, colleague = UserFactory(), UserFactory()
    past = timezone.now() - timedelta(hours=1)
    assign_to(ComplaintFactory(due_at=past), assignee)
    assign_to(ComplaintFactory(), assignee)
    assign_to(ComplaintFactory(status=Complaint.Status.RESOLVED, due_at=past), assignee)
    assign_to(ComplaintFactory(status=Complaint.Status.WAITING, due_at=past), colleague)
    ComplaintFactory()  # nobody's yet
    return assignee


def test_an_assignee_counts_their_own(complaints, django_assert_num_queries):
    user = fresh(complaints)
    with django_assert_num_queries(1):
        counts = selectors.handled_counts(user=user)
    stats = selectors.dashboard_stats(user=user, counts=counts)
    assert {str(label): n for label, n, _url in stats} == {
        "Open complaints": 2,
        "Overdue complaints": 1,
    }
    by_status = dict(selectors.dashboard_status_counts(user=user, counts=counts))
    assert by_status["New"] == 2 and by_status["Resolved"] == 1
    assert sum(by_status.values()) == 3


def test_a_manager_counts_every_complaint(complaints):
    manager = fresh(grant(UserFactory(), "complaints.manage_complaints"))
    # the one waiting for its submitter is past due but paused: not overdue
    assert tiles(manager) == {"Open complaints": 4, "Overdue complaints": 1}
    by_status = chart(manager)
    assert by_status["New"] == 3 and by_status["Waiting for submitter"] == 1
    assert sum(by_status.values()) == 5


def test_people_who_handle_nothing_see_neither(complaints):
    nobody = fresh(UserFactory())
    assert tiles(nobody) == {}
    assert chart(nobody) is None


def tile_links(client) -> dict[str, str]:
    """label → href of the dashboard's tiles, read from the page."""
    import re

    html = client.get(reverse("dashboard")).content.decode()
    found = re.findall(
        r'<a class="card stat" href="([^"]+)"><span class="stat-value">\d+</span>'
        r'<span class="stat-label">([^<]+)</span>',
        html,
    )
    return {label: unescape(href) for href, label in found}


@pytest.mark.parametrize("who", ["assignee", "manager"])
def test_each_complaint_tile_opens_the_list_of_what_it_counts(complaints, client, who):
    user = complaints if who == "assignee" else grant(UserFactory(), "complaints.manage_complaints")
    client.force_login(user)
    links = tile_links(client)
    figures = tiles(fresh(user))
    for label in ("Open complaints", "Overdue complaints"):
        assert links[label].startswith(reverse("complaints:handling_list") + "?")
        listed = client.get(links[label]).context["page"].paginator.count
        assert listed == figures[label], label
    assert "overdue=on" in links["Overdue complaints"]


def test_the_api_gives_the_filtered_list_s_address(complaints):
    from tests.api.helpers import ApiClient, token_for

    rows = ApiClient(token_for(complaints)).get("/api/v1/stats").json()
    urls = {row["key"]: row["url"] for row in rows}
    assert urls["overdue_complaints"].endswith("?status=open&assignee=&overdue=on")
