"""Forum factories: categories, topics (with their first post), posts, reports."""

import factory

from forum import services
from forum.models import Category, Post, Report, Topic
from tests.factories import UserFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    description = "Talk about things."


class TopicFactory(factory.django.DjangoModelFactory):
    """Built raw; use `topic_with_post` for a topic made through the service."""

    class Meta:
        model = Topic

    category = factory.SubFactory(CategoryFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    topic = factory.SubFactory(TopicFactory)
    author = factory.SubFactory(UserFactory)
    content = factory.Sequence(lambda n: f"Post number {n}")


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    post = factory.SubFactory(PostFactory)
    reporter = factory.SubFactory(UserFactory)
    reason = "Off topic"


def topic_with_post(*, author=None, category=None, title="A question", content="Hello all"):
    """A topic created through the public service (counters, subscription, first post)."""
    return services.topic_create(
        author=author or UserFactory(),
        category=category or CategoryFactory(),
        title=title,
        content=content,
    )


def reply(topic, *, author=None, content="A reply"):
    return services.post_create(author=author or UserFactory(), topic=topic, content=content)
