"""Private responses are not kept by shared caches (issue 19): every answer to a signed-in
request is `Cache-Control: private`; downloads and exports are `private, no-store`; public
assets keep their long cache (WhiteNoise answers them before our middleware)."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.complaints.factories import AttachmentFactory
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


@pytest.mark.parametrize("name", ["dashboard", "search", "complaints:my_list", "forum:index"])
def test_signed_in_pages_are_private(employee_client, name):
    response = employee_client.get(reverse(name))
    assert response.status_code == 200
    assert "private" in directives(response) and "public" not in directives(response)


def test_error_and_redirect_answers_to_signed_in_requests_are_private(employee_client):
    assert "private" in directives(employee_client.get("/complaints/999999/"))
    assert "private" in directives(employee_client.get(reverse("complaints:handling_list")))


def test_a_complaint_attachment_is_not_stored(client):
    attachment = AttachmentFactory()
    client.force_login(attachment.complaint.submitter)
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert {"private", "no-store"} <= directives(response)


def test_a_csv_export_is_not_stored(client):
    client.force_login(grant(UserFactory(), "complaints.manage_complaints"))
    response = client.get(reverse("complaints:reports_csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert {"private", "no-store"} <= directives(response)


def test_static_files_are_answered_before_the_private_middleware():
    middleware = settings.MIDDLEWARE
    assert middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") < middleware.index(
        "intrasphere.middleware.PrivateCacheMiddleware"
    )
