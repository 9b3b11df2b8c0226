"""The shared SVG bar chart helper."""

from intrasphere.charts import bar_chart_svg


def test_bar_chart_escapes_labels_and_uses_attributes_only():
    svg = bar_chart_svg(["<script>x</script>", "B & C"], [3, 0], title='Say "hi"')
    assert svg.startswith('<svg class="chart"')
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "B &amp; C" in svg
    assert "style" not in svg
    assert svg.count("<rect") == 2
    assert 'aria-label="Say &quot;hi&quot;"' in svg


def test_bar_chart_scales_to_the_largest_value_and_handles_empty():
    svg = bar_chart_svg(["a", "b"], [10, 5], title="t", bar_width=200)
    assert 'width="200"' in svg and 'width="100"' in svg
    assert bar_chart_svg([], [], title="empty").count("<rect") == 0
