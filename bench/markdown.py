"""`make bench-markdown`: one render of hostile Markdown at the forms' limits (issue 19).

Every case is rendered by `intrasphere.markdown.render_within_budget` (parser, bounds and
sanitiser: all a page pays on a cache miss), best of BENCH_MARKDOWN_REPEAT (3) runs, at 20,000
characters (forum posts, complaints, messages) and 100,000 (pages, lessons). The verdict: every
render under `BUDGET_SECONDS` (50 ms). `--compare` also times the parsers alone that were
measured against it (Python-Markdown, markdown-it-py, cmark-gfm) when they are installed, each
case in a child process stopped after BENCH_MARKDOWN_TIMEOUT (10) seconds.

Prints a Markdown table; `--write` replaces the "Markdown rendering" section of
bench/RESULTS.md with it.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

SIZES = (20_000, 100_000)
RESULTS = Path(__file__).with_name("RESULTS.md")
SECTION = "## Markdown rendering (issue 19, `make bench-markdown`)"


def _lines(n: int, line: Callable[[int], str]) -> str:
    out, total, i = [], 0, 0
    while total < n:
        piece = line(i)
        out.append(piece)
        total += len(piece)
        i += 1
    return "".join(out)[:n]


CASES: dict[str, Callable[[int], str]] = {
    "link openers `[](`": lambda n: "[](" * (n // 3),
    "nested brackets `[`": lambda n: "[" * n,
    "brackets `[a`": lambda n: "[a" * (n // 2),
    "balanced `[[…]]`": lambda n: "[" * (n // 2) + "]" * (n // 2),
    "link `[a](`": lambda n: "[a](" * (n // 4),
    "parentheses `[a](((…`": lambda n: "[a](" + "(" * (n - 4),
    "image openers `![`": lambda n: "![" * (n // 2),
    "image openers `![](`": lambda n: "![](" * (n // 4),
    "emphasis `*a`": lambda n: "*a" * (n // 2),
    "emphasis `**a_`": lambda n: "**a_" * (n // 4),
    "emphasis `*_`": lambda n: "*_" * (n // 2),
    "underscores": lambda n: "_" * n,
    "backticks `` `a ``": lambda n: "`a" * (n // 2),
    "angle brackets `<`": lambda n: "<" * n,
    "autolinks `<a:`": lambda n: "<a:" * (n // 3),
    "entities `&#`": lambda n: "&#" * (n // 2),
    "deep quotes `>>>…`": lambda n: ">" * n,
    "quotes `> ` per line": lambda n: _lines(n, lambda i: "> " * (i % 200) + "a\n"),
    "deep lists (indented)": lambda n: _lines(n, lambda i: "  " * (i % 500) + "- a\n"),
    "list markers `- - -…`": lambda n: "- " * (n // 2),
    "ordered `1. 1. …`": lambda n: "1. " * (n // 3),
    "wide table": lambda n: "|a" * (n // 8) + "\n" + "|-" * (n // 8) + "\n" + "|b\n" * (n // 4),
    "long table": lambda n: "|a|b|c|\n|-|-|-|\n" + "|1|2|3|\n" * (n // 8),
    "link reference definitions": lambda n: _lines(n, lambda i: f"[r{i}]: <http://e/{i}>\n"),
    "fences": lambda n: "```\n" * (n // 4),
    "raw HTML `<div>`": lambda n: "<div>" * (n // 5),
    "raw HTML `<b><i>` misnested": lambda n: "<b><i></b></i>" * (n // 14),
    "raw HTML `<table><td>`": lambda n: "<table><td>" * (n // 11),
    "raw HTML comments `<!--`": lambda n: "<!--" * (n // 4),
    "long line": lambda n: "a" * n,
    "ordinary prose": lambda n: _lines(
        n,
        lambda i: (
            f"## Part {i}\n\nSome *text* with a [link](https://example.com/{i}), "
            "`code` and **bold**.\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        ),
    ),
}


def _time(render: Callable[[str], object], text: str, repeat: int) -> tuple[float, float]:
    """The best CPU time (this process's, what the render costs whoever else runs) and the
    best wall-clock time of `repeat` renders, in ms."""
    best_cpu = best_wall = float("inf")
    for _ in range(repeat):
        cpu, wall = time.process_time(), time.perf_counter()
        render(text)
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    return best_cpu * 1000, best_wall * 1000


def _candidates() -> dict[str, Callable[[str], object]]:
    found: dict[str, Callable[[str], object]] = {}
    try:
        import markdown as python_markdown

        parser = python_markdown.Markdown(extensions=["extra", "sane_lists"])
        found["Python-Markdown"] = lambda text: parser.reset().convert(text)
    except ImportError:
        pass
    try:
        from markdown_it import MarkdownIt

        mdit = MarkdownIt("commonmark").enable(["table", "strikethrough"])
        found["markdown-it-py"] = mdit.render
    except ImportError:
        pass
    try:
        import cmarkgfm

        found["cmark-gfm"] = cmarkgfm.github_flavored_markdown_to_html
    except ImportError:
        pass
    return found


def _child(name: str, case: str, size: int, queue: multiprocessing.Queue) -> None:
    render = _candidates()[name]
    queue.put(_time(render, CASES[case](size), 1)[0])


def _compare(name: str, case: str, size: int, timeout: float) -> str:
    queue: multiprocessing.Queue = multiprocessing.Queue()
    child = multiprocessing.Process(target=_child, args=(name, case, size, queue))
    child.start()
    child.join(timeout)
    if child.is_alive():
        child.kill()
        child.join()
        return f"> {timeout:.0f} s"
    if child.exitcode != 0:
        return f"crashed ({child.exitcode})"
    return f"{queue.get():.1f}"


def run(compare: bool) -> str:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intrasphere.settings")
    os.environ.setdefault("DEBUG", "true")
    django.setup()
    from intrasphere.markdown import BUDGET_SECONDS, RENDERER_VERSION, render_within_budget

    repeat = int(os.environ.get("BENCH_MARKDOWN_REPEAT", "3"))
    timeout = float(os.environ.get("BENCH_MARKDOWN_TIMEOUT", "10"))
    others = list(_candidates()) if compare else []
    small, large = SIZES
    header = [
        "case",
        f"shown as ({small:,} / {large:,} chars)",
        f"CPU ms at {small:,}",
        f"CPU ms at {large:,}",
        f"wall ms at {large:,}",
    ] + [f"{name} at {large:,}, parser alone, CPU ms" for name in others]
    rows, worst, worst_wall = [], 0.0, 0.0
    for case, make in CASES.items():
        shown, cpu, wall = [], [], 0.0
        for size in SIZES:
            text = make(size)
            _html, rendered = render_within_budget(text)
            ms, wall = _time(render_within_budget, text, repeat)
            shown.append("HTML" if rendered else "plain")
            cpu.append(ms)
            worst, worst_wall = max(worst, ms), max(worst_wall, wall)
        row = [case, " / ".join(shown), f"{cpu[0]:.1f}", f"{cpu[1]:.1f}", f"{wall:.1f}"]
        row += [_compare(name, case, large, timeout) for name in others]
        rows.append(row)
        print(" | ".join(row), file=sys.stderr, flush=True)
    budget = BUDGET_SECONDS * 1000
    verdict = "met" if worst < budget else "NOT met"
    lines = [
        SECTION,
        "",
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, renderer `{RENDERER_VERSION}`"
        f" (parser, bounds and sanitiser), best of {repeat}, on this 2-core machine (load"
        f" average {os.getloadavg()[0]:.1f}: wall clock counts the other jobs too). Worst"
        f" render **{worst:.1f} ms of CPU** (wall clock {worst_wall:.1f} ms) against a budget"
        f' of {budget:.0f} ms: **{verdict}**. "plain": beyond the bounds (characters, HTML'
        " size, character references, nesting), shown escaped.",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
        *("| " + " | ".join(row) + " |" for row in rows),
        "",
    ]
    return "\n".join(lines)


def write(section: str) -> None:
    text = RESULTS.read_text()
    start = text.find(SECTION)
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + len(SECTION))
        text = text[:start] + section + ("\n" + text[end + 1 :] if end >= 0 else "")
    RESULTS.write_text(text)


def main() -> int:
    section = run(compare="--compare" in sys.argv)
    print(section)
    if "--write" in sys.argv:
        write(section)
    return 0 if "NOT met" not in section else 1


if __name__ == "__main__":
    sys.exit(main())
