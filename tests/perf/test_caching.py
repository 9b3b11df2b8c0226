"""The dashboard's cached counts, the search and counter indexes, the
Markdown memo."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from content.models import Announcement, Event
from forum.models import Post
from forum.services import topic_delete
from intrasphere import caching
from intrasphere.markdown import render_markdown
from intrasphere.roof import dashboard
from intrasphere.search import text_search
from tests.content.factories import AnnouncementFactory, EventFactory
from tests.factories import UserFactory
from tests.forum.factories import reply, topic_with_post
from tests.training.factories import TrainingFactory

pytestmark = pytest.mark.django_db


def stats(response) -> dict[str, int]:
    """Every figure of the dashboard (the API's /stats: the home shows those that lead to
    something to do)."""
    tiles = dashboard.stats_tiles(response.wsgi_request.user)
    return {str(label): value for label, value, _url in tiles}


def test_dashboard_counts_are_cached_then_refreshed_on_write(employee_client):
    AnnouncementFactory.create_batch(2)
    assert stats(employee_client.get(reverse("dashboard")))["Announcements"] == 2
    # A bulk update sends no signal: the cached value stays (until the TTL).
    Announcement.objects.update(title="Renamed")
    with CaptureQueriesContext(connection) as queries:
        assert stats(employee_client.get(reverse("dashboard")))["Announcements"] == 2
    # The tiles' counts are not read again.
    assert not any(
        "COUNT(" in q["sql"].upper() and "content_announcement" in q["sql"]
        for q in queries.captured_queries
    )
    # Any save or delete of a counted model recomputes.
    AnnouncementFactory()
    assert stats(employee_client.get(reverse("dashboard")))["Announcements"] == 3
    EventFactory()
    assert stats(employee_client.get(reverse("dashboard")))["Upcoming events"] == 1
    Event.objects.get().delete()
    assert stats(employee_client.get(reverse("dashboard")))["Upcoming events"] == 0
    UserFactory()
    assert stats(employee_client.get(reverse("dashboard")))["Colleagues"] == User.objects.count()


def test_dashboard_panels_show_new_announcements_and_events_at_once(employee_client):
    assert employee_client.get(reverse("dashboard")).status_code == 200
    AnnouncementFactory(title="Canteen reopens")
    EventFactory(title="Summer party")
    html = employee_client.get(reverse("dashboard")).content.decode()
    assert "Canteen reopens" in html and "Summer party" in html


def test_recent_topics_panel_is_cached_and_follows_every_reply(employee_client):
    older = topic_with_post(title="Older topic")
    topic_with_post(title="Newer topic")

    def titles() -> list[str]:
        html = employee_client.get("/").content.decode()
        panel = html.split('id="forum-recent-title"', 1)[1].split("</section>", 1)[0]
        return re.findall(r'<li><a href="[^"]+">([^<]+)</a>', panel)

    assert titles()[:2] == ["Newer topic", "Older topic"]
    with CaptureQueriesContext(connection) as queries:
        assert titles()[:2] == ["Newer topic", "Older topic"]
    assert not any('"forum_topic"' in q["sql"] for q in queries.captured_queries)
    reply(older)  # the topic's new activity is saved: the panel is rebuilt at once
    assert titles()[:2] == ["Older topic", "Newer topic"]
    topic_delete(actor=older.author, topic=older)
    assert "Older topic" not in titles()


def test_announcement_counts_are_cached_per_audience(employee_client, client):
    AnnouncementFactory(audience_restricted=True, audience_departments="|Sales|")
    AnnouncementFactory()
    assert stats(employee_client.get(reverse("dashboard")))["Announcements"] == 1
    seller = UserFactory(department="Sales")
    client.force_login(seller)
    assert stats(client.get(reverse("dashboard")))["Announcements"] == 2


def test_markdown_memo_returns_the_same_sanitized_html():
    text = "**Hello** <script>alert(1)</script> [x](javascript:alert(1))"
    first, second = render_markdown(text), render_markdown(text)
    assert first == second
    assert "<strong>Hello</strong>" in first and "<script" not in first
    assert "javascript:" not in first
    long_text = "word " * 2000  # above the memo's size limit: rendered each time
    assert render_markdown(long_text).startswith("<p>word")


def plan_of(queryset, *, counted: bool = False) -> str:
    """PostgreSQL's plan for `queryset` (or for counting its rows) with sequential scans off:
    the test tables are tiny, so this shows the index the planner would use on real volumes."""
    sql, params = queryset.query.sql_with_params()
    if counted:
        sql = f"SELECT COUNT(*) FROM ({sql}) AS counted"  # noqa: S608 (compiled by the ORM)
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            cursor.execute("EXPLAIN " + sql, params)
            return "\n".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute("RESET enable_seqscan")


def test_search_uses_the_gin_index_on_postgres(on_postgres, transactional_db):
    queryset = text_search(Post.objects.all(), "budget", ["content"], language="en")
    assert "search_forum_post_en" in plan_of(queryset)


@pytest.mark.parametrize(
    ("model_path", "fields", "index"),
    [
        ("training.models.Training", ["title", "category", "description"], "training_training"),
        ("training.models.Lesson", ["title", "content"], "training_lesson"),
    ],
)
def test_training_search_uses_its_gin_index_on_postgres(
    on_postgres, transactional_db, model_path, fields, index
):
    from django.utils.module_loading import import_string

    model = import_string(model_path)
    for language in ("en", "fr"):
        queryset = text_search(model.objects.all(), "budget", fields, language=language)
        assert f"search_{index}_{language}" in plan_of(queryset)


def test_lesson_search_of_a_learner_asks_the_gin_index_first(on_postgres, transactional_db):
    """For someone who follows trainings, PostgreSQL would rather walk their lessons and compute
    every text vector; the lesson search must find the matches through the index first."""
    from training import selectors as training_selectors
    from training.models import Participant

    learner = UserFactory()
    for training in TrainingFactory.create_batch(3):
        Participant.objects.create(training=training, user=learner, status="registered")
    groups = training_selectors.search_groups(user=learner, query="budget", language="en")
    lessons = next(group.queryset for group in groups if group.key == "lessons")
    plan = plan_of(lessons)
    assert "search_training_lesson_en" in plan, plan


def test_directory_departments_are_cached_and_follow_people(employee_client, employee):
    UserFactory(department="Logistics")
    assert "Logistics" in employee_client.get(reverse("accounts:directory")).context["departments"]
    with CaptureQueriesContext(connection) as queries:
        employee_client.get(reverse("accounts:directory"))
    assert not any("DISTINCT" in q["sql"] for q in queries.captured_queries)
    UserFactory(department="Research")  # any save of a user refreshes the list
    departments = employee_client.get(reverse("accounts:directory")).context["departments"]
    assert {"Logistics", "Research"} <= set(departments)


def test_signing_in_does_not_empty_the_caches(client, employee):
    """Every sign-in saves `last_login`: that alone must not recompute every cached value."""

    def generation() -> int:
        return caching.generations(["accounts.User"])[0]

    before = generation()
    employee.set_password("Sign-in-passphrase-2026!")
    employee.save()
    assert generation() > before
    settled = generation()
    assert client.login(username=employee.username, password="Sign-in-passphrase-2026!")
    assert generation() == settled


def test_forum_counter_recount_reads_the_visible_posts_index(on_postgres, transactional_db):
    """Every reply recounts its category's visible posts: through the partial index, never a
    read of every post."""
    topic = topic_with_post()
    reply(topic)
    posts = Post.objects.filter(
        topic__category_id=topic.category_id, status="visible", deleted=False
    ).values("pk")
    plan = plan_of(posts, counted=True)
    assert "forum_post_visible_idx" in plan, plan
