"""`intrasphere.rows.from_row` builds the instance the ORM would have built from the same row,
whichever way it takes (directly, or through `Model.__init__` when a receiver listens)."""

import pytest
from django.db import connection
from django.db.models.signals import post_init

from forum.models import Post
from intrasphere.rows import columns, from_row
from tests.factories import UserFactory
from tests.forum.factories import topic_with_post

pytestmark = pytest.mark.django_db


def _row(model, pk, fields=None):
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns(model, 't', fields)} FROM {table} t WHERE t.id = %s", [pk])  # noqa: S608
        return cursor.fetchone()


def _values(instance) -> dict:
    return {key: value for key, value in instance.__dict__.items() if key != "_state"}


@pytest.mark.parametrize("model", ["user", "post"])
def test_the_instance_is_the_orm_s(model):
    topic = topic_with_post(content="Hello")
    instance = UserFactory(first_name="Ada") if model == "user" else topic.posts.get()
    loaded = type(instance).objects.get(pk=instance.pk)
    built = from_row(type(instance), _row(type(instance), instance.pk))
    assert _values(built) == _values(loaded)
    assert (built._state.adding, built._state.db) == (False, "default")
    assert built.get_deferred_fields() == set()


def test_a_saved_instance_updates_its_row():
    user = UserFactory(first_name="Ada")
    built = from_row(type(user), _row(type(user), user.pk))
    built.first_name = "Grace"
    built.save(update_fields=["first_name"])  # an update: not adding
    user.refresh_from_db()
    assert user.first_name == "Grace"


def test_fields_left_out_are_deferred_and_load_on_access():
    post = topic_with_post(content="Deferred text").posts.get()
    fields = [Post._meta.get_field(name) for name in ("id", "topic", "author", "status")]
    built = from_row(Post, _row(Post, post.pk, fields), fields)
    assert "content" in built.get_deferred_fields()
    assert built.author_id == post.author_id and built.topic_id == post.topic_id
    assert built.content == "Deferred text"  # one query, as with .only()


def test_a_post_init_receiver_still_sees_every_instance():
    post = topic_with_post().posts.get()
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance)

    post_init.connect(receiver, sender=Post)
    try:
        built = from_row(Post, _row(Post, post.pk))
    finally:
        post_init.disconnect(receiver, sender=Post)
    assert seen == [built] and seen[0].content == post.content
    assert built._state.adding is False
