"""@mentions: the parser (intrasphere.mentions) and their resolution to people
(accounts.selectors_people.mentions_resolve), with hostile text."""

import time

import pytest

from accounts.selectors_people import mentions_resolve
from intrasphere.mentions import (
    MAX_MENTIONS,
    linkify_mentions,
    mention_candidates,
    mentioned_usernames,
)
from tests.factories import UserFactory


def test_readings_of_a_mention():
    assert mention_candidates("Thanks @Marie Martin, see you") == {
        "Marie Martin",
        "Marie",
        # "Marie Martin," ends at the comma: no three-word reading
    }
    assert mention_candidates("ask @bob about it") == {"bob about it", "bob about", "bob"}
    assert mention_candidates("@bob. Then") == {"bob"}  # the sentence ended
    assert mention_candidates("mail a@b.com or https://x/@y or @@z") == set()


def test_the_longest_resolved_reading_wins():
    resolved = {"Marie Martin": "mmartin", "Marie": "marie"}
    text = "Hi @Marie Martin and @Marie."
    assert mentioned_usernames(text, resolved) == {"mmartin", "marie"}
    html = linkify_mentions(f"<p>{text}</p>", resolved)
    assert '<a class="mention" href="/people/mmartin/">@Marie Martin</a> and' in html
    assert '<a class="mention" href="/people/marie/">@Marie</a>.' in html


def test_links_only_outside_code_and_links():
    html = linkify_mentions(
        "<p>@bob <code>@bob</code> <a href='x'>@bob</a> <pre>@bob</pre></p>", (("bob", "bob"),)
    )
    assert html.count("/people/bob/") == 1
    assert linkify_mentions("<p>@bob</p>", {}) == "<p>@bob</p>"


def _linear(make, sizes=(10_000, 100_000)) -> list[float]:
    """The best of five timings of parsing and linking `make(size)` for each size."""
    timings = []
    for size in sizes:
        text = make(size)
        runs = []
        for _ in range(5):
            started = time.perf_counter()
            mention_candidates(text)
            linkify_mentions(f"<p>{text}</p>", {"bob": "bob"})
            runs.append(time.perf_counter() - started)
        timings.append(min(runs))
    return timings


@pytest.mark.parametrize(
    "make",
    [
        lambda n: "@" * n,
        lambda n: "@a" * n,
        lambda n: "@bob " * n,
        lambda n: ("@" + "w" * 149 + " ") * (n // 100),
        lambda n: "@x " + "word " * n,
        lambda n: "@" + "a" * n,
        lambda n: "@a'" * n,
        lambda n: "@a " * n,
    ],
)
def test_hostile_text_is_parsed_in_linear_time(make):
    small, large = _linear(make)
    assert large < 3.0
    # Ten times the text: about ten times the time (a quadratic parser would take a hundred).
    assert large < max(small, 0.005) * 40


def test_hostile_text_gives_a_bounded_number_of_mentions():
    text = " ".join(f"@user{number}" for number in range(5000))
    assert len(mention_candidates(text)) == MAX_MENTIONS
    resolved = {f"user{number}": f"user{number}" for number in range(5000)}
    assert len(mentioned_usernames(text, resolved)) == MAX_MENTIONS
    assert linkify_mentions(text, resolved).count("<a ") == MAX_MENTIONS


@pytest.mark.django_db
def test_resolution_by_username_or_unique_full_name():
    marie = UserFactory(username="mmartin", first_name="Marie", last_name="Martin")
    UserFactory(username="helene", first_name="Hélène", last_name="Lefèvre")
    UserFactory(username="p1", first_name="Pierre", last_name="Dubois")
    UserFactory(username="p2", first_name="Pierre", last_name="Dubois")
    UserFactory(username="gone", first_name="Gone", last_name="Away", is_active=False)
    text = (
        "@MMartin @Marie Martin @martin marie @helene lefevre @Pierre Dubois @gone @Gone Away "
        "@nobody"
    )
    resolved = mentions_resolve(mention_candidates(text))
    assert resolved["MMartin"] == "mmartin"
    assert resolved["Marie Martin"] == "mmartin"
    assert resolved["martin marie"] == "mmartin"
    assert resolved["helene lefevre"] == "helene"
    assert resolved["helene"] == "helene"
    assert "Pierre Dubois" not in resolved  # two people: ambiguous, plain text
    assert not {"gone", "Gone Away", "nobody"} & resolved.keys()
    assert mentioned_usernames(text, resolved) == {marie.username, "helene"}
    assert mentions_resolve([]) == {}
