"""Server-rendered SVG charts (attributes only, no inline style: the CSP allows them).

{{ chart }}  where  chart = bar_chart_svg(labels, values, title=_("By status"), urls=[…])
             or     chart = column_chart_svg(labels, values, title=…, ticks=[(line1, line2), …])
             or     chart = stacked_bar_svg([(label, value, tone), …], title=_("Completion"))

What every chart does:

- **Fills its card at every width, text at its real size.** The SVG is `width="100%"` with its
  height in pixels and its geometry in percentages of its width (no `viewBox`: a viewBox scales
  the text with the picture, to ~6 px on a phone). The text is 13 px (`.chart text`), never less.
- **Labels never cut**: a label too long for its room is abbreviated with "…" and the full
  text is the `<title>` of its bar (a tooltip, and the link's accessible name).
- **Colours by tone**, the badge's (`info`, `accent`, `warning`, `success`, `danger`, `neutral`,
  `primary`): `.chart-tone-<tone>` fills with the badge's text colour, at least 3:1 against the
  card in both themes (portal.css).
- **Each bar is a link** to the list it counts when `urls` are given (`<a>` with the label and
  the value as its accessible name).
- **A data table** follows the picture, in a `<details>` (the same figures and links), and the
  SVG's `<desc>` says the numbers in words.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# Tones: the badge colours (portal.css `.chart-tone-*`, the same variables as `.badge-*`).
TONES = ("primary", "info", "accent", "warning", "success", "danger", "neutral")
BAR_TONE = "primary"
# The states of completion and compliance, each with its badge's tone.
DONE_COLOR = "success"
PROGRESS_COLOR = "info"
PENDING_COLOR = "neutral"
LATE_COLOR = "danger"
EXPIRED_COLOR = "warning"

LABEL_CHARS = 42  # a horizontal bar's label: longer ones are abbreviated (full text in title)
ROW_HEIGHT = 44  # label line + bar
BAR_HEIGHT = 16
BAR_ROOM = 86  # percent of the width the longest bar takes (the rest: its value)


def abbreviate(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with "…" when cut."""
    text = str(text)
    if len(text) <= limit:
        return text
    cut = text[: max(1, limit - 1)].rstrip()
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")].rstrip(" ,;:-–")
    return f"{cut}…"


def _tone(tone: str) -> str:
    return tone if tone in TONES else BAR_TONE


def _description(labels: Sequence[str], values: Sequence[int | float]) -> str:
    return ", ".join(
        _("%(label)s: %(value)s") % {"label": label, "value": value}
        for label, value in zip(labels, values, strict=True)
    )


def _link(url: str, name: str, body: SafeString) -> SafeString:
    """`body` inside a link to `url` named `name` (a group with a tooltip without a url)."""
    if url:
        return format_html(
            '<a href="{}" aria-label="{}"><title>{}</title>{}</a>', url, name, name, body
        )
    return format_html("<g><title>{}</title>{}</g>", name, body)


def _table(
    title: str, rows: Sequence[tuple[str, str, str]], *, heading: str, value_heading: str
) -> SafeString:
    """The figures as a table in a `<details>`: (label, value text, url) rows."""
    body = format_html_join(
        "",
        '<tr><th scope="row">{}</th><td class="numeric">{}</td></tr>',
        (
            (format_html('<a href="{}">{}</a>', url, label) if url else label, value)
            for label, value, url in rows
        ),
    )
    return format_html(
        '<details class="chart-table"><summary>{}</summary><div class="table-wrap">'
        '<table class="table"><caption class="visually-hidden">{}</caption>'
        '<thead><tr><th scope="col">{}</th><th scope="col" class="numeric">{}</th></tr></thead>'
        "<tbody>{}</tbody></table></div></details>",
        _("Show the figures as a table"),
        title,
        heading,
        value_heading,
        body,
    )


def _frame(
    *, kind: str, height: int, title: str, desc: str, body: SafeString, table: SafeString
) -> SafeString:
    """The chart: the SVG (a group named by its title, told by its `desc`) and its table."""
    svg = format_html(
        '<svg class="chart chart-{}" xmlns="http://www.w3.org/2000/svg" width="100%" '
        'height="{}" role="group" aria-label="{}"><title>{}</title><desc>{}</desc>{}</svg>',
        kind,
        height,
        title,
        title,
        desc,
        body,
    )
    return format_html('<div class="chart-box">{}{}</div>', svg, table)


def _pct(value: float) -> str:
    return f"{value:.2f}%"


def bar_chart_svg(
    labels: Sequence[str],
    values: Sequence[int | float],
    *,
    title: str,
    urls: Sequence[str] | None = None,
    tones: Sequence[str] | None = None,
    tone: str = BAR_TONE,
    desc: str | None = None,
    heading: str | None = None,
) -> SafeString:
    """Horizontal bars: each label on its own line above its bar, the value after the bar.

    `urls`: where each bar leads (the filtered list it counts); `tones`: each bar's tone
    (default `tone` for all). Every label and the title are escaped.
    """
    labels = [str(label) for label in labels]
    values = [max(0, v or 0) for v in values]
    urls = list(urls) if urls is not None else [""] * len(labels)
    tones = list(tones) if tones is not None else [tone] * len(labels)
    desc = _description(labels, values) if desc is None else desc
    peak = max(values, default=0) or 1
    rows = []
    for index, (label, value, url, bar_tone) in enumerate(
        zip(labels, values, urls, tones, strict=True)
    ):
        y = index * ROW_HEIGHT
        share = BAR_ROOM * value / peak
        body = format_html(
            '<rect class="chart-hit" x="0" y="{}" width="100%" height="{}"/>'
            '<text x="0" y="{}" aria-hidden="true">{}</text>'
            '<rect class="chart-track" x="0" y="{}" width="{}" height="{}" rx="3"/>'
            '<rect class="chart-tone-{}" x="0" y="{}" width="{}" height="{}" rx="3"/>'
            '<text class="chart-value" x="{}" dx="6" y="{}" aria-hidden="true">{}</text>',
            y,
            ROW_HEIGHT,
            y + 15,
            abbreviate(label, LABEL_CHARS),
            y + 21,
            _pct(BAR_ROOM),
            BAR_HEIGHT,
            _tone(bar_tone),
            y + 21,
            _pct(max(share, 0.6) if value else 0),
            BAR_HEIGHT,
            _pct(share),
            y + 34,
            value,
        )
        name = _("%(label)s: %(value)s") % {"label": label, "value": value}
        rows.append(_link(url, name, body))
    height = max(1, len(values)) * ROW_HEIGHT
    table = _table(
        title,
        [(label, str(value), url) for label, value, url in zip(labels, values, urls, strict=True)],
        heading=heading or _("Item"),
        value_heading=_("Count"),
    )
    body = mark_safe("".join(rows))  # each row built by format_html
    return _frame(kind="bars", height=height, title=title, desc=desc, body=body, table=table)


def column_chart_svg(
    labels: Sequence[str],
    values: Sequence[int | float],
    *,
    title: str,
    ticks: Sequence[tuple[str, str]] | None = None,
    urls: Sequence[str] | None = None,
    tone: str = BAR_TONE,
    heading: str | None = None,
    plot_height: int = 140,
) -> SafeString:
    """Vertical columns, one per label (months, in order), the value above each column.

    `ticks`: what is written under each column, two short lines (e.g. "Dec", "2026"; the
    second line empty where it repeats); `labels` are the full names (the tooltip, the link's
    name, the table). Without `ticks` the labels are abbreviated to fit.
    """
    labels = [str(label) for label in labels]
    values = [max(0, v or 0) for v in values]
    urls = list(urls) if urls is not None else [""] * len(labels)
    count = max(1, len(values))
    if ticks is None:
        ticks = [(abbreviate(label, 4), "") for label in labels]
    peak = max(values, default=0) or 1
    top, slot = 20, 100 / count
    columns = []
    for index, (label, value, url, (line1, line2)) in enumerate(
        zip(labels, values, urls, ticks, strict=True)
    ):
        height = round(plot_height * value / peak) if value else 0
        if value:
            height = max(height, 2)
        centre = slot * index + slot / 2
        body = format_html(
            '<rect class="chart-hit" x="{}" y="{}" width="{}" height="{}"/>'
            '<rect class="chart-tone-{}" x="{}" y="{}" width="{}" height="{}" rx="2"/>'
            '<text class="chart-value" x="{}" y="{}" text-anchor="middle" aria-hidden="true">{}'
            "</text>"
            '<text x="{}" y="{}" text-anchor="middle" aria-hidden="true">{}</text>'
            '<text class="chart-tick" x="{}" y="{}" text-anchor="middle" aria-hidden="true">{}'
            "</text>",
            _pct(slot * index),
            0,
            _pct(slot),
            top + plot_height + 40,
            _tone(tone),
            _pct(slot * index + slot * 0.15),
            top + plot_height - height,
            _pct(slot * 0.7),
            height,
            _pct(centre),
            top + plot_height - height - 5,
            value,
            _pct(centre),
            top + plot_height + 17,
            line1,
            _pct(centre),
            top + plot_height + 33,
            line2,
        )
        name = _("%(label)s: %(value)s") % {"label": label, "value": value}
        columns.append(_link(url, name, body))
    table = _table(
        title,
        [(label, str(value), url) for label, value, url in zip(labels, values, urls, strict=True)],
        heading=heading or _("Month"),
        value_heading=_("Count"),
    )
    body = mark_safe(  # each column built by format_html
        format_html(
            '<line class="chart-axis" x1="0" x2="100%" y1="{}" y2="{}"/>',
            top + plot_height,
            top + plot_height,
        )
        + "".join(columns)
    )
    return _frame(
        kind="columns",
        height=top + plot_height + 40,
        title=title,
        desc=_description(labels, values),
        body=body,
        table=table,
    )


def stacked_bar_svg(
    parts: Sequence[tuple[str, int | float, str]],
    *,
    title: str,
    urls: Sequence[str] | None = None,
    bar_height: int = 24,
    legend_row: int = 24,
) -> SafeString:
    """One bar split into the parts of a whole — (label, value, tone) — with a legend below.

    The legend gives each part's value and share; each part and its legend entry lead to
    `urls[i]` when given; an empty whole draws an empty track.
    """
    labels = [str(label) for label, _value, _tone in parts]
    values = [max(0, value or 0) for _label, value, _tone in parts]
    urls = list(urls) if urls is not None else [""] * len(parts)
    total = sum(values)
    shares = [round(100 * value / total) if total else 0 for value in values]
    texts = [
        _("%(label)s: %(value)s (%(share)s%%)") % {"label": label, "value": value, "share": share}
        for label, value, share in zip(labels, values, shares, strict=True)
    ]
    items, x = [], 0.0
    for index, ((_label, _v, tone), value, text, url) in enumerate(
        zip(parts, values, texts, urls, strict=True)
    ):
        segment = SafeString("")
        if value:
            last = not any(values[index + 1 :])
            length = 100 - x if last else 100 * value / total
            segment = format_html(
                '<rect class="chart-tone-{} chart-segment" x="{}" y="0" width="{}" height="{}"/>',
                _tone(tone),
                _pct(x),
                _pct(length),
                bar_height,
            )
            x += length
        y = bar_height + 12 + index * legend_row
        legend = format_html(
            '<rect class="chart-tone-{}" x="0" y="{}" width="14" height="14" rx="2"/>'
            '<text x="22" y="{}" aria-hidden="true">{}</text>',
            _tone(tone),
            y,
            y + 12,
            text,
        )
        items.append(_link(url, text, segment + legend))
    table = _table(
        title,
        [
            (label, _("%(value)s (%(share)s%%)") % {"value": value, "share": share}, url)
            for label, value, share, url in zip(labels, values, shares, urls, strict=True)
        ],
        heading=_("State"),
        value_heading=_("Count"),
    )
    body = format_html(
        '<rect class="chart-track" x="0" y="0" width="100%" height="{}" rx="4"/>{}',
        bar_height,
        mark_safe("".join(items)),  # each item built by format_html
    )
    height = bar_height + 12 + len(parts) * legend_row
    return _frame(
        kind="stacked", height=height, title=title, desc=", ".join(texts), body=body, table=table
    )
