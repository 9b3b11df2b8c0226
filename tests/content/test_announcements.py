"""Announcements: list order and filters, audience, scheduling, images, Markdown, management."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from content.models import Announcement
from intrasphere.models import AuditLog
from tests.content.factories import AnnouncementFactory, CategoryFactory, png_upload
from tests.factories import EmployeeCategoryFactory, UserFactory, grant

LIST = reverse("content:announcement_list")
NOW = timezone.now


def form_data(**overrides):
    return {
        "title": "Quarterly results",
        "content": "We did **well**.",
        "type": "news",
        "icon": "info",
        "publish_at": "2024-01-01T10:00",
        **overrides,
    }


@pytest.fixture
def manager(db):
    return grant(UserFactory(username="editor"), "content.manage_announcements")


@pytest.fixture
def manager_client(manager):
    client = Client()
    client.force_login(manager)
    return client


def titles(response):
    return [a.title for a in response.context["page"].object_list]


def test_list_puts_important_first_then_newest(employee_client):
    AnnouncementFactory(title="old", publish_at=NOW() - datetime.timedelta(days=3))
    AnnouncementFactory(title="new", publish_at=NOW() - datetime.timedelta(days=1))
    AnnouncementFactory(
        title="important", important=True, publish_at=NOW() - datetime.timedelta(days=5)
    )
    response = employee_client.get(LIST)
    assert titles(response) == ["important", "new", "old"]


def test_list_filters_by_type_and_category(employee_client):
    category = CategoryFactory(name="HR")
    AnnouncementFactory(title="policy", type="policy", category=category)
    AnnouncementFactory(title="news", type="news")
    assert titles(employee_client.get(LIST, {"type": "policy"})) == ["policy"]
    assert titles(employee_client.get(LIST, {"category": category.pk})) == ["policy"]
    # An unknown filter value is ignored, not a 500.
    assert employee_client.get(LIST, {"type": "nope", "category": "x"}).status_code == 200


def test_employees_see_only_published_announcements(employee_client, manager_client):
    AnnouncementFactory(title="live")
    AnnouncementFactory(title="scheduled", publish_at=NOW() + datetime.timedelta(days=1))
    AnnouncementFactory(
        title="expired",
        publish_at=NOW() - datetime.timedelta(days=5),
        unpublish_at=NOW() - datetime.timedelta(days=1),
    )
    assert titles(employee_client.get(LIST)) == ["live"]
    assert set(titles(manager_client.get(LIST))) == {"live", "scheduled", "expired"}
    scheduled = Announcement.objects.get(title="scheduled")
    assert employee_client.get(scheduled.get_absolute_url()).status_code == 404


def test_audience_by_department_and_employee_category(client, db):
    drivers = EmployeeCategoryFactory(name="Drivers")
    sales = UserFactory(department="Sales")
    driver = UserFactory(department="Operations", employee_category=drivers)
    other = UserFactory(department="Operations")
    AnnouncementFactory(title="all")
    AnnouncementFactory(title="sales", audience_departments="|Sales|", audience_restricted=True)
    for_drivers = AnnouncementFactory(title="drivers", audience_restricted=True)
    for_drivers.audience_categories.add(drivers)
    seen = {}
    for person in (sales, driver, other):
        client.force_login(person)
        seen[person.pk] = set(titles(client.get(LIST)))
    assert seen[sales.pk] == {"all", "sales"}
    assert seen[driver.pk] == {"all", "drivers"}
    assert seen[other.pk] == {"all"}


def test_manager_creates_announcement_with_image_and_audience(manager_client, manager):
    drivers = EmployeeCategoryFactory(name="Drivers")
    UserFactory(department="Finance")
    response = manager_client.post(
        reverse("content:announcement_create"),
        form_data(
            departments=["Finance"],
            employee_categories=[drivers.pk],
            image_upload=png_upload(),
        ),
    )
    announcement = Announcement.objects.get()
    assert response.status_code == 302
    assert announcement.author == manager
    assert announcement.audience_restricted
    assert announcement.department_list == ["Finance"]
    assert list(announcement.audience_categories.all()) == [drivers]
    assert announcement.image.name.startswith("announcements/")
    assert "picture" not in announcement.image.name
    thumb = manager_client.get(reverse("content:announcement_thumbnail", args=[announcement.pk]))
    assert thumb.status_code == 200
    assert thumb["Content-Type"] == "image/png"
    assert thumb["X-Content-Type-Options"] == "nosniff"
    assert AuditLog.objects.filter(action="content.announcement.create").exists()


def test_disguised_image_is_refused_and_nothing_saved(manager_client):
    fake = SimpleUploadedFile("photo.png", b"<script>alert(1)</script>")
    response = manager_client.post(
        reverse("content:announcement_create"), form_data(image_upload=fake)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["image_upload"]
    assert not Announcement.objects.exists()


def test_oversized_image_is_refused(manager_client, settings):
    settings.UPLOAD_MAX_BYTES = 100
    response = manager_client.post(
        reverse("content:announcement_create"), form_data(image_upload=png_upload(size=(300, 300)))
    )
    assert "too large" in str(response.context["form"].errors["image_upload"])
    assert not Announcement.objects.exists()


def test_unpublish_before_publish_is_refused(manager_client):
    response = manager_client.post(
        reverse("content:announcement_create"),
        form_data(publish_at="2024-05-01T10:00", unpublish_at="2024-04-01T10:00"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["unpublish_at"]
    assert not Announcement.objects.exists()


def test_missing_title_shows_a_message(manager_client):
    response = manager_client.post(reverse("content:announcement_create"), form_data(title=""))
    assert response.status_code == 200
    assert response.context["form"].errors["title"]


def test_script_in_content_and_title_is_neutralised(employee_client):
    announcement = AnnouncementFactory(
        title="<script>alert('t')</script>",
        content="Hi <script>alert('x')</script> [bad](javascript:alert(1)) <b onclick='x()'>b</b>",
    )
    html = employee_client.get(announcement.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;t&#x27;)" in html
    assert "javascript:" not in html
    assert "onclick" not in html
    # Stored as typed.
    announcement.refresh_from_db()
    assert "<script>" in announcement.content


def test_manager_edits_and_deletes(manager_client):
    announcement = AnnouncementFactory()
    response = manager_client.post(
        reverse("content:announcement_edit", args=[announcement.pk]), form_data(title="Renamed")
    )
    assert response.status_code == 302
    announcement.refresh_from_db()
    assert announcement.title == "Renamed"
    manager_client.post(reverse("content:announcement_delete", args=[announcement.pk]))
    assert not Announcement.objects.exists()


def test_employee_cannot_create(employee_client):
    response = employee_client.post(reverse("content:announcement_create"), form_data())
    assert response.status_code == 403
    assert not Announcement.objects.exists()


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_unknown_announcement_is_404(employee_client):
    assert (
        employee_client.get(reverse("content:announcement_detail", args=[9999])).status_code == 404
    )


def test_bad_page_number_is_404(employee_client):
    assert employee_client.get(LIST, {"page": "99"}).status_code == 404


def test_list_query_count_does_not_grow(employee_client, django_assert_max_num_queries):
    category = CategoryFactory()
    author = UserFactory()
    for index in range(30):
        AnnouncementFactory(author=author, category=category, important=index % 3 == 0)
    with django_assert_max_num_queries(14):
        response = employee_client.get(LIST)
    assert len(response.context["page"].object_list) == 20 or response.status_code == 200


def test_manager_list_query_count(manager_client, django_assert_max_num_queries):
    for _index in range(30):
        AnnouncementFactory(audience_restricted=True, audience_departments="|Finance|")
    with django_assert_max_num_queries(14):
        assert manager_client.get(LIST).status_code == 200
