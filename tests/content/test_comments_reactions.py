"""Comments and reactions on announcements (issue 22): given by readers, switched off by the
author, moderated like forum posts, the author told of new comments; pages and API."""

import pytest
from django.test import Client
from django.urls import reverse

from content.models import (
    AnnouncementComment,
    AnnouncementCommentReport,
    AnnouncementReaction,
)
from intrasphere.models import AuditLog, Notification
from tests.content.factories import AnnouncementFactory
from tests.factories import UserFactory, grant


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def author(db):
    return grant(UserFactory(username="editor"), "content.manage_announcements")


@pytest.fixture
def news(author):
    return AnnouncementFactory(author=author, title="Canteen reopens")


def comment_on(announcement, *, by, text="Great news"):
    return AnnouncementComment.objects.create(announcement=announcement, author=by, content=text)


def react(client, announcement, kind):
    return client.post(
        reverse("content:announcement_react", args=[announcement.pk]), {"kind": kind}
    )


def post_comment(client, announcement, text):
    return client.post(
        reverse("content:announcement_comment", args=[announcement.pk]), {"content": text}
    )


# --- Reactions -----------------------------------------------------------------------------------
def test_a_reaction_is_toggled_per_person_and_counted(news, employee):
    reader, other = signed_in(employee), signed_in(UserFactory())
    assert react(reader, news, "thanks").status_code == 302
    react(other, news, "thanks")
    react(other, news, "celebrate")
    page = reader.get(news.get_absolute_url()).content.decode()
    assert 'aria-pressed="true">Thanks <span class="reaction-count">2</span>' in page
    assert 'aria-pressed="false">Celebrate <span class="reaction-count">1</span>' in page
    assert 'aria-pressed="false">Like <span class="reaction-count">0</span>' in page
    react(reader, news, "thanks")  # taken back
    assert AnnouncementReaction.objects.filter(announcement=news, kind="thanks").count() == 1


def test_reactions_refuse_a_kind_outside_the_set_and_a_get(news, employee):
    reader = signed_in(employee)
    assert react(reader, news, "love").status_code == 400
    assert react(reader, news, "").status_code == 400
    url = reverse("content:announcement_react", args=[news.pk])
    assert reader.get(url).status_code == 405
    assert not AnnouncementReaction.objects.exists()


def test_switched_off_reactions_are_refused_and_not_shown(author, employee):
    quiet = AnnouncementFactory(author=author, allow_reactions=False)
    reader = signed_in(employee)
    assert react(reader, quiet, "like").status_code == 403
    assert 'id="reactions"' not in reader.get(quiet.get_absolute_url()).content.decode()
    assert reader.get(f"/api/v1/announcements/{quiet.pk}/reactions").status_code == 403
    assert not AnnouncementReaction.objects.exists()


def test_nobody_reacts_to_what_they_cannot_see(author, employee):
    draft = AnnouncementFactory(author=author, draft=True)
    assert react(signed_in(employee), draft, "like").status_code == 404


# --- Comments ------------------------------------------------------------------------------------
def test_a_comment_is_shown_sanitised_and_its_author_notified(
    news, author, employee, django_capture_on_commit_callbacks
):
    reader = signed_in(employee)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_comment(reader, news, "I **agree** <script>alert(1)</script>")
    comment = AnnouncementComment.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"#comment-{comment.pk}")
    page = reader.get(news.get_absolute_url()).content.decode()
    assert "I <strong>agree</strong>" in page and "<script>alert(1)" not in page
    note = Notification.objects.get(recipient=author)
    assert note.kind == "content.announcement_comment"
    assert note.text == f"{employee.name} commented on “Canteen reopens”"
    assert note.url.endswith(f"#comment-{comment.pk}")


def test_the_author_is_not_notified_of_their_own_comment(
    news, author, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(signed_in(author), news, "Any questions? Ask here.")
    assert AnnouncementComment.objects.count() == 1
    assert not Notification.objects.exists()


def test_a_mention_notifies_colleagues_who_may_read_the_announcement(
    author, employee, django_capture_on_commit_callbacks
):
    sales_news = AnnouncementFactory(
        author=author,
        title="Sales kick-off",
        audience_departments="|Sales|",
        audience_restricted=True,
    )
    marie = UserFactory(
        username="marie", first_name="Marie", last_name="Martin", department="Sales"
    )
    UserFactory(username="paul", first_name="Paul", last_name="Roux", department="Legal")
    employee.department = "Sales"
    employee.save()
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(signed_in(employee), sales_news, "@Marie Martin and @paul, see this")
    mentions = Notification.objects.filter(kind="content.mention")
    assert [note.recipient for note in mentions] == [marie]  # Paul is outside the audience
    assert mentions.get().text == f"{employee.name} mentioned you in “Sales kick-off”"
    page = signed_in(marie).get(sales_news.get_absolute_url()).content.decode()
    assert 'href="/people/marie/"' in page


def test_an_empty_or_too_long_comment_is_a_form_error(news, employee):
    reader = signed_in(employee)
    response = post_comment(reader, news, "   ")
    assert response.status_code == 400 and "Write a comment first." in response.content.decode()
    response = post_comment(reader, news, "x" * 5001)
    assert response.status_code == 400 and "at most 5000 characters" in response.content.decode()
    assert not AnnouncementComment.objects.exists()


def test_switched_off_comments_are_refused_and_not_shown(author, employee):
    quiet = AnnouncementFactory(author=author, allow_comments=False)
    reader = signed_in(employee)
    assert post_comment(reader, quiet, "Hello").status_code == 403
    assert 'id="comments"' not in reader.get(quiet.get_absolute_url()).content.decode()
    api = reader.post(
        f"/api/v1/announcements/{quiet.pk}/comments",
        {"content": "Hi"},
        content_type="application/json",
    )
    assert api.status_code == 403
    assert not AnnouncementComment.objects.exists()


def test_the_author_switches_comments_off_in_the_form(news, author):
    editor = signed_in(author)
    response = editor.post(
        reverse("content:announcement_edit", args=[news.pk]),
        {
            "title": news.title,
            "content": news.content,
            "type": "news",
            "icon": "info",
            "publish_at": "2024-01-01T10:00",
            "allow_reactions": "on",
            "action": "publish",
        },
    )
    assert response.status_code == 302
    news.refresh_from_db()
    assert not news.allow_comments and news.allow_reactions


# --- Moderation ------------------------------------------------------------------------------
def test_a_reader_reports_and_a_moderator_hides_the_comment(news, employee, moderator):
    writer = UserFactory()
    comment = comment_on(news, by=writer, text="Rude words")
    reader = signed_in(employee)
    report_url = reverse("content:comment_report", args=[comment.pk])
    assert reader.get(report_url).status_code == 200
    assert reader.post(report_url, {"reason": ""}).status_code == 400
    assert reader.post(report_url, {"reason": "Insulting"}).status_code == 302
    again = reader.post(report_url, {"reason": "Still insulting"})
    assert again.status_code == 400 and "already reported" in again.content.decode()
    # The writer cannot report their own comment.
    assert signed_in(writer).get(report_url).status_code == 403

    mod = signed_in(moderator)
    queue = mod.get(reverse("content:comment_reports")).content.decode()
    assert "Insulting" in queue and "Rude words" in queue
    assert reader.get(reverse("content:comment_reports")).status_code == 403
    hide = reverse("content:comment_hide", args=[comment.pk])
    assert reader.post(hide, {"hidden": "1"}).status_code == 403
    assert mod.post(hide, {"hidden": "1"}).status_code == 302
    comment.refresh_from_db()
    assert comment.hidden and comment.hidden_by == moderator
    assert AnnouncementCommentReport.objects.get().status == "resolved"
    assert AuditLog.objects.filter(action="content.comment.hide").exists()
    # Hidden: gone for readers, still shown to its writer and to moderators, marked.
    assert "Rude words" not in reader.get(news.get_absolute_url()).content.decode()
    assert (
        "Hidden by a moderator" in signed_in(writer).get(news.get_absolute_url()).content.decode()
    )
    assert "Hidden by a moderator" in mod.get(news.get_absolute_url()).content.decode()
    assert "Insulting" not in mod.get(reverse("content:comment_reports")).content.decode()


def test_content_managers_moderate_and_a_report_can_be_dismissed(news, author, employee):
    comment = comment_on(news, by=UserFactory())
    report = AnnouncementCommentReport.objects.create(
        comment=comment, reporter=employee, reason="Spam?"
    )
    manager = signed_in(author)
    dismiss = reverse("content:comment_report_dismiss", args=[report.pk])
    assert signed_in(employee).post(dismiss).status_code == 403
    assert manager.post(dismiss).status_code == 302
    report.refresh_from_db()
    assert report.status == "dismissed" and report.handled_by == author
    assert manager.post(dismiss).status_code == 404  # not open any more
    comment.refresh_from_db()
    assert not comment.hidden


def test_the_writer_or_a_moderator_deletes_a_comment_others_may_not(news, employee, moderator):
    writer = UserFactory()
    mine, theirs = comment_on(news, by=writer), comment_on(news, by=employee)
    delete = reverse("content:comment_delete", args=[mine.pk])
    assert signed_in(employee).post(delete).status_code == 403
    assert signed_in(writer).post(delete).status_code == 302
    mine.refresh_from_db()
    assert mine.deleted
    assert signed_in(writer).post(delete).status_code == 404  # already gone
    assert (
        signed_in(moderator).post(reverse("content:comment_delete", args=[theirs.pk])).status_code
        == 302
    )
    assert AuditLog.objects.filter(action="content.comment.delete").count() == 1
    page = signed_in(employee).get(news.get_absolute_url()).content.decode()
    assert "No comments yet." in page


# --- Query ceiling -----------------------------------------------------------------------------
@pytest.mark.parametrize("comments", [5, 50])
def test_the_page_reads_a_fixed_number_of_queries(
    news, employee, comments, django_assert_max_num_queries
):
    for n in range(comments):
        comment_on(news, by=UserFactory(), text=f"Comment number {n} with **Markdown**")
        AnnouncementReaction.objects.create(announcement=news, user=UserFactory(), kind="like")
    reader = signed_in(employee)
    reader.get(news.get_absolute_url())  # warm the shared caches
    with django_assert_max_num_queries(14):
        response = reader.get(news.get_absolute_url())
    assert response.content.decode().count('class="comment"') == comments
    assert f'<span class="reaction-count">{comments}</span>' in response.content.decode()


# --- API -----------------------------------------------------------------------------------------
def test_the_api_lists_adds_and_deletes_comments(
    news, employee, django_capture_on_commit_callbacks
):
    comment_on(news, by=UserFactory(), text="First")
    reader = signed_in(employee)
    url = f"/api/v1/announcements/{news.pk}/comments"
    with django_capture_on_commit_callbacks(execute=True):
        created = reader.post(url, {"content": "*Second*"}, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["html"].strip() == "<p><em>Second</em></p>"
    assert Notification.objects.filter(kind="content.announcement_comment").count() == 1
    listed = reader.get(url).json()["results"]
    assert [row["content"] for row in listed] == ["First", "*Second*"]
    bad = reader.post(url, {"content": ["a", "b"]}, content_type="application/json")
    assert bad.status_code == 400
    other = comment_on(news, by=UserFactory())
    assert reader.delete(f"{url}/{other.pk}").status_code == 403
    own = created.json()["id"]
    assert reader.delete(f"/api/v1/announcements/{news.pk + 1}/comments/{own}").status_code == 404
    assert reader.delete(f"{url}/{own}").status_code == 204


def test_the_api_toggles_reactions(news, employee):
    reader = signed_in(employee)
    url = f"/api/v1/announcements/{news.pk}/reactions"
    given = reader.post(url, {"kind": "insightful"}, content_type="application/json").json()
    assert {"kind": "insightful", "label": "Insightful", "count": 1, "mine": True} in given
    assert reader.post(url, {"kind": "wow"}, content_type="application/json").status_code == 400
    taken = reader.post(url, {"kind": "insightful"}, content_type="application/json").json()
    assert {"kind": "insightful", "label": "Insightful", "count": 0, "mine": False} in taken
    assert len(reader.get(url).json()) == 4


def test_comments_under_an_announcement_one_cannot_see_are_out_of_reach(author, employee):
    targeted = AnnouncementFactory(
        author=author, audience_departments="|Finance|", audience_restricted=True
    )
    comment = comment_on(targeted, by=UserFactory(department="Finance"))
    reader = signed_in(employee)  # works in Operations
    assert reader.get(reverse("content:comment_report", args=[comment.pk])).status_code == 404
    assert reader.post(reverse("content:comment_delete", args=[comment.pk])).status_code == 404
