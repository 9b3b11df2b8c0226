"""Search over a table that grows ranks a bounded window of its latest matches
(`intrasphere.search.SEARCH_WINDOW`): the best of the newest posts, never an old one past it, and
a new post found at once."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from forum.models import Post
from intrasphere import search
from tests.factories import UserFactory
from tests.forum.factories import reply, topic_with_post
from tests.pages import signed_in


def found(client, query: str) -> str:
    response = client.get(reverse("search"), {"q": query, "type": "forum_posts"})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_only_the_latest_matches_are_ranked_and_a_new_one_is_found_at_once(
    on_postgres, monkeypatch
):
    monkeypatch.setattr(search, "SEARCH_WINDOW", 2)
    topic = topic_with_post(title="Hardware", content="Nothing to see")
    old = reply(topic, content="Zebrafirst laptop laptop laptop")
    Post.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=9))
    reply(topic, content="Yaksecond laptop")
    reply(topic, content="Wombatthird laptop")
    client = signed_in(UserFactory())
    page = found(client, "laptop")
    assert "Yaksecond" in page and "Wombatthird" in page
    assert "Zebrafirst" not in page  # ranked best, but outside the window of the 2 latest
    reply(topic, content="Otterfourth laptop")
    page = found(client, "laptop")
    assert "Otterfourth" in page and "Wombatthird" in page and "Yaksecond" not in page


@pytest.mark.django_db
def test_within_the_window_the_best_match_comes_first(on_postgres):
    topic = topic_with_post(title="Hardware", content="Nothing to see")
    reply(topic, content="A laptop Quokkaweak mention")
    reply(topic, content="Laptop laptop laptop Pelicanstrong laptop")
    page = found(signed_in(UserFactory()), "laptop")
    assert page.index("Pelicanstrong") < page.index("Quokkaweak")
