"""Must-read announcements: banner, "I have read this", readers report, CSV, reminders."""

import pytest
from django.test import Client
from django.urls import reverse

from content.models import AnnouncementAcknowledgement
from intrasphere.models import AuditLog, Notification
from tests.content.factories import AnnouncementFactory
from tests.factories import UserFactory, grant


@pytest.fixture
def must_read(db):
    return AnnouncementFactory(title="Read the new policy", important=True)


def ack_url(announcement):
    return reverse("content:announcement_acknowledge", args=[announcement.pk])


def report_url(announcement):
    return reverse("content:announcement_acknowledgements", args=[announcement.pk])


def test_banner_shows_until_acknowledged(employee_client, employee, must_read):
    dashboard = employee_client.get(reverse("dashboard")).content.decode()
    assert "Read the new policy" in dashboard
    assert ack_url(must_read) in dashboard
    listing = employee_client.get(reverse("content:announcement_list")).content.decode()
    assert ack_url(must_read) in listing

    response = employee_client.post(ack_url(must_read))
    assert response.status_code == 302
    assert AnnouncementAcknowledgement.objects.filter(user=employee).count() == 1
    assert ack_url(must_read) not in employee_client.get(reverse("dashboard")).content.decode()
    # Clicking twice changes nothing.
    employee_client.post(ack_url(must_read))
    assert AnnouncementAcknowledgement.objects.count() == 1


def test_dashboard_obligation_lists_unread_must_read(employee_client, must_read):
    response = employee_client.get(reverse("dashboard"))
    labels = [item["label"] for item in response.context["todo"]]
    assert any("Read the new policy" in label for label in labels)


def test_banner_only_for_the_audience(client, db):
    AnnouncementFactory(
        title="Finance only",
        important=True,
        audience_departments="|Finance|",
        audience_restricted=True,
    )
    outsider = UserFactory(department="Sales")
    client.force_login(outsider)
    assert "Finance only" not in client.get(reverse("dashboard")).content.decode()


def test_ordinary_announcement_needs_no_acknowledgement(employee_client):
    plain = AnnouncementFactory(important=False)
    employee_client.post(ack_url(plain))
    assert not AnnouncementAcknowledgement.objects.exists()


def test_report_counts_and_names(admin_client, must_read):
    reader = UserFactory(first_name="Rita", last_name="Reader")
    UserFactory(first_name="Ned", last_name="Notyet")
    AnnouncementAcknowledgement.objects.create(announcement=must_read, user=reader)
    response = admin_client.get(report_url(must_read))
    report = response.context["report"]
    assert [person for person, _when in report.acknowledged] == [reader]
    assert any(person.last_name == "Notyet" for person in report.pending)
    html = response.content.decode()
    assert "Ned Notyet" in html and "Rita Reader" not in html
    html = admin_client.get(report_url(must_read), {"show": "read"}).content.decode()
    assert "Rita Reader" in html and "Ned Notyet" not in html


def test_report_lists_are_paginated(admin_client, must_read):
    for index in range(55):
        UserFactory(last_name=f"Pending{index:02d}")
    first = admin_client.get(report_url(must_read))
    assert first.context["page"].paginator.num_pages == 2
    second = admin_client.get(report_url(must_read), {"page": 2}).content.decode()
    assert "Pending54" in second and "Pending00" not in second
    assert admin_client.get(report_url(must_read), {"page": 9}).status_code == 404
    empty = admin_client.get(report_url(must_read), {"show": "read"}).content.decode()
    assert "No one has confirmed yet." in empty


def test_author_without_right_may_follow_readers(db):
    author = UserFactory()
    announcement = AnnouncementFactory(author=author, important=True)
    client = Client()
    client.force_login(author)
    assert client.get(report_url(announcement)).status_code == 200


def test_employee_may_not_see_report(employee_client, must_read):
    assert employee_client.get(report_url(must_read)).status_code == 403
    csv_url = reverse("content:announcement_acknowledgements_csv", args=[must_read.pk])
    assert employee_client.get(csv_url).status_code == 403
    remind = reverse("content:announcement_remind", args=[must_read.pk])
    assert employee_client.post(remind).status_code == 403
    assert not Notification.objects.exists()


def test_csv_export_neutralises_formulas(admin_client, must_read):
    UserFactory(first_name="=HYPERLINK(1)", last_name="", display_name="=cmd|' /C calc'!A0")
    response = admin_client.get(
        reverse("content:announcement_acknowledgements_csv", args=[must_read.pk])
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode()
    assert "'=cmd" in body
    assert "\n=cmd" not in body


def test_reminder_goes_to_those_who_have_not_read(django_capture_on_commit_callbacks, db):
    manager = grant(UserFactory(username="boss"), "content.manage_announcements")
    announcement = AnnouncementFactory(important=True, author=manager)
    reader = UserFactory()
    late = UserFactory()
    AnnouncementAcknowledgement.objects.create(announcement=announcement, user=reader)
    client = Client()
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("content:announcement_remind", args=[announcement.pk]))
    assert response.status_code == 302
    recipients = set(Notification.objects.values_list("recipient_id", flat=True))
    assert late.pk in recipients
    assert reader.pk not in recipients
    assert AuditLog.objects.filter(action="content.announcement.remind").exists()


def test_reminder_get_is_refused(admin_client, must_read):
    response = admin_client.get(reverse("content:announcement_remind", args=[must_read.pk]))
    assert response.status_code == 405


def test_publishing_an_important_announcement_notifies_the_audience(
    admin_client, django_capture_on_commit_callbacks
):
    colleague = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("content:announcement_create"),
            {
                "title": "Safety first",
                "content": "Wear a helmet.",
                "type": "policy",
                "icon": "warning",
                "important": "on",
                "publish_at": "2024-01-01T10:00",
            },
        )
    assert Notification.objects.filter(recipient=colleague, kind="content.must_read").exists()


def test_report_query_count(admin_client, must_read, django_assert_max_num_queries):
    for index in range(30):
        person = UserFactory()
        if index % 2:
            AnnouncementAcknowledgement.objects.create(announcement=must_read, user=person)
    with django_assert_max_num_queries(12):
        assert admin_client.get(report_url(must_read)).status_code == 200


def test_marking_an_existing_announcement_important_notifies(
    admin_client, django_capture_on_commit_callbacks
):
    announcement = AnnouncementFactory(important=False)
    colleague = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("content:announcement_edit", args=[announcement.pk]),
            {
                "title": announcement.title,
                "content": "Now important",
                "type": "policy",
                "icon": "warning",
                "important": "on",
                "publish_at": "2024-01-01T10:00",
            },
        )
    assert Notification.objects.filter(recipient=colleague, kind="content.must_read").exists()


def test_the_list_s_banner_shows_only_what_the_reader_has_not_acknowledged(
    employee_client, employee
):
    pending = AnnouncementFactory(title="Still to read", important=True)
    done = AnnouncementFactory(title="Already read", important=True)
    AnnouncementAcknowledgement.objects.create(user=employee, announcement=done)
    AnnouncementAcknowledgement.objects.create(user=UserFactory(), announcement=pending)
    listing = employee_client.get(reverse("content:announcement_list")).content.decode()
    assert ack_url(pending) in listing
    assert ack_url(done) not in listing
