"""The bench's report (`bench.run.verdicts`, `bench.run.markdown`): each page's ratio is to the
ceiling runs beside it, and a page under its target is named plainly."""

from bench.run import markdown, verdicts


def _page(name: str, rps: float, beside: float, min_ratio: float | None = 0.30) -> dict:
    return {
        "name": name,
        "requests": 10,
        "errors": 0,
        "p50_ms": 5.0,
        "p95_ms": 9.0,
        "p99_ms": 12.0,
        "limit_ms": 100.0,
        "min_ratio": min_ratio,
        "sat": {"rps": rps, "errors": 0, "ceiling_rps": beside},
        "ratio": round(rps / beside, 2),
    }


def _summary(rows: list[dict]) -> dict:
    summary = {
        "started": "2026-11-26 10:00 UTC",
        "workers": 2,
        "rate": 40.0,
        "duration": 60.0,
        "saturation": 8.0,
        "load_tool": "wrk",
        "ceiling_rps": 1000.0,
        "ceiling_runs": [900.0, 1000.0, 1100.0],
        "open_loop_served_rps": 39.7,
        "worker_rss_mb": [115.0, 116.0],
        "worker_timeouts": 0,
        "database": "intrasphere_bench10",
        "load_average": [3.5, 4.25],
    }
    summary["verdicts"] = verdicts(rows, summary)
    return summary


def _ceiling() -> dict:
    row = _page("ceiling (minimal view)", 1000.0, 1000.0, min_ratio=1.0)
    del row["sat"]["ceiling_rps"]  # the ceiling's own row: the median of its runs
    return row


def test_a_page_is_judged_by_the_ceiling_runs_beside_it():
    # 310 req/s is 0.31 of the ceiling beside it, though under 0.30 of a faster moment's.
    rows = [_page("topic page", 310.0, 1000.0), _page("topic list", 330.0, 1100.0), _ceiling()]
    summary = _summary(rows)
    assert "MET: every read page's throughput ratio at or above its target" in summary["verdicts"]
    table = markdown(rows, summary)
    assert "| topic page | 10 | 0 | 5.0 | 9.0 | 12.0 | 310.0 | 1000.0 | 0.31 |" in table
    assert "ceiling 1000.0 req/s (median of 3 runs, 900.0–1100.0)" in table
    # The conditions come with the figures: which data, and the machine's other work.
    assert "database intrasphere_bench10 · load average (1 min) 3.5 before, 4.25 after" in table


def test_a_page_under_its_target_is_named():
    rows = [_page("topic page", 290.0, 1000.0), _ceiling()]
    verdict = _summary(rows)["verdicts"]
    assert "MISSED: throughput of topic page is 0.290 × the ceiling < 0.30" in verdict
    assert not any(line.startswith("MET: every read page") for line in verdict)


def test_the_floor_is_a_reference_not_a_target():
    rows = [_page("layout floor (empty page)", 560.0, 1000.0, min_ratio=None), _ceiling()]
    verdict = _summary(rows)["verdicts"]
    assert any(line.startswith("REFERENCE: the layout floor") for line in verdict)
    assert "MET: every read page's throughput ratio at or above its target" in verdict
