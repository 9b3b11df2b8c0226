"""The helpdesk's dashboard tiles and chart: the right counts for an assignee and for a
manager, from one aggregate per request."""

from datetime import timedelta

import pytest
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
    return {str(label): count for label, count, _url in selectors.dashboard_stats(user=user)}


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
        counted = tiles(user)
        chart = dict(selectors.dashboard_status_counts(user=user))
    assert counted == {"Open complaints": 2, "Overdue complaints": 1}
    assert chart["New"] == 2 and chart["Resolved"] == 1
    assert sum(chart.values()) == 3


def test_a_manager_counts_every_complaint(complaints):
    manager = fresh(grant(UserFactory(), "complaints.manage_complaints"))
    assert tiles(manager) == {"Open complaints": 4, "Overdue complaints": 2}
    chart = dict(selectors.dashboard_status_counts(user=manager))
    assert chart["New"] == 3 and chart["Waiting for submitter"] == 1
    assert sum(chart.values()) == 5


def test_people_who_handle_nothing_see_neither(complaints):
    nobody = fresh(UserFactory())
    assert tiles(nobody) == {}
    assert selectors.dashboard_status_counts(user=nobody) is None
