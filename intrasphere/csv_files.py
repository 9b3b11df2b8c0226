"""CSV files: spreadsheet-safe cells (every export), never half-written files (ops commands)."""

from __future__ import annotations

import contextlib
import csv
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """The text of one exported cell, with a leading quote when it would be read as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def csv_uncell(text: str) -> str:
    """The reverse of `csv_cell`, for files the export wrote and someone imports again."""
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


@contextlib.contextmanager
def csv_output(path: str | None, *, stdout: TextIO | None = None) -> Iterator[csv.writer]:
    """A csv.writer on `stdout` (path None or "-"), or on a temporary file renamed into place on
    success only, so a failed export never leaves a truncated file behind."""
    if not path or path == "-":
        yield csv.writer(stdout or sys.stdout)
        return
    target = Path(path)
    if not target.parent.is_dir():
        raise FileNotFoundError(f"directory {target.parent} does not exist")
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", newline="", encoding="utf-8") as handle:
        try:
            yield csv.writer(handle)
        except BaseException:
            handle.close()
            os.unlink(tmp_name)
            raise
    os.replace(tmp_name, target)
