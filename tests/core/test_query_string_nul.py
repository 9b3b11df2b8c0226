"""NUL characters in a query string are dropped before any view reads it (PostgreSQL refuses
NUL in text: a search or a filter would answer 500), from the values and from the names."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _query_box(response) -> str:
    content = response.content.decode()
    start = content.index('name="q"')
    return content[start : content.index(">", start)]


def test_a_nul_in_a_value_is_dropped(employee_client):
    response = employee_client.get(reverse("search") + "?q=ab%00cd")
    assert response.status_code == 200
    assert 'value="abcd"' in _query_box(response)


def test_a_nul_in_a_parameter_name_is_dropped(employee_client):
    response = employee_client.get(reverse("search") + "?q%00=abcd")
    assert response.status_code == 200
    assert 'value="abcd"' in _query_box(response)


def test_every_value_of_a_repeated_parameter_is_kept(employee_client):
    response = employee_client.get(reverse("search") + "?x=1&q=%00ab%00&q=cd")
    assert response.status_code == 200
    # The last value wins, as without NUL: the list kept its two values, both cleaned.
    assert 'value="cd"' in _query_box(response)


def test_a_query_string_without_nul_is_left_alone(employee_client):
    response = employee_client.get(reverse("search") + "?q=ab%20cd")
    assert 'value="ab cd"' in _query_box(response)
