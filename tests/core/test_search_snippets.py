"""Search snippets are text: Markdown syntax is removed (no raw `**Mandatory**`), HTML in the
source is dropped or escaped, the searched words are marked; with the database's headline or
without."""

import time

import pytest
from django.urls import reverse

from intrasphere.search import HIT_END, HIT_START, plain_text, snippet
from tests.content.factories import AnnouncementFactory
from tests.pages import signed_in

pytestmark = pytest.mark.django_db


class Row:
    def __init__(self, headline=None):
        self.search_snippet = headline


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("Training is **Mandatory** for all", "Training is Mandatory for all"),
        ("# Rules\n\n- _first_ item\n- `code` and ~~old~~", "Rules first item code and old"),
        ("> quoted [the policy](https://example.com/p) ![logo](l.png)", "quoted the policy logo"),
        ("| a | b |\n|---|:---:|\n| 1 | 2 |", "a b 1 2"),
        ("keep snake_case_names and 2 * 3", "keep snake_case_names and 2 3"),
        ("1. first\n2. second\n\n***", "first second"),
    ],
)
def test_markdown_becomes_plain_text(markdown, text):
    assert plain_text(markdown) == text


def test_a_snippet_without_headline_is_text_with_marks():
    html = snippet(Row(), "Training is **Mandatory** <b>now</b> & 1 < 2", "mandatory")
    assert html == "Training is <mark>Mandatory</mark> now &amp; 1 &lt; 2"


def test_a_database_headline_loses_its_syntax_and_keeps_its_marks():
    headline = f"…is **{HIT_START}Mandatory{HIT_END}** <i>x</i> <a"
    assert snippet(Row(headline), "", "mandatory") == "…is <mark>Mandatory</mark> x &lt;a"


def test_hostile_text_stays_fast():
    for text in ("[" * 20000, "[a](" * 5000, "_a" * 10000, "<a " + "x" * 20000, "*" * 20000):
        started = time.monotonic()
        plain_text(text)
        assert time.monotonic() - started < 1


def test_the_search_page_shows_text(employee):
    AnnouncementFactory(title="Safety", content="The safety course is **Mandatory** for _all_.")
    page = signed_in(employee).get(reverse("search") + "?q=safety").text
    assert "<mark>" in page and "Mandatory" in page
    assert "**Mandatory**" not in page and "_all_" not in page
