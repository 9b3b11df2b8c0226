"""The security suite's summary: what was tried, printed at the end of the run."""

from tests.security.summary import FIGURES

LABELS = {
    "forms": "forms found and fuzzed",
    "inputs": "hostile inputs submitted",
    "inputs_accepted": "  … of which accepted (saved, redirect)",
    "inputs_refused": "  … of which refused (form re-rendered with an error, or 4xx)",
    "query_strings": "hostile query strings sent (pages × roles × 4)",
    "pages_checked": "pages checked for unescaped payloads",
    "payloads_seen_escaped": "pages showing a stored payload, escaped",
    "uploads": "hostile uploads refused",
    "cross_user": "cross-user object accesses refused",
    "rate_limits": "rate limits exercised",
    "faults": "faults injected and survived (Redis unreachable)",
}


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not FIGURES:
        return
    terminalreporter.section("security summary")
    for key, label in LABELS.items():
        if FIGURES.get(key):
            terminalreporter.write_line(f"{label}: {FIGURES[key]}")
