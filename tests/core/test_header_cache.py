"""The viewer's header is kept per person and what it shows (base.html, `{% cache … %}` in the
process's memory): whatever it shows changes at once; the sign-out form's token is never kept."""

import re

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from intrasphere.models import SiteSettings
from tests.factories import MessageFactory, UserFactory, grant

pytestmark = pytest.mark.django_db

HOME = reverse("dashboard")
PEOPLE = reverse("accounts:directory")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def header_of(client: Client, path: str = PEOPLE) -> str:
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('<header class="site-header">') : html.index("</header>")]


def signed_in(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_a_new_message_shows_in_the_counter_at_once(employee):
    client = signed_in(employee)
    assert "unread message" not in header_of(client)
    header_of(client)  # kept
    MessageFactory(recipient=employee)
    assert "1 unread message" in header_of(client)


def test_the_manage_entry_follows_the_rights_at_once(employee):
    client = signed_in(employee)
    assert reverse("manage:index") not in header_of(client)
    grant(employee, "accounts.manage_users")
    assert reverse("manage:index") in header_of(client)


def test_the_current_section_and_the_name_follow_the_page_and_the_profile(employee):
    client = signed_in(employee)
    assert f'href="{PEOPLE}" aria-current="page"' in header_of(client, PEOPLE)
    assert f'href="{PEOPLE}" aria-current="page"' not in header_of(client, HOME)
    employee.first_name = "Renamed"
    employee.save()
    assert "Renamed" in header_of(client)


def test_two_people_never_share_a_header():
    first, second = UserFactory(first_name="Alpha"), UserFactory(first_name="Bravo")
    assert "Alpha" in header_of(signed_in(first))
    header = header_of(signed_in(second))
    assert "Bravo" in header and "Alpha" not in header


def test_sign_out_works_from_a_second_browser_after_the_header_was_kept(employee):
    header_of(signed_in(employee))  # the first browser fills the kept header
    second = signed_in(employee)
    token = TOKEN.search(header_of(second))[1]
    response = second.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert second.get(HOME).status_code == 302  # signed out: sent to the sign-in page


def test_registration_reads_the_settings_fresh_not_another_process_s_copy(client):
    stale = SiteSettings.load()
    stale.registration_open = True  # what another process may still hold for a few seconds
    caches["local"].set(SiteSettings.CACHE_KEY, stale)
    assert SiteSettings.load().registration_open  # pages may show the kept copy…
    assert client.get(reverse("accounts:register")).status_code == 403  # …decisions do not
