"""Core pages: headers, error pages, notifications, search."""

from django.urls import reverse

from intrasphere.models import Notification
from intrasphere.services import notification_send


def test_security_headers_on_a_page(client, db):
    response = client.get(reverse("accounts:login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp


def test_unknown_page_is_a_styled_404(employee_client):
    response = employee_client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_notifications_list_mark_one_and_all_read(employee_client, employee, admin_user):
    notification_send(recipients=[employee], kind="test", message="First")
    notification_send(recipients=[employee], kind="test", message="Second")
    notification_send(recipients=[admin_user], kind="test", message="Not yours")
    response = employee_client.get(reverse("notifications:list"))
    body = response.content.decode()
    assert "First" in body and "Second" in body and "Not yours" not in body
    first = Notification.objects.get(message="First")
    employee_client.post(reverse("notifications:read", args=[first.pk]))
    first.refresh_from_db()
    assert first.is_read
    other = Notification.objects.get(message="Not yours")
    employee_client.post(reverse("notifications:read", args=[other.pk]))
    other.refresh_from_db()
    assert not other.is_read
    employee_client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(recipient=employee, read_at__isnull=True).exists()


def test_notification_list_query_count(employee_client, employee, django_assert_max_num_queries):
    for index in range(30):
        notification_send(recipients=[employee], kind="test", message=f"N{index}")
    # Cold caches: the header's "Manage" entry reads the viewer's forum object rights and "My
    # team" asks whether they have reports (both then cached per user).
    with django_assert_max_num_queries(15):
        assert employee_client.get(reverse("notifications:list")).status_code == 200


def test_page_past_the_end_is_404(employee_client):
    assert employee_client.get(reverse("notifications:list") + "?page=99").status_code == 404
    assert employee_client.get(reverse("notifications:list") + "?page=abc").status_code == 404


def test_search_finds_people_and_escapes_the_query(employee_client, employee):
    response = employee_client.get(reverse("search"), {"q": employee.last_name})
    assert employee.name in response.content.decode()
    response = employee_client.get(reverse("search"), {"q": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_language_switch_changes_the_page_language(client, db):
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/accounts/login/"})
    assert response.status_code == 302
    response = client.get(reverse("accounts:login"))
    assert 'lang="fr"' in response.content.decode()


def test_media_is_not_served_from_a_public_path(employee_client, settings):
    media = settings.MEDIA_ROOT
    media.mkdir(parents=True, exist_ok=True)
    (media / "secret.txt").write_text("confidential")
    assert employee_client.get("/media/secret.txt").status_code == 404
