"""The topic page (forum.views.topic_detail): the posts each role sees (pending ones for the
category's moderators and their authors only), the viewer's own like state, CSRF forms and
per-post rights, the read position, and every write shown at once (the cached post bodies are
keyed by the post's version)."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum import services
from forum.models import Status, Topic, TopicView
from tests.factories import UserFactory
from tests.forum.factories import CategoryFactory, reply, topic_with_post

pytestmark = pytest.mark.django_db

INDEX = reverse("forum:index")


def signed_in(user, *, csrf_checks=False):
    """A signed-in client whose session is warm (a first request writes it)."""
    client = Client(enforce_csrf_checks=csrf_checks)
    client.force_login(user)
    assert client.get(INDEX).status_code == 200
    return client


def page_and_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in queries.captured_queries]


def page(client, path):
    return page_and_queries(client, path)[0]


def _url(name, post):
    return reverse(f"forum:{name}", kwargs={"pk": post.pk})


@pytest.fixture
def validated():
    """A topic in a category whose replies wait for validation: one published, one pending
    reply, and a moderator of that category only."""
    category = CategoryFactory(requires_post_validation=True)
    moderator = UserFactory(first_name="Mona", last_name="Moderator")
    admin = UserFactory(role="admin", is_superuser=True)
    services.category_moderator_set(actor=admin, category=category, user=moderator, add=True)
    topic = topic_with_post(category=category, author=moderator, content="Opening words")
    pending = reply(topic, content="Waiting reply")
    assert pending.status == Status.PENDING
    return topic, moderator, pending


# --- rendering ---------------------------------------------------------------------------------


def test_posts_render_their_markdown_and_their_likes_only_when_they_have_some():
    topic = topic_with_post(content="Opening *words*")
    liked = reply(topic, content="Liked reply")
    services.like_toggle(user=UserFactory(), post=liked)
    html = page(signed_in(UserFactory()), topic.get_absolute_url())
    assert "<em>words</em>" in html
    assert 'data-likes="0"' not in html  # `{% if post.like_count %}` is Django's own if
    assert _like_count(html, liked) == 1


def test_the_query_count_does_not_grow_with_the_posts(settings):
    settings.PAGE_SIZE = 50
    topic = topic_with_post()
    client = signed_in(UserFactory())
    counts = []
    for total in (5, 50):
        while topic.posts.count() < total:
            reply(topic, content=f"Reply @{topic.author.username}")
        page(client, topic.get_absolute_url())  # records the read position
        counts.append(len(page_and_queries(client, topic.get_absolute_url())[1]))
    assert counts[0] == counts[1] <= 15


def test_a_cached_post_body_follows_its_edit_and_its_mentions():
    mentioned = UserFactory(username="grace")
    topic = topic_with_post(content="Ask @grace")
    client = signed_in(UserFactory())
    person = reverse("accounts:person_detail", kwargs={"username": "grace"})
    assert f'href="{person}"' in page(client, topic.get_absolute_url())
    mentioned.is_active = False
    mentioned.save()
    assert f'href="{person}"' not in page(client, topic.get_absolute_url())
    first = topic.posts.get()
    services.post_edit(actor=first.author, post=first, content="Ask *someone*")
    assert "<em>someone</em>" in page(client, topic.get_absolute_url())


def test_the_read_position_is_the_last_post_shown(settings):
    settings.PAGE_SIZE = 2
    topic = topic_with_post()
    second = reply(topic)
    third = reply(topic)
    reader = UserFactory()
    page(signed_in(reader), topic.get_absolute_url())
    assert TopicView.objects.get(user=reader, topic=topic).last_seen_post == second
    page(signed_in(reader), topic.get_absolute_url() + "?page=2")
    assert TopicView.objects.get(user=reader, topic=topic).last_seen_post == third


# --- rights and one's own posts -------------------------------------------------------------------


def test_a_view_that_shows_nothing_new_reads_no_read_position():
    topic = topic_with_post()
    reader = signed_in(UserFactory())
    page(reader, topic.get_absolute_url())  # the first view records the position
    _html, queries = page_and_queries(reader, topic.get_absolute_url())
    on_views = [sql for sql in queries if sql.startswith(('SELECT "forum_topicview"', "INSERT"))]
    assert on_views + [sql for sql in queries if sql.startswith("UPDATE")] == []
    newer = reply(topic)
    page(reader, topic.get_absolute_url())
    assert TopicView.objects.get(topic=topic).last_seen_post == newer  # a newer post is recorded


@pytest.mark.parametrize("moderator_first", [True, False])
def test_moderator_and_employee_never_share(validated, moderator_first):
    topic, moderator, _ = validated
    viewers = [signed_in(moderator), signed_in(UserFactory())]
    pages = [
        page(client, topic.get_absolute_url())
        for client in viewers[:: 1 if moderator_first else -1]
    ]
    moderated, employee = pages if moderator_first else pages[::-1]
    assert "Waiting reply" in moderated and "Waiting for validation" in moderated
    assert 'name="decision" value="approve"' in moderated
    assert "Waiting reply" not in employee and "Waiting for validation" not in employee
    assert 'value="approve"' not in employee and "Opening words" in employee


def test_a_moderator_of_another_category_sees_no_pending_post(validated):
    topic, _, _ = validated
    elsewhere = UserFactory()
    admin = UserFactory(role="admin", is_superuser=True)
    services.category_moderator_set(
        actor=admin, category=CategoryFactory(), user=elsewhere, add=True
    )
    page(signed_in(UserFactory()), topic.get_absolute_url())  # an employee's body first
    assert "Waiting reply" not in page(signed_in(elsewhere), topic.get_absolute_url())
    assert "Waiting reply" in page(
        signed_in(UserFactory(role="moderator")), topic.get_absolute_url()
    )


@pytest.mark.parametrize("author_first", [True, False])
def test_an_authors_pending_post_is_shown_to_them_only(validated, author_first):
    topic, _, pending = validated
    viewers = [signed_in(pending.author), signed_in(UserFactory())]
    pages = [
        page(client, topic.get_absolute_url()) for client in viewers[:: 1 if author_first else -1]
    ]
    own, other = pages if author_first else pages[::-1]
    assert "Waiting reply" in own and "Waiting for validation" in own
    assert "Waiting reply" not in other


def test_a_rejected_post_stays_its_authors(validated):
    topic, moderator, pending = validated
    services.post_review(actor=moderator, post=pending, approve=False, reason="Off topic")
    assert "Waiting reply" not in page(signed_in(moderator), topic.get_absolute_url())
    own = page(signed_in(pending.author), topic.get_absolute_url())
    assert "Waiting reply" in own and "Rejected:" in own and "Off topic" in own


def test_the_author_gets_edit_and_delete_on_their_own_posts_only():
    author = UserFactory()
    topic = topic_with_post(content="Not mine")
    own = reply(topic, author=author, content="Mine")
    theirs = reply(topic, content="Not mine either")
    page(signed_in(UserFactory()), topic.get_absolute_url())  # someone else warms the body
    html = page(signed_in(author), topic.get_absolute_url())
    assert _url("post_edit", own) in html and _url("post_delete", own) in html
    for other in (topic.posts.earliest("created_at"), theirs):
        assert _url("post_edit", other) not in html and _url("post_delete", other) not in html
        assert _url("post_report", other) in html
    assert _url("post_report", own) not in html
    stranger = page(signed_in(UserFactory()), topic.get_absolute_url())
    assert _url("post_edit", own) not in stranger and _url("post_delete", own) not in stranger


def test_a_locked_topic_takes_the_authors_edit_link_at_once():
    author = UserFactory()
    topic = topic_with_post(author=author)
    first = topic.posts.get()
    client = signed_in(author)
    assert _url("post_edit", first) in page(client, topic.get_absolute_url())
    services.topic_moderate(actor=UserFactory(role="moderator"), topic=topic, locked=True)
    html = page(client, topic.get_absolute_url())
    assert _url("post_edit", first) not in html and ">Quote<" not in html


def test_quote_buttons_follow_the_topics_state_even_without_a_save():
    topic = topic_with_post()
    client = signed_in(UserFactory())
    assert ">Quote<" in page(client, topic.get_absolute_url())
    Topic.objects.filter(pk=topic.pk).update(locked=True)  # no signal: no generation bumped
    html = page(client, topic.get_absolute_url())
    assert ">Quote<" not in html and "Post reply" not in html


def test_the_header_shows_each_viewer_their_follow_state_and_topic_controls():
    author = UserFactory()
    topic = topic_with_post(author=author)
    follower, moderator = UserFactory(), UserFactory(role="moderator")
    services.subscription_set(user=follower, topic=topic, follow=True)
    following = page(signed_in(follower), topic.get_absolute_url())
    assert ">Unfollow<" in following
    assert _url("topic_edit", topic) not in following and _url("topic_move", topic) not in following
    own = page(signed_in(author), topic.get_absolute_url())
    assert ">Follow<" in own or ">Unfollow<" in own
    assert _url("topic_edit", topic) in own and _url("topic_delete", topic) in own
    assert _url("topic_move", topic) not in own and 'value="lock"' not in own
    moderated = page(signed_in(moderator), topic.get_absolute_url())
    assert _url("topic_move", topic) in moderated and 'value="lock"' in moderated
    assert ">Follow<" in moderated


# --- likes and CSRF -------------------------------------------------------------------------------


def _like_form(html, post):
    """The token of the like form of `post`, and whether it shows as liked."""
    form = re.search(
        rf'<form method="post" action="{_url("post_like", post)}">'
        r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)">'
        r'<button [^>]*aria-pressed="(true|false)"',
        html,
    )
    assert form, "no like form with a CSRF token"
    return form[1], form[2] == "true"


def _like_count(html, post):
    article = html[html.index(f'id="post-{post.pk}"') :]
    return int(re.search(r'data-likes="(\d+)"', article)[1])


def test_each_viewer_likes_through_their_own_form():
    topic = topic_with_post()
    post = reply(topic, content="Likeable")
    liker = signed_in(UserFactory(), csrf_checks=True)
    other = signed_in(UserFactory(), csrf_checks=True)
    page(other, topic.get_absolute_url())  # the other viewer warms the body
    token, liked = _like_form(page(liker, topic.get_absolute_url()), post)
    assert not liked
    assert liker.post(_url("post_like", post)).status_code == 403  # the token is required
    response = liker.post(_url("post_like", post), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    html = page(liker, topic.get_absolute_url())
    assert _like_form(html, post)[1] and ">Unlike<" in html
    assert _like_count(html, post) == 1  # at once, although the counter is a bulk update
    other_html = page(other, topic.get_absolute_url())
    other_token, other_liked = _like_form(other_html, post)
    assert not other_liked and _like_count(other_html, post) == 1
    assert (
        other.post(_url("post_like", post), {"csrfmiddlewaretoken": other_token}).status_code == 302
    )
    assert _like_count(page(liker, topic.get_absolute_url()), post) == 2


def test_no_like_form_on_a_pending_post(validated):
    topic, moderator, pending = validated
    html = page(signed_in(moderator), topic.get_absolute_url())
    assert _url("post_like", topic.posts.earliest("created_at")) in html
    assert _url("post_like", pending) not in html


# --- writes show at once --------------------------------------------------------------------------


def test_a_reply_an_edit_and_a_deletion_show_at_once():
    topic = topic_with_post(content="Opening words")
    old = reply(topic, content="Old reply")
    client = signed_in(UserFactory())
    assert "Old reply" in page(client, topic.get_absolute_url())
    reply(topic, content="Fresh reply")
    assert "Fresh reply" in page(client, topic.get_absolute_url())
    services.post_edit(actor=old.author, post=old, content="Reworded reply")
    html = page(client, topic.get_absolute_url())
    assert "Reworded reply" in html and "Old reply" not in html and "edited" in html
    services.post_delete(actor=old.author, post=old)
    assert "Reworded reply" not in page(client, topic.get_absolute_url())


def test_a_moderation_shows_at_once(validated):
    topic, moderator, pending = validated
    client = signed_in(UserFactory())
    assert "Waiting reply" not in page(client, topic.get_absolute_url())
    moderated = signed_in(moderator)
    assert 'value="approve"' in page(moderated, topic.get_absolute_url())
    services.post_review(actor=moderator, post=pending, approve=True)
    assert "Waiting reply" in page(client, topic.get_absolute_url())
    assert 'value="approve"' not in page(moderated, topic.get_absolute_url())


def test_an_author_renamed_shows_at_once():
    author = UserFactory(first_name="Ada", last_name="Lovelace")
    topic = topic_with_post(author=author)
    client = signed_in(UserFactory())
    assert "Ada Lovelace" in page(client, topic.get_absolute_url())
    author.last_name = "King"
    author.save()
    assert "Ada King" in page(client, topic.get_absolute_url())


# --- pages and viewers ---------------------------------------------------------------------


def test_each_page_and_topic_shows_its_own_posts(settings):
    settings.PAGE_SIZE = 2
    topic = topic_with_post(content="Post zero")
    for n in range(1, 4):
        reply(topic, content=f"Post {['zero', 'one', 'two', 'three'][n]}")
    other = topic_with_post(content="Elsewhere entirely")
    client = signed_in(UserFactory())
    first = page(client, topic.get_absolute_url())
    second = page(client, topic.get_absolute_url() + "?page=2")
    assert "Post one" in first and "Post two" not in first
    assert "Post two" in second and "Post one" not in second
    assert 'aria-current="page">2<' in second
    elsewhere = page(client, other.get_absolute_url())
    assert "Elsewhere entirely" in elsewhere and "Post zero" not in elsewhere


def test_a_page_holds_nothing_of_a_previous_viewer():
    topic = topic_with_post()
    post = reply(topic)
    first = signed_in(UserFactory(first_name="Zoltan", last_name="Firstviewer"))
    first_token = _like_form(page(first, topic.get_absolute_url()), post)[0]
    second_html = page(signed_in(UserFactory(first_name="Maud")), topic.get_absolute_url())
    assert "Firstviewer" not in second_html
    assert first_token not in second_html
