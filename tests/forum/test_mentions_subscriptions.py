"""@mentions and subscriptions: who hears about a new post."""

import pytest
from django.urls import reverse

from forum import services
from forum.models import Subscription
from intrasphere.mentions import MAX_NOTIFIED, linkify_mentions, mention_candidates
from intrasphere.models import Notification
from tests.factories import UserFactory
from tests.forum.factories import CategoryFactory, reply, topic_with_post

pytestmark = pytest.mark.django_db


def test_mention_notifies_active_colleague_only(employee_client, employee):
    marie = UserFactory(username="marie.martin")
    gone = UserFactory(username="gone", is_active=False)
    topic = topic_with_post()
    employee_client.post(
        reverse("forum:topic_reply", kwargs={"pk": topic.pk}),
        {"content": "Ask @marie.martin. Or @gone, or @nobody-here, mail a@b.com"},
    )
    assert Notification.objects.filter(recipient=marie, kind="forum.mention").count() == 1
    assert not Notification.objects.filter(recipient=gone).exists()
    response = employee_client.get(topic.get_absolute_url())
    assert f'href="{marie.get_absolute_url()}">@marie.martin</a>.' in response.text
    assert "@nobody-here" in response.text and "/people/nobody-here/" not in response.text
    assert "/people/gone/" not in response.text


def test_mentions_parsing():
    assert mention_candidates("hi @bob, @alice.b. and x@y.z `@code`") == {
        "bob",
        "alice.b",
        "code",
    }
    html = linkify_mentions("<p>@bob <code>@bob</code> <a href='x'>@bob</a></p>", {"bob": "bob"})
    assert html.count("/people/bob/") == 1


def test_pending_post_mentions_wait_for_approval(employee, moderator):
    marie = UserFactory(username="marie")
    topic = topic_with_post(
        author=moderator, category=CategoryFactory(requires_post_validation=True)
    )
    post = reply(topic, author=employee, content="@marie look")
    assert not Notification.objects.filter(recipient=marie).exists()
    services.post_review(actor=moderator, post=post, approve=True)
    assert Notification.objects.filter(recipient=marie, kind="forum.mention").exists()


def test_posting_subscribes_and_followers_are_notified(employee):
    author = UserFactory()
    topic = topic_with_post(author=author)
    reply(topic, author=employee, content="Me too")
    assert Subscription.objects.filter(user=employee, topic=topic).exists()
    assert Notification.objects.filter(recipient=author, kind="forum.reply").count() == 1
    assert not Notification.objects.filter(recipient=employee).exists()  # not about own post
    reply(topic, author=author, content="Thanks")
    assert Notification.objects.filter(recipient=employee, kind="forum.reply").count() == 1


def test_follow_unfollow_topic_and_category(employee_client, employee):
    topic = topic_with_post()
    follow_topic = reverse("forum:topic_follow", kwargs={"pk": topic.pk})
    employee_client.post(follow_topic, {"follow": "1"})
    employee_client.post(follow_topic, {"follow": "1"})  # twice: still one row
    assert Subscription.objects.filter(user=employee, topic=topic).count() == 1
    employee_client.post(follow_topic, {"follow": "0"})
    assert not Subscription.objects.filter(user=employee, topic=topic).exists()
    follow_category = reverse("forum:category_follow", kwargs={"slug": topic.category.slug})
    employee_client.post(follow_category, {"follow": "1"})
    topic_with_post(category=topic.category, title="Fresh")
    assert Notification.objects.filter(recipient=employee, kind="forum.topic").exists()


def test_email_copy_for_those_who_want_it(mailoutbox, django_capture_on_commit_callbacks):
    wants = UserFactory(email_notifications=True)
    topic = topic_with_post(author=wants)
    with django_capture_on_commit_callbacks(execute=True):
        reply(topic, content="Ping")
    assert [message.to for message in mailoutbox] == [[wants.email]]


def test_a_mention_by_name_notifies_and_links(employee_client, employee):
    marie = UserFactory(username="mmartin", first_name="Marie", last_name="Martin")
    helene = UserFactory(username="hlefevre", first_name="Hélène", last_name="Lefèvre")
    UserFactory(username="p1", first_name="Pierre", last_name="Dubois")
    UserFactory(username="p2", first_name="Pierre", last_name="Dubois")
    topic = topic_with_post(title="Printer on floor 2")
    employee_client.post(
        reverse("forum:topic_reply", kwargs={"pk": topic.pk}),
        {"content": "Thanks @Marie Martin and @helene lefevre; @Pierre Dubois is two people."},
    )
    mentions = Notification.objects.filter(kind="forum.mention")
    assert set(mentions.values_list("recipient__username", flat=True)) == {"mmartin", "hlefevre"}
    page = employee_client.get(topic.get_absolute_url()).text
    assert f'<a class="mention" href="{marie.get_absolute_url()}">@Marie Martin</a>' in page
    assert f'href="{helene.get_absolute_url()}">@helene lefevre</a>' in page
    assert "@Pierre Dubois is two people" in page


def test_mentions_never_notify_the_author_and_are_bounded(employee):
    employee.first_name, employee.last_name = "Eve", "Employee"
    employee.save()
    people = [UserFactory(username=f"crowd{number}") for number in range(30)]
    text = " ".join(f"@{person.username}" for person in people) + " @employee @Eve Employee"
    topic = topic_with_post()
    reply(topic, author=employee, content=text + " @x" * 3000)
    mentions = Notification.objects.filter(kind="forum.mention")
    assert mentions.count() == MAX_NOTIFIED
    assert not mentions.filter(recipient=employee).exists()


def test_a_mention_in_a_rejected_post_notifies_nobody(employee, moderator):
    marie = UserFactory(username="mmartin", first_name="Marie", last_name="Martin")
    topic = topic_with_post(
        author=moderator, category=CategoryFactory(requires_post_validation=True)
    )
    post = reply(topic, author=employee, content="@Marie Martin look")
    services.post_review(actor=moderator, post=post, approve=False, reason="Off topic")
    assert not Notification.objects.filter(recipient=marie).exists()
