"""Likes: toggle, refused on pending/deleted posts, exact counter under parallel toggles."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from forum import services
from forum.models import Like, Post
from tests.factories import UserFactory
from tests.forum.factories import CategoryFactory, reply, topic_with_post


@pytest.mark.django_db
def test_like_toggle(employee_client, employee):
    post = topic_with_post().posts.get()
    url = reverse("forum:post_like", kwargs={"pk": post.pk})
    assert employee_client.post(url).status_code == 302
    post.refresh_from_db()
    assert post.like_count == 1 and Like.objects.filter(user=employee, post=post).exists()
    employee_client.post(url)
    post.refresh_from_db()
    assert post.like_count == 0 and not Like.objects.exists()


@pytest.mark.django_db
def test_like_needs_post(employee_client):
    post = topic_with_post().posts.get()
    assert (
        employee_client.get(reverse("forum:post_like", kwargs={"pk": post.pk})).status_code == 405
    )


@pytest.mark.django_db
def test_liking_pending_post_refused(client, employee, moderator):
    topic = topic_with_post(category=CategoryFactory(requires_post_validation=True))
    pending = reply(topic, author=employee)
    client.force_login(employee)  # the author sees it but may not like it
    response = client.post(reverse("forum:post_like", kwargs={"pk": pending.pk}), follow=True)
    assert "Only published posts can be liked." in response.text
    with pytest.raises(services.ValidationError):
        services.like_toggle(user=moderator, post=pending)
    assert not Like.objects.exists()


@pytest.mark.django_db
def test_liking_deleted_post_refused(employee_client, employee, moderator):
    topic = topic_with_post()
    post = reply(topic)
    services.post_delete(actor=moderator, post=post)
    response = employee_client.post(reverse("forum:post_like", kwargs={"pk": post.pk}))
    assert response.status_code == 404
    with pytest.raises(services.ValidationError):
        services.like_toggle(user=employee, post=post)
    assert not Like.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_like_count_exact_under_parallel_toggles(on_postgres, transactional_db):
    post = topic_with_post().posts.get()
    users = [UserFactory() for _ in range(6)]
    others = [UserFactory() for _ in range(6)]
    barrier = threading.Barrier(len(users) + len(others))
    errors = []

    def toggle_three_times(user):
        try:
            barrier.wait()
            for _ in range(3):  # like, unlike, like
                services.like_toggle(user=user, post=post)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    def toggle_once(user):
        try:
            barrier.wait()
            services.like_toggle(user=user, post=post)
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=toggle_three_times, args=(u,)) for u in users]
    threads += [threading.Thread(target=toggle_once, args=(u,)) for u in others]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    post = Post.objects.get(pk=post.pk)
    # Every user toggled an odd number of times: all twelve like it in the end.
    assert post.like_count == Like.objects.filter(post=post).count() == 12
