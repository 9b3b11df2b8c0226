"""The notifications page: grouped by what they are about, "Mark all as read" with a clear
result, and "Mark as read" on a group reads the whole group."""

import pytest
from django.urls import reverse

from intrasphere.models import Notification
from intrasphere.services import notification_send
from tests.complaints.factories import ComplaintFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def status_change(user, complaint, status="in_progress"):
    notification_send(
        recipients=[user],
        kind="complaints.status",
        params={"title": complaint.title, "status": status},
        target=complaint,
        url=complaint.get_absolute_url(),
    )


def test_notifications_about_one_thing_are_grouped(employee_client, employee):
    printer = ComplaintFactory(title="Printer on floor 2")
    heating = ComplaintFactory(title="Heating")
    for status in ("in_progress", "waiting", "resolved"):
        status_change(employee, printer, status)
    status_change(employee, heating)
    notification_send(recipients=[employee], kind="legacy", params={"text": "Alone one"})
    notification_send(recipients=[employee], kind="legacy", params={"text": "Alone two"})
    page = employee_client.get(reverse("notifications:list")).text
    assert page.count("data-notification-group=") == 4  # printer, heating and the two alone
    assert f"3 updates on “#{printer.pk} Printer on floor 2”" in page
    assert "is now Resolved" in page  # the latest first
    assert "Alone one" in page and "Alone two" in page


def test_group_title_in_french(employee_client, employee):
    printer = ComplaintFactory(title="Printer on floor 2")
    status_change(employee, printer)
    status_change(employee, printer, "waiting")
    page = employee_client.get(reverse("notifications:list"), HTTP_ACCEPT_LANGUAGE="fr").text
    assert f"2 mises à jour sur « #{printer.pk} Printer on floor 2 »" in page


def test_mark_as_read_on_a_group_reads_the_group(employee_client, employee):
    printer, heating = ComplaintFactory(), ComplaintFactory()
    status_change(employee, printer)
    status_change(employee, printer, "waiting")
    status_change(employee, heating)
    latest = Notification.objects.filter(target=f"complaints.complaint:{printer.pk}").first()
    employee_client.post(reverse("notifications:read", args=[latest.pk]))
    assert list(
        Notification.objects.filter(recipient=employee, read_at__isnull=True).values_list(
            "target", flat=True
        )
    ) == [f"complaints.complaint:{heating.pk}"]


def test_mark_all_as_read_says_how_many(employee_client, employee):
    someone = UserFactory()
    for n in range(3):
        notification_send(recipients=[employee, someone], kind="legacy", params={"text": f"{n}"})
    assert employee_client.get(reverse("notifications:read_all")).status_code == 405  # POST only
    response = employee_client.post(reverse("notifications:read_all"), follow=True)
    assert "3 notifications marked as read." in response.text
    assert not Notification.objects.filter(recipient=employee, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=someone, read_at__isnull=True).count() == 3
    again = employee_client.post(reverse("notifications:read_all"), follow=True)
    assert "You had no unread notifications." in again.text
