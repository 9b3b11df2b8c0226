"""Repeated buttons in lists carry hidden context ("Mark as read: <what>", "Revoke: <right>,
<person>…"): on a list page no two buttons (nor links drawn as buttons) share one name."""

import pytest
from django.urls import reverse

from accounts import services as account_services
from intrasphere.services import notification_send
from tests.accessible_names import control_names, repeated
from tests.factories import UserFactory, grant
from tests.forum.factories import reply, topic_with_post
from tests.pages import signed_in

pytestmark = pytest.mark.django_db


def test_the_reader_of_names_sees_hidden_context_not_hidden_icons():
    html = (
        "<main><button>Revoke<span class='visually-hidden'>: Forum</span></button>"
        "<button aria-label='Close'>×</button><a class='btn' href='#'>Edit"
        "<svg aria-hidden='true'><title>pen</title></svg></a><a href='#'>plain</a></main>"
    )
    assert control_names(html) == ["Revoke: Forum", "Close", "Edit"]
    assert repeated(["a", "b", "a"]) == {"a"}


def test_each_mark_as_read_names_its_notification(employee_client, employee):
    for number in range(13):
        notification_send(recipients=[employee], kind="legacy", params={"text": f"Note {number}"})
    names = control_names(employee_client.get(reverse("notifications:list")).text)
    marks = [name for name in names if name.startswith("Mark as read")]
    assert len(marks) == 13 and "Mark as read: Note 12" in marks
    assert not repeated(names)


def test_each_revoke_names_the_right_and_the_person(admin_user):
    people = [UserFactory(first_name="Ann", last_name=f"Lee{n}") for n in range(3)]
    for person in people:
        for codename in ("forum.manage_forum", "content.manage_events"):
            account_services.permission_grant(actor=admin_user, user=person, codename=codename)
    names = control_names(signed_in(admin_user).get(reverse("manage:permission_list")).text)
    revokes = [name for name in names if name.startswith("Revoke")]
    assert len(revokes) == 6 and any("Ann Lee1" in name for name in revokes)
    assert not repeated(names)


def test_the_posts_of_one_author_have_distinct_actions(moderator):
    author = UserFactory(first_name="Marie", last_name="Martin")
    topic = topic_with_post(author=author)
    for _ in range(3):
        reply(topic, author=author)
    html = signed_in(moderator).get(topic.get_absolute_url()).text
    names = control_names(html)
    assert "Delete: post 2 by Marie Martin" in names
    assert not repeated(names)


def test_the_user_list_names_each_person(admin_user):
    for number in range(4):
        UserFactory(first_name="Sam", last_name="Smith", username=f"sam{number}")
    names = control_names(signed_in(admin_user).get(reverse("manage:user_list")).text)
    assert any(name.startswith("Edit: Sam Smith (sam3)") for name in names)
    assert not repeated(names)


def test_the_moderation_queue_names_each_item(moderator):
    category_topic = topic_with_post()
    category = category_topic.category
    category.requires_post_validation = True
    category.save()
    author = UserFactory(first_name="Léa", last_name="Petit")
    for _ in range(2):
        reply(category_topic, author=author)
    names = control_names(
        signed_in(grant(moderator, "forum.validate_posts"))
        .get(reverse("forum:moderation_queue") + "?tab=posts")
        .text
    )
    assert any(name.startswith("Approve: reply 1 by Léa Petit") for name in names)
    assert not repeated(names)
