"""Matrix cases for the benchmark's ceiling and floor pages (404 unless BENCH_CEILING is on)."""

from tests.matrix import Case, everyone

CASES = [
    Case("bench_ceiling", everyone(404)),
    Case("bench_floor", everyone(404)),
]
