"""Markdown rendering is bounded (issue 19): documented behaviour kept, hostile texts within the
forms' limits shown as HTML or as escaped plain text (never an error), each text rendered once
per renderer version whatever page or query string asks for it. Timings: `make bench-markdown`.
"""

import pytest
from django.urls import reverse

from bench.markdown import CASES
from intrasphere import markdown
from intrasphere.markdown import (
    MAX_CHARS,
    RENDERER_VERSION,
    render_key,
    render_markdown,
    render_within_budget,
)
from tests.complaints.factories import ComplaintFactory
from tests.forum.factories import topic_with_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    """The texts actually rendered (cache misses), in order."""
    seen: list[str] = []
    real = markdown.render_within_budget

    def counting(text):
        seen.append(text)
        return real(text)

    monkeypatch.setattr(markdown, "render_within_budget", counting)
    markdown._memo.clear()
    return seen


# --- documented behaviour ---------------------------------------------------------------------


def test_headings_start_at_h2_and_tables_and_fenced_code_render():
    html = render_markdown(
        "# Title\n\n###### Six\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n\n```python\nx = 1\n```\n"
    )
    assert "<h2>Title</h2>" in html and "<h1" not in html and "<h6>Six</h6>" in html
    assert '<th align="center">b</th>' in html and '<td align="center">2</td>' in html
    assert "<pre><code>x = 1\n</code></pre>" in html


def test_links_get_noopener_and_no_data_scripts_or_styles_survive():
    html = render_markdown(
        "[ok](https://example.com) [bad](javascript:alert(1)) [d](data:text/html,x)\n\n"
        '![i](data:image/png;base64,AA) <b style="color:red" onclick="x()">b</b>\n\n'
        "<script>alert(2)</script> <iframe src=x></iframe>"
    )
    assert '<a href="https://example.com" rel="noopener noreferrer nofollow">ok</a>' in html
    assert "javascript:" not in html and "data:" not in html
    assert "style=" not in html and "onclick" not in html
    assert "<script" not in html and "alert(2)" not in html and "<iframe" not in html
    assert "<b>b</b>" in html


# --- hostile texts ----------------------------------------------------------------------------


@pytest.mark.parametrize("size", [20_000, MAX_CHARS])
@pytest.mark.parametrize("case", list(CASES))
def test_every_pathological_text_renders_or_is_shown_as_plain_text(case, size):
    text = CASES[case](size)
    html, rendered = render_within_budget(text)
    assert isinstance(html, str)  # an HTML comment alone sanitises to nothing
    if not rendered:
        assert html.startswith("<p>") and "<script" not in html
    # Whatever happens, the sanitiser never sees more than its bounds.
    assert len(html) <= max(markdown.MAX_HTML_CHARS, 6 * len(text))


@pytest.mark.parametrize(
    "text",
    [
        ">" * 20_000,  # 20,000 nested quotes: the sanitiser would take seconds
        "<div>" * 4_000,  # raw HTML nested as deep
        "".join("  " * i + "- a\n" for i in range(300)),  # a list 300 levels deep
        "|a" * 2_500 + "\n" + "|-" * 2_500 + "\n" + "|b\n" * 2_000,  # rows padded to 2,500 cells
        "&#" * 25_000,  # character references: several times a character's cost each
        "x" * (MAX_CHARS + 1),  # longer than any form accepts
    ],
    ids=["deep quotes", "deep raw HTML", "deep list", "wide table", "references", "too long"],
)
def test_texts_beyond_the_bounds_are_shown_escaped(text):
    html, rendered = render_within_budget(text)
    assert not rendered
    assert html.startswith("<p>") and "<blockquote>" not in html and "<table>" not in html
    assert "<div>" not in html


def test_the_link_openers_of_the_issue_render_as_text():
    html, rendered = render_within_budget("[](" * 6_666)
    assert rendered and html.startswith("<p>[](")


# --- rendered once per content version --------------------------------------------------------


def test_a_text_is_rendered_once_per_renderer_version(renders):
    text = "Hello **world**"
    first = render_markdown(text)
    markdown._memo.clear()  # another process: the shared cache has it
    assert render_markdown(text) == first
    assert renders == [text]
    key = render_key(text)
    assert RENDERER_VERSION in key and text not in key


def test_the_render_key_holds_only_the_text_and_the_version():
    assert render_key("a") == render_key("a") != render_key("b")


def test_a_query_string_cannot_make_a_topic_render_again(client, employee, renders):
    topic = topic_with_post(content="A *post* " + "[](" * 100)
    client.force_login(employee)
    assert client.get(topic.get_absolute_url()).status_code == 200
    count = len(renders)
    for n in range(5):
        assert client.get(f"{topic.get_absolute_url()}?anything={n}").status_code == 200
    assert len(renders) == count == 1


def test_a_query_string_cannot_make_a_topic_body_render_again(client, employee, monkeypatch):
    """A post's body is a `{% cache %}` fragment keyed by the post's version, not the request."""
    from intrasphere.templatetags import portal

    calls = []
    real = portal.render_markdown
    monkeypatch.setattr(portal, "render_markdown", lambda t: calls.append(t) or real(t))
    topic = topic_with_post(content="Hello")
    client.force_login(employee)
    for n in range(4):
        assert client.get(f"{topic.get_absolute_url()}?anything={n}").status_code == 200
    assert len(calls) == 1


def test_a_hostile_complaint_is_shown_without_error(client, employee):
    complaint = ComplaintFactory(submitter=employee, description=">" * 19_000 + "<b>x</b>")
    client.force_login(employee)
    response = client.get(reverse("complaints:detail", args=[complaint.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "&gt;&gt;&gt;&gt;" in body and "&lt;b&gt;x&lt;/b&gt;" in body
