"""The SVG chart helpers (intrasphere.charts): responsive, readable, linked, with a table."""

import re

from django.utils import translation

from intrasphere.charts import abbreviate, bar_chart_svg, column_chart_svg, stacked_bar_svg

LONG = "Demandes relatives aux ressources humaines et à la paie du personnel"


def svg_part(html: str) -> str:
    return html.split("<details", 1)[0]


def test_bar_chart_escapes_labels_and_uses_attributes_only():
    html = bar_chart_svg(["<script>x</script>", "B & C"], [3, 0], title='Say "hi"')
    assert html.startswith('<div class="chart-box"><svg class="chart chart-bars"')
    assert "<script>" not in html and "&lt;script&gt;" in html and "B &amp; C" in html
    assert "style" not in html
    assert 'aria-label="Say &quot;hi&quot;"' in html


def test_the_svg_fills_its_card_and_keeps_its_text_size():
    """No viewBox (it would scale 13 px text down to ~6 px on a phone): the width is 100 %,
    the geometry in percentages, the height in pixels."""
    svg = svg_part(bar_chart_svg(["a", "b"], [10, 5], title="t"))
    assert 'width="100%"' in svg and "viewBox" not in svg
    assert re.search(r'<svg[^>]* height="\d+"', svg)
    widths = re.findall(r'class="chart-tone-primary" x="0" y="\d+" width="([\d.]+)%"', svg)
    assert widths == ["86.00", "43.00"]  # the largest takes the room, the others in proportion


def test_each_bar_is_a_link_named_by_its_label_and_value():
    svg = svg_part(
        bar_chart_svg(["New", "Closed"], [4, 1], title="t", urls=["/list/?status=new", "/c/"])
    )
    assert '<a href="/list/?status=new" aria-label="New: 4"><title>New: 4</title>' in svg
    assert '<a href="/c/" aria-label="Closed: 1">' in svg


def test_each_bar_takes_its_tone():
    svg = bar_chart_svg(["a", "b"], [1, 1], title="t", tones=["success", "danger"])
    assert 'class="chart-tone-success"' in svg and 'class="chart-tone-danger"' in svg
    assert "fill=" not in svg  # colours come from the theme (portal.css), both themes


def test_long_labels_are_abbreviated_with_the_full_text_in_the_title():
    svg = svg_part(bar_chart_svg([LONG], [2], title="t", urls=["/x/"]))
    shown = re.search(r'<text x="0" y="\d+" aria-hidden="true">([^<]+)</text>', svg)[1]
    assert shown.endswith("…") and len(shown) <= 42 and LONG.startswith(shown[:-1])
    assert f"<title>{LONG}: 2</title>" in svg


def test_abbreviate_cuts_at_a_word():
    assert abbreviate("short", 10) == "short"
    assert abbreviate("one two three four", 12) == "one two…"
    assert len(abbreviate("x" * 50, 10)) == 10


def test_the_figures_as_a_table_with_the_same_links():
    html = bar_chart_svg(["New", "Closed"], [4, 1], title="By status", urls=["/n/", "/c/"])
    table = html.split("<details", 1)[1]
    assert '<caption class="visually-hidden">By status</caption>' in table
    assert '<th scope="row"><a href="/n/">New</a></th><td class="numeric">4</td>' in table


def test_months_are_vertical_columns_with_short_ticks():
    html = column_chart_svg(
        ["December 2025", "January 2026"],
        [2, 4],
        title="Filed per month",
        ticks=[("Dec", "2025"), ("Jan", "2026")],
        urls=["/a/", "/b/"],
    )
    svg = svg_part(html)
    # Each column: as wide as its slot allows, as tall as its value.
    bars = re.findall(
        r'class="chart-tone-primary" x="([\d.]+)%" y="(\d+)" width="([\d.]+)%" height="(\d+)"',
        svg,
    )
    assert [height for _x, _y, _w, height in bars] == ["70", "140"]
    assert bars[0][2] == bars[1][2] == "35.00"
    assert ">Dec</text>" in svg and ">2026</text>" in svg
    assert '<a href="/b/" aria-label="January 2026: 4">' in svg
    assert '<th scope="row"><a href="/a/">December 2025</a></th>' in html


@translation.override("en")
def test_stacked_bar_escapes_and_fills_the_whole_width():
    html = stacked_bar_svg(
        [("<b>A</b>", 1, "success"), ("B", 2, "info"), ("C", 0, "neutral")],
        title="T & U",
        urls=["/a/", "/b/", "/c/"],
    )
    assert "<b>" not in html and "&lt;b&gt;A&lt;/b&gt;: 1 (33%)" in html
    assert 'aria-label="T &amp; U"' in html and "style" not in html
    assert 'x="0.00%" y="0" width="33.33%"' in html and 'x="33.33%" y="0" width="66.67%"' in html
    assert '<a href="/c/" aria-label="C: 0 (0%)">' in html  # the legend entry still leads there
    empty = stacked_bar_svg([("A", 0, "neutral")], title="none")
    assert "A: 0 (0%)" in empty
