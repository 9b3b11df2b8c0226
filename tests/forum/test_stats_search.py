"""User statistics, most helpful colleagues, search, dashboard and demo data."""

import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.template.loader import render_to_string
from django.urls import reverse

from forum import selectors, services
from forum.models import Category, Post, Topic
from tests.factories import UserFactory
from tests.forum.factories import CategoryFactory, reply, topic_with_post

pytestmark = pytest.mark.django_db


def test_user_stats_and_person_block(employee, moderator):
    topic = topic_with_post(author=employee)
    post = reply(topic, author=employee)
    services.like_toggle(user=moderator, post=post)
    services.like_toggle(user=moderator, post=topic.posts.first())
    stats = selectors.user_stats(person=employee)
    assert stats == {"topics": 1, "posts": 2, "likes": 2}
    html = render_to_string("forum/_person_stats.html", {"forum_stats": stats})
    assert "Likes received" in html
    assert selectors.user_stats(person=moderator) == {"topics": 0, "posts": 0, "likes": 0}


def test_person_stats_tag(employee):
    topic_with_post(author=employee)
    html = Template("{% load forum_tags %}{% forum_person_stats person %}").render(
        Context({"person": employee})
    )
    assert "Likes received" in html and '<span class="stat-value">1</span>' in html


def test_helpful_colleagues_page(employee_client, employee, django_assert_max_num_queries):
    liked = UserFactory(username="liked")
    for n in range(12):
        topic = topic_with_post(author=UserFactory(), title=f"T{n}")
        post = reply(topic, author=liked)
        services.like_toggle(user=employee, post=post)
    with django_assert_max_num_queries(13):
        response = employee_client.get(reverse("forum:helpful_colleagues"))
    people = list(response.context["page"])
    assert people[0] == liked and people[0].stat_likes == 12 and people[0].stat_posts == 12
    assert employee_client.get(reverse("forum:helpful_colleagues") + "?page=5").status_code == 404


def test_search_excludes_pending_of_others_and_deleted(client, employee, moderator):
    strict = CategoryFactory(requires_topic_validation=True)
    topic_with_post(author=employee, category=strict, title="Zebra pending")
    visible = topic_with_post(author=moderator, title="Zebra visible", content="zebra talk")
    gone = reply(visible, author=moderator, content="zebra deleted")
    services.post_delete(actor=moderator, post=gone)
    client.force_login(UserFactory())
    response = client.get(reverse("search"), {"q": "zebra"})
    assert "Zebra visible" in response.text
    assert "Zebra pending" not in response.text and "zebra deleted" not in response.text
    client.force_login(employee)
    assert "Zebra pending" in client.get(reverse("search"), {"q": "zebra"}).text


def test_dashboard_panel_and_obligations(client, employee, moderator):
    topic_with_post(title="Lunch plans")
    topic_with_post(author=employee, category=CategoryFactory(requires_topic_validation=True))
    client.force_login(employee)
    response = client.get(reverse("dashboard"))
    assert "Lunch plans" in response.text and "waiting for your validation" not in response.text
    client.force_login(moderator)
    response = client.get(reverse("dashboard"))
    assert "Forum: 1 item(s) waiting for your validation" in response.text


def test_seed_demo_adds_forum_once(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    counts = (Category.objects.count(), Topic.objects.count(), Post.objects.count())
    call_command("seed_demo")
    assert counts == (Category.objects.count(), Topic.objects.count(), Post.objects.count())
    assert counts[0] == 3 and counts[1] == 3
    assert Topic.objects.get(title__startswith="A bike shed").status == "pending"


def test_person_page_shows_forum_statistics(employee_client, employee):
    from django.urls import reverse

    response = employee_client.get(reverse("accounts:person_detail", args=[employee.username]))
    assert response.status_code == 200
    assert "Likes received" in response.content.decode()
