"""Query budgets of the pages the bench drives: ≤ 15 queries, the same with 5 and 50 rows.

The data comes from seed_bulk (5 or 50 rows of each kind), inside a savepoint rolled back
between the two sizes. Each page is requested once to warm the caches a running worker has
(site settings, the dashboard's cached counts, the topic's read marker), then measured.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Message, User
from complaints.models import Complaint
from content.models import Announcement
from forum.models import Post, Topic
from intrasphere.roof.management.commands.seed_bulk import BIG_TOPIC_TITLE, bulk_usernames
from training.models import Lesson, Quiz, Training

BUDGET = 15
# Pages kept well under it: what they reach, so that a regression shows (warm caches). Search
# reads its shared previews. Every other page keeps to the ceiling alone (`BUDGET`, the same
# count with 5 and 50 rows).
PAGE_BUDGETS = {
    "search": 2,
}


def _pages() -> list[tuple[str, str, str]]:
    """(name, role, url) for the current data."""
    names = bulk_usernames()
    employee = User.objects.get(username=names["employee"][0])
    big = Topic.objects.get(title=BIG_TOPIC_TITLE)
    announcement = Announcement.objects.filter(audience_restricted=False).first()
    # Plain employees (no global right: the same permission queries as the other pages).
    submitter = (
        Complaint.objects.filter(submitter__username__in=names["employee"])
        .values_list("submitter__username", flat=True)
        .first()
    )
    reader = (
        Message.objects.filter(recipient__username__in=names["employee"])
        .values_list("recipient__username", flat=True)
        .first()
    )
    # Someone with posts at both sizes (the list then reads its page of rows).
    poster = Post.objects.order_by("-pk").values_list("author__username", flat=True).first()
    training = Training.objects.order_by("pk").first()  # the bench employees are seated in it
    lesson = Lesson.objects.filter(course__training=training, quiz__isnull=True).first()
    quiz = Quiz.objects.filter(lesson__course__training=training).first()
    return [
        ("dashboard", employee.username, reverse("dashboard")),
        ("search", employee.username, reverse("search") + "?q=budget"),
        ("directory", employee.username, reverse("accounts:directory")),
        ("announcement list", employee.username, reverse("content:announcement_list")),
        ("announcement detail", employee.username, announcement.get_absolute_url()),
        ("document library", employee.username, reverse("content:document_list")),
        ("event list", employee.username, reverse("content:event_list")),
        ("events calendar", employee.username, reverse("content:event_calendar")),
        ("forum index", employee.username, reverse("forum:index")),
        ("topic list", employee.username, big.category.get_absolute_url()),
        ("topic page", employee.username, big.get_absolute_url()),
        ("topic page (moderator)", names["moderator"][0], big.get_absolute_url()),
        ("complaints handling", names["handler"][0], reverse("complaints:handling_list")),
        (
            "complaints handling (everything)",
            names["handler"][0],
            reverse("complaints:handling_list") + "?assignee=",
        ),
        ("forum latest topics", employee.username, reverse("forum:latest_topics")),
        ("forum my posts", poster, reverse("forum:my_posts")),
        ("my rights", employee.username, reverse("accounts:my_rights")),
        ("my complaints", submitter, reverse("complaints:my_list")),
        ("inbox", reader, reverse("messaging:inbox")),
        ("notifications", employee.username, reverse("notifications:list")),
        ("training catalog", employee.username, reverse("training:training_list")),
        ("training detail", employee.username, training.get_absolute_url()),
        ("lesson page", employee.username, lesson.get_absolute_url()),
        ("quiz page", employee.username, reverse("training:quiz_detail", args=[quiz.pk])),
    ]


def _measure(rows: int, statements: dict[str, list[str]] | None = None) -> dict[str, int]:
    """Each page's query count; `statements`, when given, receives each page's SQL."""
    counts = {}
    with transaction.atomic():
        call_command(
            "seed_bulk",
            users=0,
            announcements=rows,
            documents=rows,
            events=rows,
            topics=rows,
            posts=rows * 10,
            likes=rows * 10,
            complaints=rows * 10,
            messages=rows * 10,
            trainings=rows,
            enrollments=rows * 10,
            no_progress=True,
            stdout=StringIO(),
        )
        cache.clear()
        for name, username, url in _pages():
            client = Client()
            client.force_login(User.objects.get(username=username))
            assert client.get(url).status_code == 200, name  # warm-up
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200, name
            counts[name] = len(queries)
            if statements is not None:
                statements[name] = [query["sql"][:160] for query in queries.captured_queries]
        transaction.set_rollback(True)
    return counts


@pytest.mark.django_db
def test_every_bench_page_keeps_its_query_budget_whatever_the_row_count():
    few_sql, many_sql = {}, {}
    few, many = _measure(5, few_sql), _measure(50, many_sql)
    differing = {name: (few_sql[name], many_sql[name]) for name in few if few[name] != many[name]}
    assert few == many, differing
    over = {name: count for name, count in many.items() if count > BUDGET}
    assert not over, f"pages over {BUDGET} queries: {over}"
    over = {name: many[name] for name, budget in PAGE_BUDGETS.items() if many[name] > budget}
    assert not over, f"pages over their own budget {PAGE_BUDGETS}: {over}"
