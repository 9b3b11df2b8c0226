"""Own profile: view, edit, avatar upload (checked by content) and the avatar view."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts.models import User
from intrasphere.models import AuditLog
from tests.factories import UserFactory


def image_file(name="me.png", fmt="PNG", size=(600, 400)):
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=fmt)
    return SimpleUploadedFile(name, out.getvalue(), content_type=f"image/{fmt.lower()}")


def profile_data(**overrides):
    return {
        "display_name": "Emma E.",
        "first_name": "Emma",
        "last_name": "Employee",
        "email": "emma@example.com",
        "department": "Legal",
        "position": "Counsel",
        "phone": "+33 1 23 45 67 89",
        "email_notifications": "on",
        **overrides,
    }


def test_profile_page_shows_own_details_and_actions(employee_client, employee):
    response = employee_client.get(reverse("accounts:profile"))
    body = response.content.decode()
    assert response.status_code == 200
    assert employee.email in body
    assert reverse("accounts:profile_edit") in body
    assert reverse("accounts:password_change") in body


def test_profile_edit_saves_the_details(employee_client, employee):
    assert employee_client.get(reverse("accounts:profile_edit")).status_code == 200
    response = employee_client.post(reverse("accounts:profile_edit"), profile_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    employee.refresh_from_db()
    assert employee.name == "Emma E."
    assert employee.department == "Operations"  # HR data: not the person's to change
    assert employee.phone == "+33 1 23 45 67 89"
    assert employee.email_notifications is True
    assert employee.role == User.Role.EMPLOYEE
    entry = AuditLog.objects.get(action="accounts.profile.update")
    assert "phone" in entry.summary and "department" not in entry.summary


def test_profile_edit_cannot_change_role_or_username(employee_client, employee):
    employee_client.post(
        reverse("accounts:profile_edit"),
        profile_data(role="admin", username="boss", is_superuser="on", is_staff="on"),
    )
    employee.refresh_from_db()
    assert employee.username == "employee"
    assert employee.role == User.Role.EMPLOYEE
    assert not employee.is_superuser and not employee.is_staff


def test_profile_edit_bad_input_rerenders(employee_client, employee):
    response = employee_client.post(
        reverse("accounts:profile_edit"), profile_data(email="nope", department="x" * 300)
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "valid email" in body
    employee.refresh_from_db()
    assert employee.email == "employee@example.com"
    assert employee.department == "Operations"


def test_profile_email_taken_by_someone_else_is_refused(employee_client, employee):
    UserFactory(username="other", email="other@example.com")
    response = employee_client.post(
        reverse("accounts:profile_edit"), profile_data(email="OTHER@example.com")
    )
    assert "Another account already uses this email" in response.content.decode()


def test_avatar_upload_is_stored_as_a_png_thumbnail(employee_client, employee, client):
    response = employee_client.post(
        reverse("accounts:profile_edit"),
        profile_data(avatar=image_file("holiday photo.jpg", fmt="JPEG")),
    )
    assert response.status_code == 302
    employee.refresh_from_db()
    assert employee.avatar.name.startswith("avatars/")
    assert employee.avatar.name.endswith(".png")
    assert "holiday" not in employee.avatar.name
    assert employee_client.get(reverse("accounts:profile_edit")).status_code == 200
    with employee.avatar.open("rb") as handle, Image.open(handle) as image:
        assert image.format == "PNG"
        assert max(image.size) <= 256
    # Shown through the permission-checked view, with nosniff.
    page = employee_client.get(reverse("accounts:person_detail", args=["employee"]))
    assert reverse("accounts:person_avatar", args=["employee"]) in page.content.decode()
    response = employee_client.get(reverse("accounts:person_avatar", args=["employee"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    # Anonymous visitors never see it.
    anonymous = client.__class__()
    assert anonymous.get(reverse("accounts:person_avatar", args=["employee"])).status_code == 302


def test_a_new_avatar_replaces_the_old_file_and_can_be_removed(
    employee_client, employee, django_capture_on_commit_callbacks
):
    employee_client.post(reverse("accounts:profile_edit"), profile_data(avatar=image_file()))
    employee.refresh_from_db()
    first = employee.avatar.name
    storage = employee.avatar.storage
    with django_capture_on_commit_callbacks(execute=True):
        employee_client.post(reverse("accounts:profile_edit"), profile_data(avatar=image_file()))
    employee.refresh_from_db()
    assert employee.avatar.name != first
    assert not storage.exists(first)
    second = employee.avatar.name
    with django_capture_on_commit_callbacks(execute=True):
        employee_client.post(reverse("accounts:profile_edit"), profile_data(remove_avatar="on"))
    employee.refresh_from_db()
    assert not employee.avatar
    assert not storage.exists(second)


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("me.png", b"this is not an image at all", content_type="image/png"),
        SimpleUploadedFile("me.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png"),
        SimpleUploadedFile("me.gif", b"GIF89a" + b"\x00" * 64, content_type="image/gif"),
        SimpleUploadedFile("me.svg", b"<svg onload='alert(1)'></svg>", content_type="image/svg"),
    ],
    ids=["text", "broken-png", "gif", "svg"],
)
def test_avatar_that_is_not_an_image_is_refused_and_nothing_saved(
    employee_client, employee, upload
):
    response = employee_client.post(
        reverse("accounts:profile_edit"), profile_data(department="Changed", avatar=upload)
    )
    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    employee.refresh_from_db()
    assert not employee.avatar
    assert employee.department == "Operations"
    assert not AuditLog.objects.filter(action="accounts.profile.update").exists()


def test_oversized_avatar_is_refused(employee_client, employee, settings):
    settings.AVATAR_MAX_BYTES = 1000
    response = employee_client.post(
        reverse("accounts:profile_edit"), profile_data(avatar=image_file(size=(800, 800)))
    )
    assert "too large" in response.content.decode()
    employee.refresh_from_db()
    assert not employee.avatar


def test_avatar_of_someone_without_one_or_inactive_is_404(employee_client, db):
    UserFactory(username="nophoto")
    UserFactory(username="gone", is_active=False)
    assert (
        employee_client.get(reverse("accounts:person_avatar", args=["nophoto"])).status_code == 404
    )
    assert employee_client.get(reverse("accounts:person_avatar", args=["gone"])).status_code == 404


def test_admin_user_page_shows_the_avatar_through_the_checked_view(admin_client, admin_user):
    admin_client.post(reverse("accounts:profile_edit"), profile_data(avatar=image_file()))
    response = admin_client.get(reverse("admin:accounts_user_change", args=[admin_user.pk]))
    assert response.status_code == 200
    assert reverse("accounts:person_avatar", args=["admin"]) in response.content.decode()
