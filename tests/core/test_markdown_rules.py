"""The Markdown sanitiser's documented rules, one example each (docs/security.md): only the
portal's tags, attributes and URL schemes survive, links open with rel="noopener noreferrer
nofollow", links keep their href and images their src/alt, headings start at h2, tables (with
their alignment), strikethrough and fenced code render. Rendered through `render_within_budget`
and `render_markdown` with the process memo emptied, so a render is never an earlier one."""

import pytest

from intrasphere import markdown
from intrasphere.markdown import render_markdown, render_within_budget

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_memo():
    markdown._memo.clear()
    yield
    markdown._memo.clear()


def render(text: str) -> str:
    html, rendered = render_within_budget(text)
    assert rendered
    assert str(render_markdown(text)) == html
    return html


def test_links_keep_their_href_and_title_and_get_rel():
    html = render("[the site](https://example.com/a 'Home')")
    assert html == (
        '<p><a href="https://example.com/a" title="Home" rel="noopener noreferrer nofollow">'
        "the site</a></p>\n"
    )


@pytest.mark.parametrize("url", ["http://example.com/", "mailto:team@example.com"])
def test_http_and_mailto_links_are_kept(url):
    assert f'href="{url}"' in render(f"[x]({url})")


@pytest.mark.parametrize(
    "url",
    [
        "data:text/html;base64,PHNjcmlwdD4=",
        "javascript:alert(1)",
        "ftp://example.com/file",
        "vbscript:msgbox(1)",
    ],
)
def test_other_url_schemes_lose_their_href(url):
    html = render(f"[x]({url})")
    assert "href" not in html and url.split(":")[0] + ":" not in html
    assert ">x</a>" in html


def test_images_keep_src_alt_and_title():
    html = render("![A chart](https://example.com/c.png 'Sales')")
    assert html == '<p><img src="https://example.com/c.png" alt="A chart" title="Sales"></p>\n'


def test_data_images_lose_their_src():
    html = render("![pixel](data:image/png;base64,iVBORw0KGgo=)")
    assert "data:" not in html and 'alt="pixel"' in html


def test_style_and_event_attributes_are_removed():
    html = render('<b style="color:red" onclick="x()" class="c" id="i">bold</b>')
    assert html == "<p><b>bold</b></p>\n"


@pytest.mark.parametrize(
    "raw",
    [
        "<div>d</div>",
        "<span>s</span>",
        "<u>u</u>",
        "<details>x</details>",
        "<mark>m</mark>",
        "<small>s</small>",
        "<script>alert(1)</script>",
        "<iframe src=x></iframe>",
        "<style>p{}</style>",
    ],
)
def test_tags_outside_the_portal_s_list_are_removed(raw):
    html = render(f"before {raw} after")
    tag = raw[1 : raw.index(">")].split()[0]
    assert f"<{tag}" not in html and "alert(1)" not in html and "p{}" not in html


def test_attributes_outside_the_portal_s_list_are_removed():
    html = render(
        '<em title="t" lang="fr">e</em> <img src="https://e.com/a.png" width="3" alt="a"> '
        '<a href="https://e.com" hreflang="en">l</a> <abbr title="World Wide Web">WWW</abbr>'
    )
    # nh3 keeps `title` and `lang` on every element (harmless): only the lists' others go.
    assert '<img src="https://e.com/a.png" alt="a">' in html
    assert "hreflang" not in html and "width" not in html
    assert '<abbr title="World Wide Web">WWW</abbr>' in html


def test_the_portal_s_own_tags_are_kept():
    html = render("<sub>2</sub> <sup>3</sup> <s>s</s> <i>i</i> <strong>b</strong> <code>c</code>")
    for tag in ("sub", "sup", "s", "i", "strong", "code"):
        assert f"<{tag}>" in html


@pytest.mark.parametrize(
    ("source", "heading"),
    [
        ("# Title", "<h2>Title</h2>"),
        ("## Sub", "<h3>Sub</h3>"),
        ("##### Five", "<h6>Five</h6>"),
        ("###### Six", "<h6>Six</h6>"),
    ],
)
def test_headings_start_at_h2(source, heading):
    html = render(source)
    assert html == heading + "\n"


def test_raw_h1_is_shifted_too():
    assert render("<h1>Raw</h1>") == "<h2>Raw</h2>"


def test_tables_render_with_their_alignment():
    html = render("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |")
    assert html.startswith("<table><thead><tr>")
    assert '<th align="left">a</th><th align="center">b</th><th align="right">c</th>' in html
    assert '<td align="left">1</td><td align="center">2</td><td align="right">3</td>' in html
    assert "style" not in html


def test_strikethrough_and_fenced_code_render():
    html = render("~~gone~~\n\n```python\nx = 1 < 2\n```\n\n> quoted\n\n1. one\n2. two\n\n---")
    assert "<p><del>gone</del></p>" in html
    assert "<pre><code>x = 1 &lt; 2\n</code></pre>" in html
    assert "<blockquote>\n<p>quoted</p>\n</blockquote>" in html
    assert "<ol>\n<li>one</li>\n<li>two</li>\n</ol>" in html
    assert "<hr>" in html


def test_an_empty_text_renders_nothing():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


def test_a_text_over_the_limit_is_escaped_plain_text(settings):
    text = "<b>x</b>\n\nsecond" + "y" * markdown.MAX_CHARS
    html, rendered = render_within_budget(text)
    assert not rendered
    assert html.startswith("<p>&lt;b&gt;x&lt;/b&gt;</p>\n\n<p>second")
    assert render_markdown(text) == html


def test_a_text_of_exactly_the_limit_renders():
    text = "**b**" + "y" * (markdown.MAX_CHARS - 5)
    html, rendered = render_within_budget(text)
    assert rendered and html.startswith("<p><strong>b</strong>")


# --- bounds, budget and caching (the documented numbers, exactly at and beyond each) -----------


@pytest.mark.parametrize(
    ("bound", "text", "at_bound"),
    [
        ("MAX_ENTITIES", "a & b & c", 2),  # "&amp;" twice
        ("MAX_HTML_CHARS", "hello", len("<p>hello</p>\n")),
        ("MAX_DEPTH", ">>> deep", 4),  # three quotes and a paragraph
    ],
)
def test_each_bound_admits_its_value_and_refuses_one_more(monkeypatch, bound, text, at_bound):
    monkeypatch.setattr(markdown, bound, at_bound)
    html, rendered = render_within_budget(text)
    assert rendered, html
    monkeypatch.setattr(markdown, bound, at_bound - 1)
    html, rendered = render_within_budget(text)
    assert not rendered and html.startswith("<p>")


@pytest.fixture
def clock(monkeypatch):
    """`time.perf_counter` answering the given instants in turn."""
    instants: list[float] = []
    monkeypatch.setattr(markdown.time, "perf_counter", lambda: instants.pop(0))
    return instants


def test_a_render_at_the_budget_is_not_logged(clock, caplog):
    clock.extend([0.0, markdown.BUDGET_SECONDS])  # exactly the budget
    render_within_budget("*fine*")
    assert "over budget" not in caplog.text


def test_a_render_over_the_budget_is_logged_with_its_duration(clock, caplog):
    caplog.set_level("WARNING", logger="intrasphere.markdown")
    clock.extend([1000.0, 1002.0])
    render_within_budget("*slow*")
    messages = [record.getMessage() for record in caplog.records]
    assert messages == ["markdown render over budget: 2000 ms for 6 characters"]


@pytest.fixture
def renders(monkeypatch):
    """The texts actually rendered (neither in process memory nor in the shared cache)."""
    seen: list[str] = []
    real = markdown.render_within_budget
    monkeypatch.setattr(
        markdown, "render_within_budget", lambda text: seen.append(text) or real(text)
    )
    return seen


def forget_shared_cache():
    from django.core.cache import cache

    cache.clear()  # another process: only this one's memory remembers


def test_a_second_render_comes_from_process_memory(renders):
    first, second = render_markdown("*one*"), render_markdown("*two*")
    assert first != second
    forget_shared_cache()
    assert render_markdown("*one*") == first and render_markdown("*two*") == second
    assert renders == ["*one*", "*two*"]


def test_process_memory_keeps_the_latest_renders(renders):
    size = markdown.PROCESS_MEMO_ENTRIES
    texts = [f"text {n}" for n in range(size + 1)]
    for text in texts[:size]:
        render_markdown(text)
    render_markdown(texts[0])  # used again: now the latest
    render_markdown(texts[size])  # one too many: the least recently used goes
    forget_shared_cache()
    renders.clear()
    for text in (texts[0], texts[2], texts[size - 1], texts[size]):
        render_markdown(text)
    assert renders == []
    render_markdown(texts[1])
    assert renders == [texts[1]]


def test_process_memory_skips_long_renders(renders):
    longest = "x" * (markdown.PROCESS_MEMO_MAX_CHARS - len("<p></p>\n"))
    too_long = longest + "y"
    for text in (longest, too_long):
        render_markdown(text)
    forget_shared_cache()
    render_markdown(longest)
    render_markdown(too_long)
    assert renders == [longest, too_long, too_long]


def test_the_shared_cache_keeps_a_render_for_a_week(renders, monkeypatch):
    import time as time_module

    render_markdown("*kept*")
    now = time_module.time()
    for days, kept in ((6.9, True), (7.1, False)):
        markdown._memo.clear()
        monkeypatch.setattr(time_module, "time", lambda days=days: now + days * 86400)
        renders.clear()
        render_markdown("*kept*")
        assert (renders == []) is kept, days
        monkeypatch.setattr(time_module, "time", lambda: now)
        if not kept:
            break


def test_a_lone_surrogate_renders_instead_of_failing():
    """JSON can carry half a surrogate pair: the text renders with it replaced, never a 500."""
    assert str(render_markdown("a \ud800 b **x**")) == "<p>a ? b <strong>x</strong></p>\n"


# --- Excerpts (list cards, the home's news feed) -------------------------------------------------
def test_an_excerpt_is_the_plain_text_of_the_rendered_markdown():
    text = "# Canteen\n\nThe **canteen** reopens on *Monday* &amp; serves\n\n- soup\n- salad"
    assert (
        markdown.markdown_excerpt(text)
        == "Canteen The canteen reopens on Monday & serves soup salad"
    )
    assert markdown.markdown_excerpt("<script>alert(1)</script>Hello") == "Hello"
    assert markdown.markdown_excerpt("") == markdown.markdown_excerpt(None) == ""


def test_an_excerpt_is_cut_at_a_word_before_its_length():
    text = "Alpha beta, gamma delta epsilon"
    assert markdown.markdown_excerpt(text, 31) == text
    assert markdown.markdown_excerpt(text, 30) == "Alpha beta, gamma delta…"
    assert markdown.markdown_excerpt(text, 12) == "Alpha beta…"  # the comma goes with the cut
    assert len(markdown.markdown_excerpt("word " * 100)) <= 241
    assert markdown.markdown_excerpt("word " * 100).endswith("word…")


def test_an_excerpt_reads_only_the_start_of_a_huge_text():
    huge = "lead " * 5000 + "TAIL"
    assert "TAIL" not in markdown.markdown_excerpt(huge, 100_000)
