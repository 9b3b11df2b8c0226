"""A request's page shows one chronological thread: public replies, internal notes (handlers
only) and every change (status, assignee, priority, category) as a compact line, for the
submitter and for the handler, in a number of queries that does not grow with the thread."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from complaints.models import Complaint, ComplaintEvent
from tests.complaints.factories import ComplaintFactory, ReplyFactory, assign_to
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db
MANAGE = "complaints.manage_complaints"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def thread(html: str) -> list[str]:
    """The thread's entries, in page order: "message: <text>" or "<kind>: <text>"."""
    block = re.search(r'<ol class="thread" data-thread>(.*?)</ol>', html, re.S)
    assert block, "no thread on the page"
    entries = re.findall(
        r'<li class="thread-(message|event)[^"]*"'
        r'(?: data-thread-message| data-thread-event="(\w+)")>(.*?)</li>',
        block.group(1),
        re.S,
    )
    return [
        f"{kind if kind == 'message' else event}: {' '.join(re.sub('<[^>]+>', ' ', text).split())}"
        for kind, event, text in entries
    ]


@pytest.fixture
def handled():
    """Filed through the page, then handled through the update panel (three POSTs)."""
    submitter = UserFactory(username="sam", first_name="Sam", last_name="Submitter")
    manager = grant(UserFactory(username="mia", first_name="Mia", last_name="Manager"), MANAGE)
    response = signed_in(submitter).post(
        reverse("complaints:submit"),
        {
            "title": "Broken heating",
            "description": "Cold since Monday.",
            "category": "workplace",
            "priority": "normal",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    complaint = Complaint.objects.get(title="Broken heating")
    client = signed_in(manager)
    url = reverse("complaints:update", args=[complaint.pk])

    def update(**changes):
        complaint.refresh_from_db()
        data = {
            "body": "",
            "status": complaint.status,
            "assignee": complaint.assignee_id or "",
            "priority": complaint.priority,
            "category": complaint.category,
            **changes,
        }
        assert client.post(url, data).status_code == 302

    update(body="The boiler was serviced last week.", internal="on", assignee=manager.pk)
    update(body="A technician comes tomorrow.", status="in_progress", priority="high")
    update(category="it")
    return complaint, submitter, manager


def test_the_handler_reads_one_thread_in_order_with_notes_and_changes(handled):
    complaint, _submitter, manager = handled
    html = signed_in(manager).get(complaint.get_absolute_url()).content.decode()
    entries = thread(html)
    kinds = [entry.split(":")[0] for entry in entries]
    # each update: its message, then its changes
    assert kinds == [
        "created",
        "message",
        "assign",
        "message",
        "priority",
        "status",
        "category",
    ]
    assert "Internal note" in entries[1] and "boiler" in entries[1]
    assert "technician" in entries[3] and "Internal note" not in entries[3]
    assert "Normal → High" in entries[4]
    assert "New → In progress" in entries[5] and "Mia Manager" in entries[5]
    assert 'id="timeline-title"' not in html and html.count('class="thread"') == 1


def test_the_submitter_reads_the_same_thread_without_the_internal_note(handled):
    complaint, submitter, _manager = handled
    html = signed_in(submitter).get(complaint.get_absolute_url()).content.decode()
    entries = thread(html)
    assert [entry.split(":")[0] for entry in entries] == [
        "created",
        "assign",
        "message",
        "priority",
        "status",
        "category",
    ]
    assert "boiler" not in html and "Internal note" not in html


def test_a_confidential_submitter_stays_confidential_in_the_thread(db):
    submitter = UserFactory(first_name="Quentin", last_name="Quiet")
    manager = grant(UserFactory(), MANAGE)
    complaint = ComplaintFactory(submitter=submitter, confidential=True)
    ComplaintEvent.objects.create(complaint=complaint, actor=submitter, kind="created")
    ReplyFactory(complaint=complaint, author=submitter, body="Still cold.")
    html = signed_in(manager).get(complaint.get_absolute_url()).content.decode()
    assert [entry.split(":")[0] for entry in thread(html)] == ["created", "message"]
    assert "Quentin" not in html


def long_thread(entries: int):
    """A request with `entries` thread entries: messages by both sides, internal notes and
    changes by two handlers, interleaved in time."""
    submitter = UserFactory()
    handlers = [grant(UserFactory(), MANAGE) for _ in range(2)]
    complaint = assign_to(ComplaintFactory(submitter=submitter), handlers[0])
    start = timezone.now() - timedelta(days=1)
    for index in range(entries):
        at = start + timedelta(minutes=index)
        handler = handlers[index % 2]
        if index % 3 == 0:
            ComplaintEvent.objects.create(
                complaint=complaint,
                actor=handler,
                kind="priority",
                from_value="normal",
                to_value="high",
                created_at=at,
            )
        else:
            author = submitter if index % 3 == 1 else handler
            ReplyFactory(
                complaint=complaint, author=author, internal=author != submitter, created_at=at
            )
    return complaint, submitter, handlers[0]


@pytest.mark.parametrize("entries", [5, 50])
@pytest.mark.parametrize("viewer", ["submitter", "handler"])
def test_the_thread_reads_a_fixed_number_of_queries(entries, viewer, django_assert_max_num_queries):
    complaint, submitter, handler = long_thread(entries)
    client = signed_in(submitter if viewer == "submitter" else handler)
    client.get(reverse("dashboard"))  # the session and the header's counters are warm
    with django_assert_max_num_queries(17 if viewer == "handler" else 14):
        response = client.get(complaint.get_absolute_url())
    assert response.status_code == 200
    hidden = sum(1 for index in range(entries) if index % 3 == 2) if viewer == "submitter" else 0
    assert len(thread(response.content.decode())) == entries - hidden
