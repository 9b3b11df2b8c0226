"""Concurrent assignments on PostgreSQL: the row lock keeps the object rights consistent."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from complaints import services
from complaints.models import Complaint, ComplaintUserObjectPermission
from tests.complaints.factories import ComplaintFactory
from tests.factories import UserFactory, grant

MANAGE = "complaints.manage_complaints"


@pytest.mark.usefixtures("on_postgres")
def test_parallel_assignments_leave_one_assignee_with_the_right(transactional_db):
    manager = grant(UserFactory(username="race-manager"), MANAGE)
    handlers = [grant(UserFactory(username=f"race-h{i}"), MANAGE) for i in range(4)]
    complaint = ComplaintFactory()
    barrier = threading.Barrier(len(handlers))
    errors = []

    def assign(handler):
        try:
            barrier.wait()
            services.complaint_assign(actor=manager, complaint=complaint, assignee=handler)
        except ValidationError as error:  # pragma: no cover - not expected
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=assign, args=(h,)) for h in handlers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    complaint = Complaint.objects.get(pk=complaint.pk)
    holders = list(ComplaintUserObjectPermission.objects.values_list("user_id", flat=True))
    assert holders == [complaint.assignee_id]
    events = list(complaint.events.filter(kind="assign").order_by("id"))
    assert len(events) == 4
    # Each assignment saw the previous one: the timeline is an unbroken chain.
    assert events[0].from_value == ""
    for before, after in zip(events, events[1:], strict=False):
        assert after.from_value == before.to_value
