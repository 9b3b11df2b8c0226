"""Matrix cases for the benchmark's ceiling page (a 404 unless BENCH_CEILING is on)."""

from tests.matrix import Case, everyone

CASES = [
    Case("bench_ceiling", everyone(404)),
]
