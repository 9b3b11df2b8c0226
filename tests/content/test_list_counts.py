"""The lists' shared row counts (announcements, documents, the directory): kept in the cache so
that a page view does not count a growing table, yet right for each audience and after every
write, and the pages past the end still a 404."""

import pytest
from django.test import override_settings
from django.urls import reverse

from accounts import services as account_services
from tests.content.factories import AnnouncementFactory, make_document
from tests.factories import UserFactory
from tests.pages import signed_in

ANNOUNCEMENTS = reverse("content:announcement_list")
DOCUMENTS = reverse("content:document_list")
DIRECTORY = reverse("accounts:directory")


def counted(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200
    return response.context["page"].paginator.count


@pytest.mark.django_db
@override_settings(PAGE_SIZE=2)
def test_a_new_announcement_is_counted_at_once_and_opens_a_page():
    client = signed_in(UserFactory(department="Sales"))
    AnnouncementFactory.create_batch(2)
    assert counted(client, ANNOUNCEMENTS) == 2
    assert client.get(ANNOUNCEMENTS, {"page": 2}).status_code == 404
    AnnouncementFactory()
    assert counted(client, ANNOUNCEMENTS) == 3
    assert client.get(ANNOUNCEMENTS, {"page": 2}).status_code == 200


@pytest.mark.django_db
def test_each_audience_counts_its_own_announcements():
    AnnouncementFactory.create_batch(2)
    AnnouncementFactory(audience_restricted=True, audience_departments="|Sales|")
    sales = signed_in(UserFactory(department="Sales"))
    finance = signed_in(UserFactory(department="Finance"))
    assert counted(sales, ANNOUNCEMENTS) == 3
    assert counted(finance, ANNOUNCEMENTS) == 2
    # The API's list reads the same shared count as the page.
    assert finance.get("/api/v1/announcements").json()["count"] == 2
    assert sales.get("/api/v1/announcements").json()["count"] == 3


@pytest.mark.django_db
def test_a_filtered_list_is_counted_apart():
    AnnouncementFactory.create_batch(2, type="news")
    AnnouncementFactory(type="event")
    client = signed_in(UserFactory())
    assert counted(client, ANNOUNCEMENTS) == 3
    response = client.get(ANNOUNCEMENTS, {"type": "event"})
    assert response.context["page"].paginator.count == 1


@pytest.mark.django_db
def test_a_new_document_is_counted_at_once_and_a_search_counts_its_matches():
    client = signed_in(UserFactory())
    make_document(title="Safety rules")
    assert counted(client, DOCUMENTS) == 1
    make_document(title="Holiday policy")
    assert counted(client, DOCUMENTS) == 2
    response = client.get(DOCUMENTS, {"q": "holiday"})
    assert response.context["page"].paginator.count == 1


@pytest.mark.django_db
def test_the_directory_counts_a_new_and_a_deactivated_colleague_at_once(admin_user):
    client = signed_in(UserFactory())
    before = counted(client, DIRECTORY)
    colleague = UserFactory()
    assert counted(client, DIRECTORY) == before + 1
    account_services.user_deactivate(actor=admin_user, user=colleague)
    assert counted(client, DIRECTORY) == before
