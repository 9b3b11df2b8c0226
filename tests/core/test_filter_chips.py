"""Active filters as chips (issue 22): one chip per filter given, showing the choice's label, each
a link to the same list without that filter (and without the page number)."""

import re
from html import unescape

import pytest
from django.urls import reverse

from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


def chips(client, url: str) -> dict[str, str]:
    page = client.get(url).content.decode()
    found = re.findall(
        r'<a class="chip" href="([^"]*)"><span class="visually-hidden">[^<]*</span>([^<]*)<', page
    )
    return {unescape(text): unescape(href) for href, text in found}


def test_the_handling_list_shows_its_active_filters_as_chips(client):
    client.force_login(grant(UserFactory(), "complaints.manage_complaints"))
    url = reverse("complaints:handling_list")
    shown = chips(client, f"{url}?status=open&priority=high&assignee=&overdue=on&page=1")
    assert shown == {
        "Status: Open": f"{url}?priority=high&assignee=&overdue=on",
        "Priority: High": f"{url}?status=open&assignee=&overdue=on",
        "Overdue only": f"{url}?status=open&priority=high&assignee=",
    }
    assert chips(client, url) == {}


def test_the_last_chip_leads_to_the_bare_list(admin_client):
    url = reverse("manage:user_list")
    assert chips(admin_client, f"{url}?role=moderator") == {"Role: Moderator": url}


def test_a_free_text_filter_shows_what_was_typed_escaped(admin_client):
    url = reverse("manage:user_list")
    page = admin_client.get(url, {"q": "<b>x</b>"}).content.decode()
    assert "Name, email, ID…: &lt;b&gt;x&lt;/b&gt;" in page
