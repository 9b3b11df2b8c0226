"""The content lists offer "New …" only to the holders of the matching right (the same
predicates guard the pages themselves: 403 for everyone else)."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db

LISTS = [
    ("content.manage_documents", "content:document_list", "content:document_create"),
    ("content.manage_events", "content:event_list", "content:event_create"),
    ("content.manage_content", "content:page_list", "content:page_create"),
]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(("perm", "listing", "create"), LISTS)
def test_only_the_right_s_holders_are_offered_to_create(perm, listing, create):
    holder = signed_in(grant(UserFactory(), perm))
    employee = signed_in(UserFactory())
    other_right = next(p for p, _l, _c in LISTS if p != perm)
    other = signed_in(grant(UserFactory(), other_right))
    create_url = reverse(create)
    assert create_url in holder.get(reverse(listing)).content.decode()
    assert holder.get(create_url).status_code == 200
    for client in (employee, other):
        assert create_url not in client.get(reverse(listing)).content.decode()
        assert client.get(create_url).status_code == 403
