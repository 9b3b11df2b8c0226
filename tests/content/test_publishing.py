"""Publishing with confidence (issue 22): draft / publish / schedule, the audience's reach, the
Markdown preview, and the list's cards (banner image, two-line excerpt)."""

import datetime
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from content.models import Announcement
from intrasphere.markdown import MAX_CHARS
from intrasphere.models import Notification
from tests.content.factories import AnnouncementFactory, make_announcement_with_image
from tests.factories import EmployeeCategoryFactory, UserFactory, grant

CREATE = reverse("content:announcement_create")
LIST = reverse("content:announcement_list")
COUNT = reverse("content:announcement_audience_count")
PREVIEW = reverse("markdown_preview")


def form_data(**overrides):
    return {
        "title": "Quarterly results",
        "content": "We did **well**.",
        "type": "news",
        "icon": "info",
        "publish_at": "2024-01-01T10:00",
        "allow_comments": "on",
        "allow_reactions": "on",
        **overrides,
    }


def local(moment: datetime.datetime) -> str:
    """A date-time as the form's datetime-local field sends it (the portal's time zone)."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def manager(db):
    return grant(UserFactory(username="editor"), "content.manage_announcements")


@pytest.fixture
def manager_client(manager):
    return signed_in(manager)


# --- Save draft / Publish / Schedule ----------------------------------------------------------
def test_a_draft_is_seen_by_its_author_and_managers_only(manager_client, manager, employee):
    response = manager_client.post(CREATE, form_data(action="draft"))
    draft = Announcement.objects.get()
    assert response.status_code == 302 and draft.draft and draft.author == manager
    assert not draft.is_published
    employee_client = signed_in(employee)
    assert employee_client.get(draft.get_absolute_url()).status_code == 404
    assert "Quarterly results" not in employee_client.get(LIST).content.decode()
    other_manager = signed_in(grant(UserFactory(), "content.manage_announcements"))
    assert other_manager.get(draft.get_absolute_url()).status_code == 200
    page = manager_client.get(LIST).content.decode()
    assert "Quarterly results" in page and "Draft" in page
    # The API hides it too.
    assert employee_client.get(f"/api/v1/announcements/{draft.pk}").status_code == 404


def test_a_draft_never_notifies_its_audience(manager_client, employee):
    with mock.patch("content.services.transaction.on_commit", side_effect=lambda f: f()):
        manager_client.post(CREATE, form_data(action="draft", important="on"))
    assert not Notification.objects.filter(kind="content.must_read").exists()


def test_publish_makes_a_draft_live_now(
    manager_client, employee, django_capture_on_commit_callbacks
):
    draft = AnnouncementFactory(draft=True, important=True, title="Safety rules")
    before = timezone.now()
    future = local(timezone.now() + datetime.timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(
            reverse("content:announcement_edit", args=[draft.pk]),
            form_data(title="Safety rules", action="publish", publish_at=future, important="on"),
        )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert not draft.draft and before <= draft.publish_at <= timezone.now()
    assert signed_in(employee).get(draft.get_absolute_url()).status_code == 200
    assert Notification.objects.filter(recipient=employee, kind="content.must_read").count() == 1


def test_republishing_a_live_announcement_keeps_its_date(manager_client):
    live = AnnouncementFactory(publish_at=timezone.now() - datetime.timedelta(days=2))
    first = live.publish_at
    manager_client.post(
        reverse("content:announcement_edit", args=[live.pk]),
        form_data(action="publish", publish_at=local(first)),
    )
    live.refresh_from_db()
    assert live.publish_at.replace(second=0, microsecond=0) == first.replace(
        second=0, microsecond=0
    )


def test_schedule_needs_a_future_date(manager_client):
    response = manager_client.post(CREATE, form_data(action="schedule"))
    assert response.status_code == 200
    assert "Choose a publish date in the future" in response.content.decode()
    assert not Announcement.objects.exists()


def test_a_scheduled_announcement_goes_live_by_the_job_at_its_time(
    manager_client, employee, django_capture_on_commit_callbacks
):
    moment = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=1)
    response = manager_client.post(
        CREATE,
        form_data(action="schedule", important="on", publish_at=local(moment)),
    )
    assert response.status_code == 302
    scheduled = Announcement.objects.get()
    assert scheduled.is_scheduled and not scheduled.draft
    reader = signed_in(employee)
    assert reader.get(scheduled.get_absolute_url()).status_code == 404
    assert "Scheduled" in manager_client.get(LIST).content.decode()
    # The periodic job (`publish_scheduled`) runs before and after the time, the clock frozen.
    with (
        mock.patch(
            "django.utils.timezone.now", return_value=moment - datetime.timedelta(minutes=5)
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("publish_scheduled")
    assert not Notification.objects.filter(recipient=employee).exists()
    with mock.patch(
        "django.utils.timezone.now", return_value=moment + datetime.timedelta(minutes=2)
    ):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("publish_scheduled")
        assert reader.get(scheduled.get_absolute_url()).status_code == 200
        assert scheduled.title in reader.get(LIST).content.decode()
    note = Notification.objects.get(recipient=employee)
    assert note.kind == "content.must_read"


def test_the_buttons_are_offered_and_only_managers_publish(manager_client, employee):
    page = manager_client.get(CREATE).content.decode()
    for label, value in (("Save draft", "draft"), ("Publish", "publish"), ("Schedule", "schedule")):
        assert f'name="action" value="{value}">{label}</button>' in page
    assert signed_in(employee).post(CREATE, form_data(action="publish")).status_code == 403
    assert not Announcement.objects.exists()


def test_an_unknown_action_is_a_form_error(manager_client):
    response = manager_client.post(CREATE, form_data(action="launch"))
    assert response.status_code == 200 and not Announcement.objects.exists()
    assert "Select a valid choice" in response.content.decode()


# --- Audience: the real choices and their reach -----------------------------------------------
@pytest.fixture
def people(db):
    field = EmployeeCategoryFactory(name="Field staff")
    office = EmployeeCategoryFactory(name="Office staff")
    UserFactory(department="Finance", employee_category=office)
    UserFactory(department="Finance", employee_category=field)
    UserFactory(department="Finance", is_active=False)
    UserFactory(department="Sales", employee_category=field)
    UserFactory(department="Sales")
    return {"field": field, "office": office}


def test_the_form_lists_departments_and_categories_with_the_reach(manager_client, people):
    page = manager_client.get(CREATE).content.decode()
    assert "Field staff" in page and "Office staff" in page
    assert 'value="Finance"' in page and 'value="Sales"' in page
    everyone = 5  # the 4 active people above and the editor
    assert f"Reaches {everyone} people" in page


def test_the_reach_follows_the_audience_rule(manager_client, people):
    def count(query):
        response = manager_client.get(COUNT, query)
        assert response.status_code == 200
        return response.json()["count"]

    assert count({"departments": "Finance"}) == 2  # the inactive one is not reached
    assert count({"employee_categories": people["field"].pk}) == 2
    assert count({"departments": "Finance", "employee_categories": people["field"].pk}) == 3
    assert count({"departments": ["Finance", "Sales"]}) == 4
    assert count({"departments": "Nowhere"}) == 0
    assert manager_client.get(COUNT, {"departments": "Sales"}).json()["text"] == (
        "Reaches 2 people"
    )
    # The count is the one the saved announcement's audience has.
    manager_client.post(
        CREATE,
        form_data(action="publish", departments="Finance", employee_categories=people["field"].pk),
    )
    from content.selectors import announcement_audience

    assert announcement_audience(announcement=Announcement.objects.get()).count() == 3


def test_the_reach_endpoint_refuses_readers_and_bad_input(manager_client, employee, people, client):
    assert signed_in(employee).get(COUNT).status_code == 403
    assert client.get(COUNT).status_code == 302  # anonymous: to sign in
    for bad in ({"employee_categories": "abc"}, {"employee_categories": 999999}):
        response = manager_client.get(COUNT, bad)
        assert response.status_code == 400 and "error" in response.json()
    assert manager_client.post(COUNT).status_code == 405


def test_the_no_js_preview_shows_the_text_and_the_reach_without_saving(manager_client, people):
    response = manager_client.post(
        CREATE,
        form_data(
            action="preview",
            content="Hello **team**<script>alert(1)</script>",
            departments="Sales",
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200 and not Announcement.objects.exists()
    assert "<strong>team</strong>" in page and "<script>alert(1)" not in page
    assert "Reaches 2 people" in page


# --- The preview endpoint ------------------------------------------------------------------------
def test_preview_renders_sanitised_html(employee_client):
    response = employee_client.post(
        PREVIEW,
        {"text": "# Title\n\n**bold** <img src=x onerror=alert(1)> [x](javascript:alert(1))"},
    )
    html = response.json()["html"]
    assert response.status_code == 200
    assert "<strong>bold</strong>" in html
    assert "onerror" not in html and "javascript:" not in html


def test_preview_refuses_anonymous_get_too_long_and_missing_csrf(employee, client):
    assert client.post(PREVIEW, {"text": "x"}).status_code == 302  # to sign in
    signed = signed_in(employee)
    assert signed.get(PREVIEW).status_code == 405
    too_long = signed.post(PREVIEW, {"text": "a" * (MAX_CHARS + 1)})
    assert too_long.status_code == 413 and "error" in too_long.json()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(employee)
    assert strict.post(PREVIEW, {"text": "x"}).status_code == 403


def test_the_editor_marks_its_text_area_for_mentions_and_offers_the_toolbar(manager_client):
    page = manager_client.get(CREATE).content.decode()
    assert "data-mentions" in page and "data-md-editor" in page
    for label in ("Bold", "Italic", "Link", "List", "Heading", "Write", "Preview"):
        assert f">{label}</button>" in page
    # Other Markdown text areas use the same editor (a content page's body).
    page = signed_in(grant(UserFactory(), "content.manage_content")).get(
        reverse("content:page_create")
    )
    assert "data-md-editor" in page.content.decode()


# --- The list's cards ----------------------------------------------------------------------------
def test_cards_show_the_image_as_a_banner_and_a_plain_text_excerpt(employee_client, admin_user):
    pictured = make_announcement_with_image(actor=admin_user)
    Announcement.objects.filter(pk=pictured.pk).update(
        content="## Big *news*\n\nThe **canteen** opens [on Monday](https://example.com). " * 20
    )
    page = employee_client.get(LIST).content.decode()
    image = reverse("content:announcement_image", args=[pictured.pk])
    banner = f'class="announcement-card-banner" src="{image}"'
    assert banner in page
    assert "avatar" not in page.split('class="stack"')[1]  # not cropped like a person's picture
    excerpt = page.split('class="announcement-excerpt">')[1].split("</p>")[0]
    assert excerpt.startswith("Big news The canteen opens on Monday.")
    assert "**" not in excerpt and "<" not in excerpt and excerpt.endswith("…")
    assert len(excerpt) <= 241


def test_the_api_takes_the_same_actions(manager_client, employee):
    response = manager_client.post(
        "/api/v1/announcements",
        {**form_data(action="draft"), "allow_comments": True},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["draft"] is True and body["allow_comments"] is True
    assert signed_in(employee).get(f"/api/v1/announcements/{body['id']}").status_code == 404
    published = manager_client.patch(
        f"/api/v1/announcements/{body['id']}",
        {"action": "publish"},
        content_type="application/json",
    )
    assert published.status_code == 200 and published.json()["draft"] is False
    assert signed_in(employee).get(f"/api/v1/announcements/{body['id']}").status_code == 200
    refused = manager_client.post(
        "/api/v1/announcements", form_data(action="schedule"), content_type="application/json"
    )
    assert refused.status_code == 400 and "publish_at" in refused.json()["errors"]


def test_the_editor_reads_in_french(manager, people):
    client = signed_in(manager)
    page = client.get(CREATE, headers={"accept-language": "fr"}).content.decode()
    for words in (
        "Enregistrer le brouillon",
        "Programmer",
        "Aperçu",
        "Gras",
        "Atteint 5 personnes",
    ):
        assert words in page
