"""The forum index and a category's topic list: what each role sees (pending topics for their
validators and authors only), the viewer's own read marks and follow state, and every write
shown at once."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from forum import services
from forum.models import Status
from tests.factories import UserFactory, grant
from tests.forum.factories import CategoryFactory, reply, topic_with_post

pytestmark = pytest.mark.django_db

INDEX = reverse("forum:index")


def signed_in(user, language="en"):
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return client


def page_of(client, path):
    html, queries = page_and_queries(client, path)
    return html, len(queries)


def page_and_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in queries.captured_queries]


def category_moderator(category):
    """An employee made moderator of `category` only (guardian object rights)."""
    user = UserFactory()
    admin = UserFactory(role="admin", is_superuser=True)
    services.category_moderator_set(actor=admin, category=category, user=user, add=True)
    return user


@pytest.fixture
def validated():
    """A category whose new topics wait for validation, with one visible and one pending."""
    category = CategoryFactory(name="Questions", requires_topic_validation=True)
    moderator = category_moderator(category)
    topic_with_post(category=category, author=moderator, title="Published one")
    pending = topic_with_post(category=category, title="Waiting one")
    assert pending.status == Status.PENDING
    return category, moderator, pending


# --- rights and one's own topics ----------------------------------------------------------------


@pytest.mark.parametrize("moderator_first", [True, False])
def test_category_moderator_and_employee_never_share(validated, moderator_first):
    category, moderator, _ = validated
    viewers = [signed_in(moderator), signed_in(UserFactory())]
    pages = [
        page_of(client, category.get_absolute_url())[0]
        for client in viewers[:: 1 if moderator_first else -1]
    ]
    moderated, employee = pages if moderator_first else pages[::-1]
    assert "Waiting one" in moderated and "Waiting for validation" in moderated
    assert "Waiting one" not in employee and "Published one" in employee


def test_moderator_of_another_category_does_not_see_pending_topics(validated):
    category, _, _ = validated
    elsewhere = category_moderator(CategoryFactory())
    page_of(signed_in(UserFactory()), category.get_absolute_url())  # an employee's body first
    assert "Waiting one" not in page_of(signed_in(elsewhere), category.get_absolute_url())[0]
    global_moderator = UserFactory(role="moderator")
    assert "Waiting one" in page_of(signed_in(global_moderator), category.get_absolute_url())[0]


@pytest.mark.parametrize("author_first", [True, False])
def test_an_authors_pending_topic_is_shown_to_them_only(validated, author_first):
    category, _, pending = validated
    viewers = [signed_in(pending.author), signed_in(UserFactory())]
    pages = [
        page_of(client, category.get_absolute_url())[0]
        for client in viewers[:: 1 if author_first else -1]
    ]
    own, other = pages if author_first else pages[::-1]
    assert "Waiting one" in own and "Waiting one" not in other


def test_a_rejected_topic_stays_its_authors_and_leaves_the_moderators(validated):
    category, moderator, pending = validated
    services.topic_review(actor=moderator, topic=pending, approve=False, reason="Off topic")
    assert "Waiting one" not in page_of(signed_in(moderator), category.get_absolute_url())[0]
    own = page_of(signed_in(pending.author), category.get_absolute_url())[0]
    assert "Waiting one" in own and "Rejected" in own


@pytest.mark.parametrize("manager_first", [True, False])
def test_managers_buttons_are_theirs(manager_first):
    category = CategoryFactory()
    topic_with_post(category=category, title="Question")
    manager = grant(UserFactory(), "forum.manage_forum")
    for path, button in [(INDEX, "New category"), (category.get_absolute_url(), "Moderators")]:
        viewers = [signed_in(manager), signed_in(UserFactory())]
        pages = [page_of(client, path)[0] for client in viewers[:: 1 if manager_first else -1]]
        managed, employee = pages if manager_first else pages[::-1]
        assert button in managed and button not in employee
        assert "Question" in managed and "Question" in employee


@pytest.mark.parametrize("moderator_first", [True, False])
def test_the_moderation_queue_button_is_the_moderators(validated, moderator_first):
    _, moderator, _ = validated
    viewers = [signed_in(moderator), signed_in(UserFactory())]
    pages = [page_of(client, INDEX)[0] for client in viewers[:: 1 if moderator_first else -1]]
    moderated, employee = pages if moderator_first else pages[::-1]
    assert "Moderation queue" in moderated and "Moderation queue" not in employee


# --- the viewer's own parts -----------------------------------------------------------------------


def _new_badges(html):
    return html.count('<span class="badge badge-info">New</span>')


def test_read_marks_and_follow_state_are_the_viewers():
    category = CategoryFactory()
    topics = [topic_with_post(category=category, title=f"Question {n}") for n in range(3)]
    reader = UserFactory(first_name="Zoltan", last_name="Firstviewer")
    reader_client = signed_in(reader)
    reader_client.get(topics[0].get_absolute_url())  # reads one topic
    services.subscription_set(user=reader, category=category, follow=True)
    reply(topics[0], content="Something new")  # reader has read before: "first unread post"
    read, _ = page_of(reader_client, category.get_absolute_url())
    assert _new_badges(read) == 3 and read.count("first unread post") == 1
    assert "Unfollow category" in read

    other, _ = page_of(signed_in(UserFactory()), category.get_absolute_url())
    assert _new_badges(other) == 3 and "first unread post" not in other
    assert "Follow category" in other and "Unfollow category" not in other
    assert "Firstviewer" not in other

    reader_client.get(topics[0].get_absolute_url())  # reads it again: nothing new in it
    again, _ = page_of(reader_client, category.get_absolute_url())
    assert _new_badges(again) == 2 and "first unread post" not in again


def test_a_page_holds_nothing_of_a_previous_viewer():
    category = CategoryFactory()
    topic_with_post(category=category, title="Question")
    page_of(signed_in(UserFactory(first_name="Zoltan", last_name="Firstviewer")), INDEX)
    page_of(
        signed_in(UserFactory(first_name="Zoltan", last_name="Firstviewer")),
        category.get_absolute_url(),
    )
    second = signed_in(UserFactory(first_name="Maud"))
    assert "Firstviewer" not in page_of(second, INDEX)[0]
    assert "Firstviewer" not in page_of(second, category.get_absolute_url())[0]


# --- writes show at once ------------------------------------------------------------------------


def test_a_new_topic_shows_at_once():
    category, author = CategoryFactory(), UserFactory()  # a new user would render again too
    topic_with_post(category=category, author=author, title="First question")
    client = signed_in(UserFactory())
    page_of(client, INDEX), page_of(client, category.get_absolute_url())
    topic_with_post(category=category, author=author, title="Second question")
    listing, _ = page_of(client, category.get_absolute_url())
    assert "First question" in listing and "Second question" in listing
    assert "Second question" in page_of(client, INDEX)[0]  # the category's last post


def test_a_reply_shows_at_once_in_the_counters():
    category = CategoryFactory()
    topic = topic_with_post(category=category, title="Question")
    ada = UserFactory(first_name="Ada", last_name="Lovelace")
    client = signed_in(UserFactory())
    assert '<td class="text-right">0</td>' in page_of(client, category.get_absolute_url())[0]
    assert "Ada Lovelace" not in page_of(client, INDEX)[0]
    reply(topic, author=ada)
    listing, _ = page_of(client, category.get_absolute_url())
    assert '<td class="text-right">1</td>' in listing and "Ada Lovelace" in listing
    assert "Ada Lovelace" in page_of(client, INDEX)[0]


def test_an_author_renamed_shows_at_once():
    author = UserFactory(first_name="Ada", last_name="Lovelace")
    category = CategoryFactory()
    topic_with_post(category=category, author=author)
    client = signed_in(UserFactory())
    assert "Ada Lovelace" in page_of(client, INDEX)[0]
    assert "Ada Lovelace" in page_of(client, category.get_absolute_url())[0]
    author.last_name = "King"
    author.save()
    assert "Ada King" in page_of(client, INDEX)[0]
    assert "Ada King" in page_of(client, category.get_absolute_url())[0]


def test_a_topic_hidden_or_approved_shows_at_once(validated):
    category, moderator, pending = validated
    published = category.topics.get(title="Published one")
    client = signed_in(UserFactory())
    assert "Waiting one" not in page_of(client, category.get_absolute_url())[0]
    services.topic_review(actor=moderator, topic=pending, approve=True)
    assert "Waiting one" in page_of(client, category.get_absolute_url())[0]
    services.topic_delete(actor=moderator, topic=published)
    assert "Published one" not in page_of(client, category.get_absolute_url())[0]


def test_a_topic_moderated_shows_at_once():
    category = CategoryFactory()
    topic = topic_with_post(category=category, title="Question")
    moderator, client = UserFactory(role="moderator"), signed_in(UserFactory())
    assert "Pinned" not in page_of(client, category.get_absolute_url())[0]
    services.topic_moderate(actor=moderator, topic=topic, pinned=True)  # saves the topic only
    assert "Pinned" in page_of(client, category.get_absolute_url())[0]


def test_a_topic_renamed_shows_at_once():
    category = CategoryFactory()
    topic = topic_with_post(category=category, title="Old title")
    client = signed_in(UserFactory())
    assert "Old title" in page_of(client, INDEX)[0]
    assert "Old title" in page_of(client, category.get_absolute_url())[0]
    services.topic_edit(actor=topic.author, topic=topic, title="New title")  # the topic only
    assert "New title" in page_of(client, INDEX)[0]
    assert "New title" in page_of(client, category.get_absolute_url())[0]


def test_a_category_renamed_or_closed_shows_at_once():
    category = CategoryFactory(name="Old name")
    manager, client = grant(UserFactory(), "forum.manage_forum"), signed_in(UserFactory())
    assert "Old name" in page_of(client, INDEX)[0]
    category.name, category.active = "New name", False
    services.category_save(actor=manager, category=category)
    index, _ = page_of(client, INDEX)
    assert "New name" in index and "Old name" not in index and "Closed" in index


def test_a_moderator_appointed_sees_pending_topics_at_once(validated):
    category, _, _ = validated
    user, admin = UserFactory(), UserFactory(role="admin", is_superuser=True)
    client = signed_in(user)
    assert "Waiting one" not in page_of(client, category.get_absolute_url())[0]
    services.category_moderator_set(actor=admin, category=category, user=user, add=True)
    assert "Waiting one" in page_of(signed_in(user), category.get_absolute_url())[0]


def test_each_category_has_its_own_topic_list():
    first, second = CategoryFactory(), CategoryFactory()
    topic_with_post(category=first, title="About the first")
    topic_with_post(category=second, title="About the second")
    client = signed_in(UserFactory())
    assert "About the first" in page_of(client, first.get_absolute_url())[0]
    listing, _ = page_of(client, second.get_absolute_url())
    assert "About the second" in listing and "About the first" not in listing


# --- pages and language ------------------------------------------------------------------------


def test_page_number_and_language_are_the_requests():
    category = CategoryFactory()
    for n in range(25):
        topic_with_post(category=category, title=f"Question {n:02d}")
    client, french_client = signed_in(UserFactory()), signed_in(UserFactory(), "fr")
    first, _ = page_of(client, category.get_absolute_url())
    second, _ = page_of(client, category.get_absolute_url() + "?page=2")
    assert first != second
    assert 'aria-current="page">2<' in second and "Question 04" in second
    assert "Question 04" not in first
    assert client.get(category.get_absolute_url() + "?page=99").status_code == 404
    with translation.override("en"):  # the request leaves its language active: restored after
        french, _ = page_of(french_client, category.get_absolute_url())
    assert "Topic" in first and "Sujet" in french and ">Topic<" not in french
