"""The /manage/ index and the "Manage" entry of the navigation: each person sees the sections
their rights open, and only those; someone with none gets no entry and a 403."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db

INDEX = reverse("manage:index")
SECTIONS = {
    "users": reverse("manage:user_list"),
    "categories": reverse("manage:category_list"),
    "permissions": reverse("manage:permission_list"),
    "check": reverse("manage:permission_check"),
    "privacy": reverse("manage:privacy_requests"),
    "settings": reverse("manage:settings"),
    "audit": reverse("manage:audit_log"),
}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def sections_shown(user) -> set[str]:
    response = signed_in(user).get(INDEX)
    assert response.status_code == 200
    page = response.content.decode()
    main = page[page.index("<h1>Manage</h1>") :]
    return {name for name, url in SECTIONS.items() if f'href="{url}"' in main}


@pytest.mark.parametrize(
    ("right", "expected"),
    [
        ("accounts.manage_users", {"users"}),
        ("accounts.manage_employee_categories", {"categories"}),
        ("accounts.handle_privacy_requests", {"privacy"}),
    ],
)
def test_a_delegated_right_opens_its_own_section_only(right, expected):
    assert sections_shown(grant(UserFactory(), right)) == expected


def test_an_administrator_sees_every_section():
    assert sections_shown(UserFactory(role="admin")) == set(SECTIONS)


def test_the_manage_entry_is_for_those_with_a_section():
    manage_link = f'href="{INDEX}"'
    employee = signed_in(UserFactory())
    assert manage_link not in employee.get(reverse("dashboard")).content.decode()
    assert employee.get(INDEX).status_code == 403
    categories = signed_in(grant(UserFactory(), "accounts.manage_employee_categories"))
    assert manage_link in categories.get(reverse("dashboard")).content.decode()
