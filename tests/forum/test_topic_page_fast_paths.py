"""The topic page's fast paths answer exactly as the slow ones they replace: the viewer's post
parts by substitution into a pattern (`caching.render_patterned`) as a render per part; the
topic, its category and viewer state from one prepared statement
(`selectors.topic_for_page`) as the ORM, with access decided by the `visible_topics` rule; the
empty reply form rendered once per language."""

import itertools
import re

import pytest
from django.http import Http404
from django.test import Client, RequestFactory
from django.utils import translation

from forum import permissions, selectors, services
from forum.models import Status, Subscription, Topic, TopicView
from intrasphere import caching
from tests.factories import UserFactory, grant
from tests.forum.factories import CategoryFactory, reply, topic_with_post

pytestmark = pytest.mark.django_db

PART = "forum/_post_viewer_part.html"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _shapes():
    """Every shape the topic page asks for (forum.views._part_shape)."""
    yield {"part": "likes"}
    for liked in (True, False):
        yield {"part": "like", "can_like": True, "liked": liked}
    yield {"part": "edit", "can_edit": True}
    for delete, report, review in itertools.product((True, False), repeat=3):
        if delete or report or review:
            flags = {"can_delete": delete, "can_report": report, "can_review": review}
            yield {"part": "manage", **flags}


@pytest.mark.parametrize("language", ["en", "fr"])  # both in one process: en's patterns first
def test_patterned_parts_are_a_render_per_part(language):
    request = RequestFactory().get("/")
    request.user = UserFactory()
    parts = [(shape, {"pk": 4321, "like_count": 17}) for shape in _shapes()]
    with translation.override(language):
        patterned = caching.render_patterned(PART, request, parts)
        each = caching.render_each(PART, request, [{**s, **v} for s, v in parts])
    tokens = {match for html in patterned for match in TOKEN.findall(html)}
    assert len(tokens) == 1  # the request's token, one for the page like a render
    for fast, slow in zip(patterned, each, strict=True):
        assert TOKEN.sub("TOKEN", fast) == TOKEN.sub("TOKEN", slow)
    assert any("4321" in html for html in patterned) and "♥ 17" in patterned[0]
    if language == "fr":
        assert any("Supprimer" in html for html in patterned)


def test_patterned_values_must_be_integers():
    """Values go into the HTML unescaped: only integers are taken."""
    request = RequestFactory().get("/")
    request.user = UserFactory()
    with pytest.raises(TypeError):
        caching.render_patterned(PART, request, [({"part": "likes"}, {"like_count": "<b>"})])


def _kinds_of_topic():
    category = CategoryFactory(requires_topic_validation=True)
    author = UserFactory()
    topics = {}
    for status, deleted in itertools.product(Status.values, (False, True)):
        topic = topic_with_post(category=category, author=author, title=f"{status} {deleted}")
        Topic.objects.filter(pk=topic.pk).update(status=status, deleted=deleted)
        topics[(status, deleted)] = topic.pk
    return category, author, topics


def _kinds_of_viewer(category, author):
    admin = UserFactory(role="admin", is_superuser=True)
    validator, other_validator = UserFactory(), UserFactory()
    services.category_moderator_set(actor=admin, category=category, user=validator, add=True)
    services.category_moderator_set(
        actor=admin, category=CategoryFactory(), user=other_validator, add=True
    )
    return {
        "author": author,
        "employee": UserFactory(),
        "moderator": UserFactory(role="moderator"),
        "global validator": grant(UserFactory(), "forum.validate_topics"),
        "post validator only": grant(UserFactory(), "forum.validate_posts"),
        "category validator": validator,
        "validator elsewhere": other_validator,
        "superuser": admin,
    }


def test_topic_page_access_and_can_see_topic_answer_as_visible_topics():
    category, author, topics = _kinds_of_topic()
    for name, viewer in _kinds_of_viewer(category, author).items():
        for kind, pk in topics.items():
            expected = selectors.visible_topics(user=viewer).filter(pk=pk).exists()
            try:
                selectors.topic_for_page(user=viewer, pk=pk)
                found = True
            except Http404:
                found = False
            assert found == expected, (name, kind)
            topic = Topic.objects.select_related("category").get(pk=pk)
            assert permissions.can_see_topic(viewer, topic) == expected, (name, kind)
    with pytest.raises(Http404):
        selectors.topic_for_page(user=author, pk=max(topics.values()) + 1000)


def _orm_values(instance):
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.fields}


@pytest.mark.parametrize("state", ["stranger", "reader"])
def test_topic_page_statement_reads_what_the_orm_reads(state, settings):
    settings.PAGE_SIZE = 2
    category = CategoryFactory(requires_post_validation=True, description="About <things>")
    topic = topic_with_post(category=category, content="First")
    viewer = UserFactory(first_name="Zoé", email_notifications=True)
    if state == "reader":
        reply(topic, author=viewer)  # pending: their own hidden post
        Subscription.objects.get_or_create(user=viewer, topic=topic)
        client = Client()
        client.force_login(viewer)
        assert client.get(topic.get_absolute_url()).status_code == 200
        assert TopicView.objects.filter(user=viewer, topic=topic).exists()
    found = selectors.topic_for_page(user=viewer, pk=topic.pk)
    expected = Topic.objects.select_related("category", "author").get(pk=topic.pk)
    assert _orm_values(found) == _orm_values(expected)
    assert _orm_values(found.category) == _orm_values(expected.category)
    for field in found._meta.fields:  # the same types too (SQLite's booleans and dates)
        assert type(getattr(found, field.attname)) is type(getattr(expected, field.attname))
    view = TopicView.objects.filter(user=viewer, topic=topic).first()
    assert found.following is (state == "reader")
    assert found.own_hidden_posts is (state == "reader")
    assert found.read_until == (view.last_read_at if view else None)


def test_the_blank_reply_form_follows_the_language():
    topic = topic_with_post()
    english, french = Client(), Client(headers={"accept-language": "fr"})
    english.force_login(UserFactory())
    french.force_login(UserFactory())
    with translation.override("en"):
        first = english.get(topic.get_absolute_url()).content.decode()
        second = french.get(topic.get_absolute_url()).content.decode()
    assert 'name="content"' in first and 'name="content"' in second
    assert "Markdown is supported" in first and "Markdown is supported" not in second


@pytest.mark.parametrize("state", ["stranger", "follower with a topic waiting"])
def test_topic_list_statement_reads_what_the_orm_reads(state):
    category = CategoryFactory(requires_topic_validation=True, description="About <things>")
    topic_with_post(category=category)  # waiting, someone else's
    viewer = UserFactory()
    if state != "stranger":
        services.subscription_set(user=viewer, category=category, follow=True)
        assert topic_with_post(category=category, author=viewer).status == Status.PENDING
    found = selectors.category_for_topic_list(slug=category.slug, user=viewer)
    expected = type(category).objects.get(pk=category.pk)
    assert _orm_values(found) == _orm_values(expected)
    for field in found._meta.fields:
        assert type(getattr(found, field.attname)) is type(getattr(expected, field.attname))
    assert found.following is found.own_hidden is (state != "stranger")
    with pytest.raises(Http404):
        selectors.category_for_topic_list(slug=category.slug + "-not", user=viewer)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_patterned_read_marks_are_a_render_per_mark(language):
    request = RequestFactory().get("/")
    request.user = UserFactory()
    marks = [({"part": "badge", "read_before": False}, {"pk": 12})]
    marks.append(({"part": "link", "read_before": True}, {"pk": 34}))
    with translation.override(language):
        patterned = caching.render_patterned("forum/_topic_unread_mark.html", request, marks)
        each = caching.render_each(
            "forum/_topic_unread_mark.html", request, [{**s, **v} for s, v in marks]
        )
    assert patterned == each and "/t/34/" in patterned[1]


@pytest.mark.parametrize("role", ["employee", "moderator"])
def test_warm_topic_page_and_list_keep_to_three_queries(role, django_assert_num_queries):
    """The viewer (session), the topic or category with the viewer's state and the header's
    counters, the read marks or post states: nothing lazy-loaded (the topic's author, say)."""
    topic = topic_with_post(content="First")
    for n in range(4):
        reply(topic, content=f"Reply {n}")
    client = Client()
    client.force_login(UserFactory(role=role))
    for path in (topic.get_absolute_url(), topic.category.get_absolute_url()):
        client.get(path)  # the body, the read position, the session
        with django_assert_num_queries(3):
            assert client.get(path).status_code == 200


def test_a_value_formatted_in_the_template_is_refused(settings, monkeypatch):
    """A thousands separator (or a filter) would print a stand-in the substitution misses."""
    settings.USE_THOUSAND_SEPARATOR = True
    monkeypatch.setattr(caching, "_patterns", {})  # patterns are per process: none yet
    request = RequestFactory().get("/")
    request.user = UserFactory()
    with pytest.raises(ValueError, match="as they are"):
        caching.render_patterned(PART, request, [({"part": "likes"}, {"like_count": 5})])


@pytest.mark.parametrize("name", ["forum:topic_follow", "forum:topic_moderate", "forum:post_like"])
def test_id_url_is_the_url_tag(name):
    from django.urls import reverse

    from intrasphere.templatetags.portal import id_url

    for pk in (1, 42, 7_391_046_283_519_998, 123456789):
        assert id_url(name, pk) == reverse(name, args=[pk])
    assert id_url(name, "17") == reverse(name, args=["17"])  # not an int: reversed as is


HEADER_FLAGS = ("pinned", "locked", "following", "moderator", "can_edit_topic", "can_delete_topic")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_patterned_topic_header_is_its_render(language):
    """The header by substitution is what rendering it with the request gives, for every flag
    and both plural forms (the CSRF token masked differently each time: compared unmasked)."""
    from forum.views import _CategoryMark

    request = RequestFactory().get("/")
    request.user = UserFactory()
    category = _CategoryMark("Café <b>", "/forum/c/cafe/", "#2450b3", "☕")
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    with translation.override(language):
        for flags in itertools.product([False, True], repeat=len(HEADER_FLAGS)):
            for count in (1, 2):
                shape = {
                    "title": "Budget & <plans>",
                    "category": category,
                    "reply_count": count,
                    "view_count": count + 1,
                    **dict(zip(HEADER_FLAGS, flags, strict=True)),
                }
                patterned = caching.render_patterned(
                    "forum/_topic_header.html", request, [(shape, {"pk": 42})]
                )[0]
                rendered = caching.render_each(
                    "forum/_topic_header.html", request, [{**shape, "pk": 42}]
                )[0]
                assert token.sub("T", patterned) == token.sub("T", rendered)


@pytest.mark.django_db
def test_a_title_holding_a_stand_in_is_shown_as_it_is(client):
    """A pattern's stand-ins typed in a title: the header is rendered as usual (no 500)."""
    author = UserFactory()
    for title in (f"Number {caching._STAND_INS[0][0]}", f"Token {caching._STAND_INS[1][1]}"):
        topic = topic_with_post(author=author, title=title)
        client.force_login(author)
        response = client.get(topic.get_absolute_url())
        assert response.status_code == 200
        assert f"<h1>{title}</h1>" in response.content.decode()


@pytest.mark.django_db
def test_the_topic_header_shows_changes_at_once(client):
    author = UserFactory()
    topic = topic_with_post(author=author, title="Before")
    client.force_login(author)
    assert "<h1>Before</h1>" in client.get(topic.get_absolute_url()).content.decode()
    Topic.objects.filter(pk=topic.pk).update(title="After", pinned=True, reply_count=7)
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "<h1>After</h1>" in html and "7 replies" in html and "Unpin" not in html
