"""The content parts of the dashboard and of the global search, and the demo data."""

import datetime

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from content.models import Announcement, Category, Document, Event, Page
from tests.content.factories import AnnouncementFactory, EventFactory, PageFactory, make_document
from tests.factories import UserFactory


def test_dashboard_shows_stats_latest_announcements_and_upcoming_events(employee_client):
    AnnouncementFactory(title="Canteen reopens")
    EventFactory(title="Summer party")
    response = employee_client.get(reverse("dashboard"))
    html = response.content.decode()
    labels = [label for label, _value, _url in response.context["stats"]]
    # Counts that lead to nothing to do are not tiles; the news feed shows the announcements.
    assert "Announcements" not in labels and "Documents" not in labels
    assert "Upcoming events" in labels
    assert "Canteen reopens" in html
    assert "Summer party" in html


def test_dashboard_query_count(employee_client, django_assert_max_num_queries):
    author = UserFactory()
    for index in range(10):
        AnnouncementFactory(author=author, important=index < 5)
        EventFactory(organiser=author)
        make_document(actor=author, title=f"Doc {index}", requires_acknowledgement=True)
    # 35 + one aggregate each for the complaints-by-status and training-completion charts.
    with django_assert_max_num_queries(37):
        assert employee_client.get(reverse("dashboard")).status_code == 200


def test_search_finds_only_what_the_user_may_see(employee_client):
    AnnouncementFactory(title="Budget news")
    AnnouncementFactory(
        title="Budget secret", audience_departments="|Board|", audience_restricted=True
    )
    AnnouncementFactory(
        title="Budget future", publish_at=timezone.now() + datetime.timedelta(days=2)
    )
    make_document(title="Budget template", description="spreadsheet")
    EventFactory(title="Budget meeting")
    PageFactory(title="Budget guide", body="how we plan")
    PageFactory(title="Budget draft", status="draft")
    response = employee_client.get(reverse("search"), {"q": "budget"})
    found = {group.key: {hit.title for hit in hits} for group, hits in response.context["previews"]}
    assert found["announcements"] == {"Budget news"}
    assert found["documents"] == {"Budget template"}
    assert found["events"] == {"Budget meeting"}
    assert found["pages"] == {"Budget guide"}


def test_search_escapes_scripts(employee_client):
    AnnouncementFactory(title="<script>x</script> plan", content="the <script>y</script> plan")
    html = employee_client.get(reverse("search"), {"q": "plan"}).content.decode()
    assert "<script>x" not in html and "<script>y" not in html


def test_search_one_group_is_paginated(employee_client):
    for index in range(25):
        EventFactory(title=f"Town hall {index}")
    response = employee_client.get(reverse("search"), {"q": "town", "type": "events"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 25


def test_seed_demo_adds_the_sample_content_once(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    assert Announcement.objects.count() == 2
    assert Announcement.objects.filter(type="policy", important=True).count() == 1
    assert Announcement.objects.filter(type="training").count() == 1
    assert Document.objects.count() == 3
    assert all(d.current_version is not None for d in Document.objects.all())
    assert Event.objects.filter(type="meeting").count() == 2
    assert Page.objects.filter(status="published").count() == 1
    assert Category.objects.count() == 3
