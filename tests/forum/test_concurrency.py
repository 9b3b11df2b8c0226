"""Counters under real parallel writers (PostgreSQL only: SQLite serialises everything)."""

import threading

import pytest
from django.db import connection

from forum import services
from forum.models import Post, Topic, TopicView
from tests.factories import UserFactory
from tests.forum.factories import topic_with_post

pytestmark = pytest.mark.django_db(transaction=True)


def run_in_parallel(functions):
    barrier = threading.Barrier(len(functions))
    errors = []

    def run(function):
        try:
            barrier.wait()
            function()
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(function,)) for function in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors


def test_parallel_replies_keep_counters_exact(on_postgres, transactional_db):
    topic = topic_with_post()
    writers = [UserFactory() for _ in range(8)]
    run_in_parallel(
        [
            lambda user=user: services.post_create(author=user, topic=topic, content="Me too")
            for user in writers
        ]
    )
    topic.refresh_from_db()
    topic.category.refresh_from_db()
    assert topic.reply_count == 8 == Post.objects.filter(topic=topic).count() - 1
    assert topic.category.post_count == 9


def test_parallel_first_views_count_once(on_postgres, transactional_db):
    topic = topic_with_post()
    first = topic.posts.get()
    reader = UserFactory()
    run_in_parallel(
        [
            lambda: services.topic_view_record(user=reader, topic=topic, last_shown=first)
            for _ in range(6)
        ]
    )
    assert Topic.objects.get(pk=topic.pk).view_count == 1
    assert TopicView.objects.filter(user=reader, topic=topic).count() == 1
