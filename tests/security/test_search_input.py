"""Full-text search never sends the database a query it cannot parse (issue 19): operators and
punctuation collapse to at most a few words; no string up to the field limit answers 5xx on
/search/, the documents filter or the complaint form's suggestions (property test on
PostgreSQL, where `websearch_to_tsquery` once overflowed on 33 `-`)."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from complaints.models import Complaint
from content.models import Document
from forum.models import Topic
from intrasphere.search import MAX_TERMS, TERM_MAX_CHARS, search_terms, text_search
from tests.complaints.factories import ComplaintFactory, resolved

pytestmark = pytest.mark.django_db

HOSTILE = ["-" * 40, "-" * 200, "!" * 100, "a & | ! ( ) : * <-> 'b'", '"' * 50, "\x00\x01-\t\r\n"]
SEARCH_PAGES = [
    (reverse("search"), "q"),
    (reverse("content:document_list"), "q"),
    (reverse("complaints:submit"), "q"),
]
QUERIES = st.text(
    alphabet=st.one_of(st.sampled_from(list("-!&|():*'\"<>\\ \t\n\x00_éa1")), st.characters()),
    max_size=200,
)


def test_operators_and_punctuation_collapse_to_a_few_words():
    assert search_terms("-" * 40) == []
    assert search_terms("heating -broken OR \"room 4\" & (x|y)!") == [
        "heating", "broken", "OR", "room", "4", "x", "y",
    ]  # fmt: skip
    assert len(search_terms("word " * 100)) == MAX_TERMS
    assert search_terms("z" * 500) == ["z" * TERM_MAX_CHARS]


@pytest.mark.parametrize("query", HOSTILE)
@pytest.mark.parametrize(("url", "field"), SEARCH_PAGES)
def test_hostile_queries_answer_without_error(employee_client, url, field, query):
    ComplaintFactory(title="Heating broken")
    response = employee_client.get(url, {field: query})
    assert response.status_code == 200


def test_a_query_still_finds_by_its_words(employee_client, employee):
    complaint = resolved(ComplaintFactory(submitter=employee, title="Heating broken in room 4"))
    found = text_search(Complaint.objects.all(), "--heating!! (room)", ["title", "description"])
    assert list(found) == [complaint]


@pytest.mark.postgres
@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=QUERIES)
def test_any_string_is_a_query_postgresql_can_parse(on_postgres, query):
    for queryset, fields in (
        (Complaint.objects.all(), ["title", "description"]),
        (Document.objects.all(), ["title", "description"]),
        (Topic.objects.all(), ["title"]),
    ):
        list(text_search(queryset, query, fields, language="fr")[:1])
        list(text_search(queryset, query, fields, language="en")[:1])


@pytest.mark.postgres
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=QUERIES)
def test_any_string_on_the_search_pages_answers_without_error(on_postgres, client, query):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="searcher"))
    for url, field in SEARCH_PAGES:
        assert client.get(url, {field: query}).status_code == 200
