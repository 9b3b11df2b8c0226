"""The header's "Manage" entry (issue 22): one function of the viewer's rights, the same on every
page; present for anyone with a management right and leading to a hub whose every link opens;
absent for an employee and for someone whose only flag is a page's own (a training's instructor),
so it never leads to a 403."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from guardian.shortcuts import assign_perm

from tests.factories import UserFactory, grant
from tests.training.factories import TrainingFactory

pytestmark = pytest.mark.django_db

INDEX = reverse("manage:index")
MANAGE_ENTRY = re.compile(rf'<nav class="main-nav"[^>]*>.*?href="{INDEX}"', re.S)
PAGES = [
    "dashboard",
    "content:announcement_list",
    "content:document_list",
    "content:event_list",
    "content:page_list",
    "training:training_list",
    "forum:index",
    "complaints:my_list",
    "accounts:directory",
    "messaging:inbox",
    "notifications:list",
]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pages_with_entry(client: Client, training=None) -> set[str]:
    urls = {name: reverse(name) for name in PAGES}
    if training is not None:
        urls["training"] = training.get_absolute_url()
    shown = set()
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, url
        if MANAGE_ENTRY.search(response.content.decode()):
            shown.add(name)
    return shown


def hub_links(client: Client) -> list[str]:
    response = client.get(INDEX)
    assert response.status_code == 200
    page = response.content.decode()
    main = page[page.index('<main id="main"') :]
    return re.findall(r'<a class="card card-body" href="([^"]+)"', main)


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: grant(UserFactory(), "content.manage_announcements"), id="hr-manager"),
        pytest.param(lambda: UserFactory(role="moderator"), id="moderator"),
        pytest.param(lambda: grant(UserFactory(), "training.manage_trainings"), id="trainings"),
        pytest.param(lambda: grant(UserFactory(), "accounts.manage_users"), id="users"),
        pytest.param(lambda: grant(UserFactory(), "complaints.manage_complaints"), id="handler"),
        pytest.param(
            lambda: UserFactory(role="admin", is_superuser=True, is_staff=True), id="admin"
        ),
    ],
)
def test_a_manager_sees_the_entry_on_every_page_and_every_hub_link_opens(make):
    client = signed_in(make())
    assert pages_with_entry(client, TrainingFactory()) == {*PAGES, "training"}
    links = hub_links(client)
    assert links
    for url in links:
        assert client.get(url).status_code == 200, url


def test_the_hr_manager_hub_lists_what_her_right_opens_and_nothing_else():
    client = signed_in(grant(UserFactory(), "content.manage_announcements"))
    assert hub_links(client) == [reverse("content:announcement_create")]


def test_an_employee_never_sees_the_entry():
    client = signed_in(UserFactory())
    assert pages_with_entry(client, TrainingFactory()) == set()
    assert client.get(INDEX).status_code == 403


def test_a_page_flag_does_not_add_the_entry():
    """An instructor manages their training (its page says `can_manage`) but opens no
    management page: the header is the same there as elsewhere, without the entry."""
    instructor, training = UserFactory(), TrainingFactory()
    assign_perm("training.manage_trainings", instructor, training)
    client = signed_in(instructor)
    assert pages_with_entry(client, training) == set()
    assert client.get(INDEX).status_code == 403


def test_the_entry_follows_a_new_right_at_once():
    person = UserFactory()
    client = signed_in(person)
    assert pages_with_entry(client) == set()
    grant(person, "content.manage_documents")
    assert pages_with_entry(client) == set(PAGES)
