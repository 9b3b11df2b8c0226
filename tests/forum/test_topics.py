"""Index, topic list, topic creation, topic page, replies, quotes, edits, deletion."""

import re

import pytest
from django.urls import reverse

from forum import services
from forum.models import Post, PostRevision, Status, Topic, TopicView
from intrasphere.models import AuditLog
from tests.factories import UserFactory
from tests.forum.factories import CategoryFactory, reply, topic_with_post

pytestmark = pytest.mark.django_db


def test_index_shows_counts_and_last_post_without_query_per_category(
    employee_client, django_assert_max_num_queries
):
    for n in range(6):
        category = CategoryFactory(name=f"Cat {n}")
        topic = topic_with_post(category=category, title=f"Question {n}")
        reply(topic, content=f"Answer {n}")
    with django_assert_max_num_queries(16) as captured:
        response = employee_client.get(reverse("forum:index"))
    CategoryFactory(name="One more")
    with django_assert_max_num_queries(len(captured)):
        employee_client.get(reverse("forum:index"))
    assert response.status_code == 200
    category = response.context["categories"][0]
    assert (category.topic_count, category.post_count) == (1, 2)
    assert category.last_post.content == "Answer 0"
    assert "Question 5" in response.text


def test_index_empty_state(employee_client):
    response = employee_client.get(reverse("forum:index"))
    assert "No categories yet" in response.text


def test_topic_list_pinned_first_then_activity(employee_client, moderator):
    category = CategoryFactory()
    old = topic_with_post(category=category, title="Old")
    pinned = topic_with_post(category=category, title="Pinned")
    topic_with_post(category=category, title="Recent")
    reply(old, content="Bump")  # old now has the latest activity
    services.topic_moderate(actor=moderator, topic=pinned, pinned=True)
    response = employee_client.get(category.get_absolute_url())
    titles = [topic.title for topic in response.context["page"]]
    assert titles == ["Pinned", "Old", "Recent"]


def test_topic_list_query_count_and_unread(
    employee_client, employee, django_assert_max_num_queries
):
    category = CategoryFactory()
    topics = [topic_with_post(category=category, title=f"T{n}") for n in range(15)]
    employee_client.get(topics[0].get_absolute_url())  # read one topic
    with django_assert_max_num_queries(12):
        response = employee_client.get(category.get_absolute_url())
    unread = _new_badges(response.text)
    assert unread["T0"] == 0 and unread["T1"] == 1
    assert "first unread post" not in response.text
    reply(topics[0], content="Something new")
    response = employee_client.get(category.get_absolute_url())
    assert _new_badges(response.text)["T0"] == 1
    assert response.text.count("first unread post") == 1  # only T0 was read before


def _new_badges(html: str) -> dict[str, int]:
    """Topic title -> 1 when its row of the topic list carries the "New" badge."""
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    titles = [(re.search(r"<strong>(.*?)</strong>", row), row) for row in rows]
    return {title[1]: int(">New<" in row) for title, row in titles if title}


def test_page_beyond_the_end_is_404(employee_client):
    topic = topic_with_post()
    assert employee_client.get(topic.category.get_absolute_url() + "?page=9").status_code == 404
    assert employee_client.get(topic.get_absolute_url() + "?page=9").status_code == 404
    assert employee_client.get(topic.get_absolute_url() + "?page=abc").status_code == 404


def test_create_topic(employee_client, employee):
    category = CategoryFactory()
    response = employee_client.post(
        reverse("forum:topic_create", kwargs={"slug": category.slug}),
        {"title": "Where is the coffee?", "content": "Asking for a friend"},
    )
    topic = Topic.objects.get()
    assert response.status_code == 302 and response["Location"] == topic.get_absolute_url()
    assert topic.status == Status.VISIBLE and topic.author == employee
    assert topic.posts.get().content == "Asking for a friend"
    category.refresh_from_db()
    assert (category.topic_count, category.post_count) == (1, 1)
    assert topic.subscriptions.filter(user=employee).exists()
    assert AuditLog.objects.filter(action="forum.topic.create").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "content": "x"}, "Give the topic a title."),
        ({"title": "T", "content": "   "}, "Write a message."),
        ({"title": "T", "content": "x" * 20001}, "at most 20000 characters"),
    ],
)
def test_create_topic_bad_input(employee_client, data, message):
    category = CategoryFactory()
    response = employee_client.post(
        reverse("forum:topic_create", kwargs={"slug": category.slug}), data
    )
    assert response.status_code == 200
    assert message in response.text
    assert not Topic.objects.exists() and not Post.objects.exists()


def test_create_topic_in_inactive_category_refused(employee_client, employee):
    category = CategoryFactory(active=False)
    url = reverse("forum:topic_create", kwargs={"slug": category.slug})
    response = employee_client.post(url, {"title": "T", "content": "x"}, follow=True)
    assert "accepts no new topics" in response.text
    assert not Topic.objects.exists()
    with pytest.raises(services.ValidationError):
        services.topic_create(author=employee, category=category, title="T", content="x")


def test_pending_topic_invisible_to_others(client, employee, moderator):
    category = CategoryFactory(requires_topic_validation=True)
    topic = topic_with_post(author=employee, category=category)
    assert topic.status == Status.PENDING
    other = UserFactory()
    client.force_login(other)
    assert client.get(topic.get_absolute_url()).status_code == 404
    assert topic.title not in client.get(category.get_absolute_url()).text
    client.force_login(employee)
    assert "waiting for a moderator" in client.get(topic.get_absolute_url()).text
    client.force_login(moderator)
    assert client.get(topic.get_absolute_url()).status_code == 200
    category.refresh_from_db()
    assert category.topic_count == 0


def test_moderator_topic_skips_validation(moderator):
    category = CategoryFactory(requires_topic_validation=True)
    assert topic_with_post(author=moderator, category=category).status == Status.VISIBLE


def test_topic_page_query_count_does_not_grow(employee_client, django_assert_max_num_queries):
    """The same number of queries with 5 and with 50 posts (20 on the page)."""
    writers = [UserFactory() for _ in range(5)]
    counts = {}
    for count in (5, 50):
        topic = topic_with_post(content="Hi @employee", title=f"{count} posts")
        for n in range(count - 1):
            reply(topic, author=writers[n % 5], content=f"Reply {n} @{writers[n % 5].username} @x")
        employee_client.get(topic.get_absolute_url())  # the first view writes the TopicView
        with django_assert_max_num_queries(16) as captured:
            response = employee_client.get(topic.get_absolute_url())
        assert response.status_code == 200
        assert response.content.decode().count('<article class="card"') == min(count, 20)
        counts[count] = len(captured)
    assert counts[5] == counts[50]


def test_view_counted_once_without_write_on_repeat(
    employee_client, employee, django_assert_num_queries
):
    topic = topic_with_post()
    employee_client.get(topic.get_absolute_url())
    employee_client.get(topic.get_absolute_url())
    topic.refresh_from_db()
    assert topic.view_count == 1
    view = TopicView.objects.get(user=employee, topic=topic)
    seen = view.last_seen_post
    with django_assert_num_queries(1) as captured:
        services.topic_view_record(user=employee, topic=topic, last_shown=seen)
    assert all(q["sql"].startswith("SELECT") for q in captured.captured_queries)
    new = reply(topic)
    employee_client.get(topic.get_absolute_url())
    view.refresh_from_db()
    topic.refresh_from_db()
    assert view.last_seen_post == new and topic.view_count == 1


def test_jump_to_first_unread(employee_client, employee, settings):
    settings.PAGE_SIZE = 2
    topic = topic_with_post()
    reply(topic)
    employee_client.get(topic.get_absolute_url())  # reads posts 1-2
    first_new = reply(topic, content="new one")
    reply(topic)
    response = employee_client.get(reverse("forum:topic_unread", kwargs={"pk": topic.pk}))
    assert response["Location"] == f"{topic.get_absolute_url()}?page=2#post-{first_new.pk}"


def test_reply_and_quote(employee_client, employee):
    topic = topic_with_post(content="Line one\nLine two")
    first = topic.posts.get()
    url = reverse("forum:topic_reply", kwargs={"pk": topic.pk})
    response = employee_client.get(f"{url}?quote={first.pk}")
    assert "&gt; Line one\n&gt; Line two" in response.text
    response = employee_client.post(url, {"content": "Thanks"})
    post = Post.objects.latest("id")
    assert response.status_code == 302 and response["Location"].endswith(f"#post-{post.pk}")
    topic.refresh_from_db()
    assert topic.reply_count == 1 and topic.last_post_author == employee


def test_reply_bad_input(employee_client):
    topic = topic_with_post()
    url = reverse("forum:topic_reply", kwargs={"pk": topic.pk})
    assert "Write a message." in employee_client.post(url, {"content": ""}).text
    assert "at most 20000" in employee_client.post(url, {"content": "x" * 20001}).text
    assert employee_client.get(f"{url}?quote=999999").status_code == 404
    assert Post.objects.count() == 1


def test_reply_in_locked_topic_refused(employee_client, employee, moderator):
    topic = topic_with_post()
    services.topic_moderate(actor=moderator, topic=topic, locked=True)
    url = reverse("forum:topic_reply", kwargs={"pk": topic.pk})
    response = employee_client.post(url, {"content": "Let me in"}, follow=True)
    assert "This topic is locked" in response.text
    with pytest.raises(services.ValidationError):
        services.post_create(author=employee, topic=topic, content="x")
    assert Post.objects.count() == 1


def test_reply_in_inactive_category_refused(employee_client, employee):
    topic = topic_with_post()
    topic.category.active = False
    topic.category.save()
    url = reverse("forum:topic_reply", kwargs={"pk": topic.pk})
    response = employee_client.post(url, {"content": "Hello?"}, follow=True)
    assert "accepts no new replies" in response.text
    assert Post.objects.count() == 1


def test_pending_reply_visible_to_author_and_moderators_only(client, employee, moderator):
    topic = topic_with_post(category=CategoryFactory(requires_post_validation=True))
    post = reply(topic, author=employee, content="Secret reply")
    assert post.status == Status.PENDING
    topic.refresh_from_db()
    assert topic.reply_count == 0
    client.force_login(UserFactory())
    assert "Secret reply" not in client.get(topic.get_absolute_url()).text
    assert client.get(post.get_absolute_url()).status_code == 404
    client.force_login(employee)
    assert "Secret reply" in client.get(topic.get_absolute_url()).text
    client.force_login(moderator)
    assert "Secret reply" in client.get(topic.get_absolute_url()).text


def test_edit_post_keeps_revision(employee_client, employee, client, moderator):
    topic = topic_with_post(author=employee, content="Before")
    post = topic.posts.get()
    url = reverse("forum:post_edit", kwargs={"pk": post.pk})
    assert employee_client.post(url, {"content": "After"}).status_code == 302
    post.refresh_from_db()
    assert post.content == "After" and post.edited and post.edited_at
    assert PostRevision.objects.get(post=post).content == "Before"
    assert (
        employee_client.get(reverse("forum:post_revisions", kwargs={"pk": post.pk})).status_code
        == 403
    )
    client.force_login(moderator)
    response = client.get(reverse("forum:post_revisions", kwargs={"pk": post.pk}))
    assert "Before" in response.text


def test_edit_by_someone_else_forbidden(employee_client):
    topic = topic_with_post()
    post = topic.posts.get()
    url = reverse("forum:post_edit", kwargs={"pk": post.pk})
    assert employee_client.post(url, {"content": "Hijack"}).status_code == 403
    assert (
        employee_client.post(
            reverse("forum:topic_edit", kwargs={"pk": topic.pk}), {"title": "x"}
        ).status_code
        == 403
    )


def test_edit_topic_title(employee_client, employee):
    topic = topic_with_post(author=employee)
    url = reverse("forum:topic_edit", kwargs={"pk": topic.pk})
    assert "Give the topic a title." in employee_client.post(url, {"title": ""}).text
    employee_client.post(url, {"title": "Better title"})
    topic.refresh_from_db()
    assert topic.title == "Better title" and topic.slug == "better-title"


def test_soft_delete_by_author_and_moderator(employee_client, employee, moderator):
    topic = topic_with_post()
    mine = reply(topic, author=employee)
    response = employee_client.post(reverse("forum:post_delete", kwargs={"pk": mine.pk}))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.deleted and Post.objects.filter(pk=mine.pk).exists()
    topic.refresh_from_db()
    assert topic.reply_count == 0
    assert employee_client.get(mine.get_absolute_url()).status_code == 404
    services.topic_delete(actor=moderator, topic=topic)
    assert employee_client.get(topic.get_absolute_url()).status_code == 404
    topic.category.refresh_from_db()
    assert topic.category.topic_count == 0 and topic.category.post_count == 0


def test_deleting_first_post_deletes_topic(employee_client, employee):
    topic = topic_with_post(author=employee)
    employee_client.post(reverse("forum:post_delete", kwargs={"pk": topic.posts.get().pk}))
    topic.refresh_from_db()
    assert topic.deleted


def test_move_topic(client, moderator):
    topic = topic_with_post()
    target = CategoryFactory()
    client.force_login(moderator)
    url = reverse("forum:topic_move", kwargs={"pk": topic.pk})
    assert client.post(url, {"category": "999999"}).status_code == 200
    client.post(url, {"category": target.pk})
    topic.refresh_from_db()
    target.refresh_from_db()
    assert topic.category == target and target.topic_count == 1
    assert AuditLog.objects.filter(action="forum.topic.moderate").exists()


def test_pin_unknown_action(client, moderator):
    topic = topic_with_post()
    client.force_login(moderator)
    url = reverse("forum:topic_moderate", kwargs={"pk": topic.pk})
    response = client.post(url, {"change": "explode"}, follow=True)
    assert "Unknown action." in response.text


def test_old_slug_redirects_to_current_address(employee_client):
    topic = topic_with_post(title="New name")
    url = reverse("forum:topic_detail", kwargs={"pk": topic.pk, "slug": "old-name"})
    response = employee_client.get(url + "?page=1")
    assert response.status_code == 302
    assert response["Location"] == topic.get_absolute_url() + "?page=1"
