"""Figures the security tests report at the end of the run (see tests/security/conftest.py)."""

from collections import Counter

FIGURES: Counter = Counter()


def count(name: str, amount: int = 1) -> None:
    FIGURES[name] += amount
