"""Private responses are not kept by shared caches (issue 19): every answer to a signed-in
request is `Cache-Control: private`; downloads and exports are `private, no-store`; public
assets keep their long cache (WhiteNoise answers them before our middleware)."""

import pytest
from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import path, reverse

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
        "intrasphere.middleware.cache_control.PrivateCacheMiddleware"
    )


# Any view of the portal, present or to come, gets the same headers: a few representative ones
# (an export served inline, a download that asked for a browser cache, an answer without body).
def _inline_csv(request):
    return HttpResponse("a,b\n", content_type="text/csv; charset=utf-8")


def _inline_calendar_in_capitals(request):
    return HttpResponse("BEGIN:VCALENDAR\n", content_type="TEXT/CALENDAR")


def _zip_attachment(request):
    response = HttpResponse(b"PK", content_type="application/zip")
    response["Content-Disposition"] = 'Attachment; filename="data.zip"'
    return response


def _cached_download(request):
    response = HttpResponse(b"PK", content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="data.zip"'
    response["Cache-Control"] = "max-age=3600"
    return response


def _page(request):
    return HttpResponse("<p>page</p>")


def _not_modified(request):
    return HttpResponseNotModified()


urlpatterns = [
    path("inline.csv", _inline_csv),
    path("inline.ics", _inline_calendar_in_capitals),
    path("data.zip", _zip_attachment),
    path("cached.zip", _cached_download),
    path("page", _page),
    path("not-modified", _not_modified),
]
these_views = pytest.mark.urls(__name__)


@these_views
@pytest.mark.parametrize("url", ["/inline.csv", "/inline.ics", "/data.zip"])
def test_exports_and_attachments_are_not_stored_however_served(employee_client, url):
    response = employee_client.get(url)
    assert response.status_code == 200
    assert directives(response) == {"private", "no-store"}


@these_views
def test_a_download_asking_for_a_browser_cache_is_not_stored_either(employee_client):
    response = employee_client.get("/cached.zip")
    assert response["Cache-Control"] == "private, no-store"


@these_views
def test_a_page_is_private_but_may_be_kept_by_the_browser(employee_client):
    assert directives(employee_client.get("/page")) == {"private"}


@these_views
def test_an_answer_without_content_type_is_private(employee_client):
    response = employee_client.get("/not-modified")
    assert response.status_code == 304
    assert directives(response) == {"private"}


def test_answers_to_anonymous_visitors_are_left_alone(client):
    response = client.get(reverse("forum:index"))
    assert response.status_code == 302
    assert "private" not in directives(response)
