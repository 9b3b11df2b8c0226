"""/manage/users/<pk>/anonymise/: the counts first, then the anonymisation (#27)."""

from django.urls import reverse

from accounts.models import User
from forum.models import Topic
from tests.factories import UserFactory, grant
from tests.forum.factories import topic_with_post


def _url(person):
    return reverse("manage:user_anonymise", args=[person.pk])


def test_shows_what_will_happen_then_anonymises(admin_client):
    person = UserFactory(username="leaver")
    topic = topic_with_post(author=person)
    page = admin_client.get(_url(person)).content.decode()
    assert "forum.Topic.author" in page and "People are not deleted" in page
    response = admin_client.post(_url(person), {"reason": "left"})
    assert response.status_code == 302
    assert User.objects.get(pk=person.pk).anonymised_at is not None
    assert Topic.objects.get(pk=topic.pk).author_id == person.pk
    again = admin_client.get(_url(person)).content.decode()
    assert "already anonymised" in again


def test_bad_input_and_oneself_are_refused(admin_client, admin_user):
    person = UserFactory(username="leaver")
    response = admin_client.post(_url(person), {"reason": ""})
    assert response.status_code == 200
    assert User.objects.get(pk=person.pk).anonymised_at is None
    response = admin_client.post(_url(admin_user), {"reason": "me"})
    assert "your own account" in response.content.decode()
    assert User.objects.get(pk=admin_user.pk).anonymised_at is None


def test_a_user_manager_is_not_enough(client, db):
    manager = grant(UserFactory(username="manager"), "accounts.manage_users")
    person = UserFactory(username="leaver")
    client.force_login(manager)
    assert client.post(_url(person), {"reason": "x"}).status_code == 403
    assert User.objects.get(pk=person.pk).anonymised_at is None


def test_the_edit_page_links_to_it(admin_client):
    person = UserFactory(username="leaver")
    page = admin_client.get(reverse("manage:user_edit", args=[person.pk])).content.decode()
    assert _url(person) in page
