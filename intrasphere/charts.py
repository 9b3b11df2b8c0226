"""Server-rendered SVG charts (attributes only, no inline style: the CSP allows them).

{{ chart }}  where  chart = bar_chart_svg(labels, values, title=_("By status"))
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

BAR_COLOR = "#2450b3"


def bar_chart_svg(
    labels: Sequence[str],
    values: Sequence[int | float],
    *,
    title: str,
    label_width: int = 180,
    bar_width: int = 320,
    row_height: int = 26,
    color: str = BAR_COLOR,
) -> SafeString:
    """A horizontal bar chart: one row per label, the value written after each bar.

    Every label and the title are escaped; the chart scales with its container (viewBox).
    """
    values = [max(0, v or 0) for v in values]
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
    return format_html(
        '<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" '
        'width="{}" height="{}" role="img" aria-label="{}"><title>{}</title>{}</svg>',
        width,
        height,
        width,
        height,
        title,
        title,
        body,
    )
