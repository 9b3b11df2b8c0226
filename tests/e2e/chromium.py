"""Debian's Chromium for the browser tests and the screenshots: find it, install it when missing.

Playwright cannot download its own browser builds here, so the tests drive `/usr/bin/chromium`
(override with the CHROMIUM environment variable). When it is missing and we are root (CI is),
`apt-get install -y chromium` runs, with `apt-get update` first when the plain install fails.
Anything else is an error with a clear message: the browser tests never skip silently.

    python -m tests.e2e.chromium      # what `make browsers` runs
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
APT_GET = ["apt-get", "-o", "DPkg::Lock::Timeout=300", "-y", "-q"]


class ChromiumUnavailable(RuntimeError):
    """Chromium is missing and could not be installed."""


def _apt(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    return subprocess.run(  # noqa: S603 - fixed command, no user input
        [*APT_GET, *args], env=env, capture_output=True, text=True, check=False
    )


def _usable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def ensure_chromium(path: Path = CHROMIUM) -> Path:
    """Return the Chromium executable, installing Debian's package first when it is missing."""
    if _usable(path):
        return path
    hint = "Install it with `apt-get install -y chromium` (or set CHROMIUM=/path/to/chromium)."
    if shutil.which("apt-get") is None:
        raise ChromiumUnavailable(f"{path} is missing and apt-get is not available. {hint}")
    if os.geteuid() != 0:
        raise ChromiumUnavailable(f"{path} is missing and only root can install it. {hint}")
    print(f"{path} is missing: installing Debian's chromium package…", file=sys.stderr)
    result = _apt("install", "chromium")
    if result.returncode != 0:
        update = _apt("update")
        result = _apt("install", "chromium")
        if result.returncode != 0:
            raise ChromiumUnavailable(
                f"`apt-get install -y chromium` failed (exit {result.returncode}):\n"
                f"{update.stderr[-2000:]}\n{result.stderr[-2000:]}"
            )
    if not _usable(path):
        raise ChromiumUnavailable(f"chromium was installed but {path} is still missing.")
    return path


def launch_options() -> dict:
    """Playwright `launch()` keyword arguments for Debian's Chromium."""
    return {"executable_path": str(ensure_chromium()), "args": LAUNCH_ARGS}


if __name__ == "__main__":
    try:
        print(f"Chromium: {ensure_chromium()}")
    except ChromiumUnavailable as exc:
        sys.exit(f"error: {exc}")
