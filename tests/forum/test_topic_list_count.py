"""A category's topic list pages by a shared count of its topics (per class of viewer: the
category's validators see pending topics, others do not; plus the viewer's own waiting or
rejected ones), kept until a topic changes: a view does not count the category's topics again."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from forum import services
from forum.models import Status
from tests.factories import UserFactory
from tests.forum.factories import CategoryFactory, topic_with_post

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def listing(client, category):
    """(the count the list pages by, the titles it shows, the SQL of the view)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(category.get_absolute_url())
    assert response.status_code == 200
    page = response.context["page"]
    titles = [topic.title for topic in page.object_list]
    return page.paginator.count, titles, [query["sql"] for query in queries.captured_queries]


def count_of(client, category):
    count, titles, _ = listing(client, category)
    assert count == len(titles)  # the count agrees with the rows (one page here)
    return count


def topic_counts(sql):
    return [q for q in sql if "COUNT(" in q.upper() and "forum_topic" in q]


@pytest.fixture
def questions():
    """A category whose new topics wait for validation: two published topics, one pending and
    one rejected topic by `author`, one pending topic by someone else."""
    category = CategoryFactory(name="Questions", requires_topic_validation=True)
    validator, author = UserFactory(), UserFactory()
    admin = UserFactory(role="admin", is_superuser=True)
    services.category_moderator_set(actor=admin, category=category, user=validator, add=True)
    for title in ("Published one", "Published two"):
        topic_with_post(category=category, author=validator, title=title)
    topic_with_post(category=category, author=author, title="Author waiting")
    rejected = topic_with_post(category=category, author=author, title="Author rejected")
    services.topic_review(actor=validator, topic=rejected, approve=False, reason="Off topic")
    other = topic_with_post(category=category, title="Other waiting")
    assert other.status == Status.PENDING
    return category, validator, author, other


def test_each_role_pages_by_the_topics_it_sees(questions):
    category, validator, author, other = questions
    reader = signed_in(UserFactory())
    assert count_of(reader, category) == 2
    assert count_of(signed_in(author), category) == 4  # their waiting and rejected ones too
    assert count_of(signed_in(other.author), category) == 3  # their own, not the author's
    assert count_of(signed_in(validator), category) == 4  # every pending one, no rejected one
    global_moderator = signed_in(UserFactory(role="moderator"))
    assert count_of(global_moderator, category) == 4
    assert count_of(reader, category) == 2  # the validators' count is not the readers'
    assert count_of(signed_in(UserFactory()), CategoryFactory()) == 0  # per category


def test_the_second_view_does_not_count_the_topics(questions):
    category, validator, author, _ = questions
    for user in (UserFactory(), author, validator):
        client = signed_in(user)
        first_count, _, first = listing(client, category)
        second_count, _, second = listing(client, category)
        assert first_count == second_count
        assert topic_counts(first) and not topic_counts(second)
        assert len(second) < len(first)
    # Another reader of the same class reuses the count too.
    assert not topic_counts(listing(signed_in(UserFactory()), category)[2])


def test_a_new_a_deleted_and_an_approved_topic_change_the_count(questions):
    category, validator, author, other = questions
    reader, moderator = signed_in(UserFactory()), signed_in(validator)
    author_client = signed_in(author)
    assert (count_of(reader, category), count_of(moderator, category)) == (2, 4)
    services.topic_review(actor=validator, topic=other, approve=True)
    assert (count_of(reader, category), count_of(moderator, category)) == (3, 4)
    new = topic_with_post(category=category, author=validator, title="Brand new")
    assert (count_of(reader, category), count_of(moderator, category)) == (4, 5)
    assert count_of(author_client, category) == 6
    services.topic_delete(actor=validator, topic=new)
    assert (count_of(reader, category), count_of(moderator, category)) == (3, 4)
    waiting = category.topics.get(title="Author waiting")
    services.topic_review(actor=validator, topic=waiting, approve=True)
    assert count_of(author_client, category) == 5 and count_of(reader, category) == 4


def test_a_moved_topic_leaves_one_count_for_the_other(questions):
    category, validator, _, _ = questions
    elsewhere = CategoryFactory(name="Elsewhere")
    reader = signed_in(UserFactory())
    assert (count_of(reader, category), count_of(reader, elsewhere)) == (2, 0)
    moved = category.topics.get(title="Published one")
    services.topic_moderate(actor=UserFactory(role="moderator"), topic=moved, category=elsewhere)
    assert (count_of(reader, category), count_of(reader, elsewhere)) == (1, 1)
