"""Server-rendered SVG charts (attributes only, no inline style: the CSP allows them).

{{ chart }}  where  chart = bar_chart_svg(labels, values, title=_("By status"))
             or     chart = stacked_bar_svg([(label, value, colour), …], title=_("Completion"))

Each chart is a `role="img"` with the title as its accessible name and, in `<desc>`, the
numbers in words, so screen readers get the same information as the picture.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

BAR_COLOR = "#2450b3"
# Colours for parts of a whole; each has at least 3:1 contrast with a white or dark surface.
DONE_COLOR = "#1d7a46"
PROGRESS_COLOR = "#2450b3"
PENDING_COLOR = "#8a94a6"
LATE_COLOR = "#b42318"
EXPIRED_COLOR = "#8a5a00"


def _svg(*, width: int, height: int, title: str, desc: str, body: SafeString) -> SafeString:
    """The chart's frame: scales with its container; the title names it, `desc` tells it."""
    return format_html(
        '<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" '
        'width="{}" height="{}" role="img" aria-label="{}">'
        "<title>{}</title><desc>{}</desc>{}</svg>",
        width,
        height,
        width,
        height,
        title,
        title,
        desc,
        body,
    )


def _description(labels: Sequence[str], values: Sequence[int | float]) -> str:
    return ", ".join(
        _("%(label)s: %(value)s") % {"label": label, "value": value}
        for label, value in zip(labels, values, strict=True)
    )


def bar_chart_svg(
    labels: Sequence[str],
    values: Sequence[int | float],
    *,
    title: str,
    label_width: int = 180,
    bar_width: int = 320,
    row_height: int = 26,
    color: str = BAR_COLOR,
    desc: str | None = None,
) -> SafeString:
    """A horizontal bar chart: one row per label, the value written after each bar.

    Every label and the title are escaped; the chart scales with its container (viewBox).
    `desc` (default: every label with its value) becomes the SVG's `<desc>`.
    """
    values = [max(0, v or 0) for v in values]
    desc = _description(labels, values) if desc is None else desc
    peak = max(values, default=0) or 1
    width = label_width + bar_width + 60
    height = max(1, len(values)) * row_height + 8
    rows = []
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 4 + index * row_height
        length = round(bar_width * value / peak) if value else 0
        rows.append(
            (
                label_width - 8,
                y + row_height // 2 + 4,
                label,
                label_width,
                y + 3,
                max(length, 1 if value else 0),
                row_height - 6,
                color,
                label,
                value,
                label_width + length + 6,
                y + row_height // 2 + 4,
                value,
            )
        )
    body = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="{}"><title>{}: {}</title></rect>'
        '<text x="{}" y="{}">{}</text>',
        rows,
    )
    return _svg(width=width, height=height, title=title, desc=desc, body=body)


def stacked_bar_svg(
    parts: Sequence[tuple[str, int | float, str]],
    *,
    title: str,
    width: int = 360,
    bar_height: int = 22,
    legend_row: int = 20,
) -> SafeString:
    """One bar split into the parts of a whole — (label, value, colour) — with a legend below.

    The legend gives each part's value and share; an empty whole draws an empty grey track.
    """
    values = [max(0, value or 0) for _label, value, _color in parts]
    total = sum(values)
    shares = [round(100 * value / total) if total else 0 for value in values]
    segments, x = [], 0
    for index, ((label, _value, color), value) in enumerate(zip(parts, values, strict=True)):
        if not value:
            continue
        last = not any(values[index + 1 :])
        length = width - x if last else round(width * value / total)
        segments.append((x, length, bar_height, color, label, value))
        x += length
    texts = [
        _("%(label)s: %(value)s (%(share)s%%)") % {"label": label, "value": value, "share": share}
        for (label, _v, _c), value, share in zip(parts, values, shares, strict=True)
    ]
    legend = [
        (
            bar_height + 10 + index * legend_row,
            color,
            bar_height + 10 + index * legend_row + 11,
            text,
        )
        for index, ((_label, _v, color), text) in enumerate(zip(parts, texts, strict=True))
    ]
    height = bar_height + 10 + len(parts) * legend_row
    desc = ", ".join(texts)
    body = format_html(
        '<rect x="0" y="0" width="{}" height="{}" rx="4" fill="{}" fill-opacity="0.25"/>{}{}',
        width,
        bar_height,
        PENDING_COLOR,
        format_html_join(
            "",
            '<rect x="{}" y="0" width="{}" height="{}" fill="{}"><title>{}: {}</title></rect>',
            segments,
        ),
        format_html_join(
            "",
            '<rect x="0" y="{}" width="12" height="12" rx="2" fill="{}"/>'
            '<text x="18" y="{}">{}</text>',
            legend,
        ),
    )
    return _svg(width=width, height=height, title=title, desc=desc, body=body)
