"""The lockfiles agree with pyproject.toml, and the check says so clearly when they do not
(`.ci/lockfile.py check`, run by `make install` and CI)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
FILES = ("pyproject.toml", "requirements.txt", "requirements-dev.txt")


def check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(BASE_DIR / ".ci" / "lockfile.py"), "check", str(root)],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def project(tmp_path):
    for name in FILES:
        shutil.copy(BASE_DIR / name, tmp_path / name)
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_the_repository_lockfiles_match():
    result = check(BASE_DIR)
    assert result.returncode == 0, result.stderr
    runtime = (BASE_DIR / "requirements.txt").read_text()
    assert "pytest==" not in runtime and "playwright==" not in runtime  # production: runtime only
    assert "moto==" not in runtime and "ruff==" not in runtime
    assert "--hash=sha256:" in runtime


def test_a_dependency_added_without_make_lock_fails_with_the_fix(project):
    edit(
        project / "pyproject.toml",
        '    "fpdf2>=2.8.9,<3",\n',
        '    "fpdf2>=2.8.9,<3",\n    "qrcode>=8.0,<9",\n',
    )
    result = check(project)
    assert result.returncode == 1
    assert (
        "requirements.txt: qrcode (pyproject.toml: qrcode<9,>=8.0) is not locked" in result.stderr
    )
    assert "was not made from the current pyproject.toml dependencies" in result.stderr
    assert "run `make lock`" in result.stderr


def test_a_range_the_lock_falls_outside_of_fails(project):
    edit(project / "pyproject.toml", '"Django>=5.2.20,<5.3"', '"Django>=5.3,<5.4"')
    result = check(project)
    assert result.returncode == 1
    assert "Django==5.2.20 is outside pyproject.toml's Django<5.4,>=5.3" in result.stderr


def test_every_dependency_needs_a_floor_and_a_cap(project):
    edit(project / "pyproject.toml", '"gunicorn>=27.0.1,<28"', '"gunicorn"')
    edit(project / "pyproject.toml", '"bcrypt>=5.0.0,<6"', '"bcrypt>=5.0.0"')
    result = check(project)
    assert result.returncode == 1
    assert "pyproject.toml: gunicorn: no floor" in result.stderr
    assert "pyproject.toml: gunicorn: no cap" in result.stderr
    assert "pyproject.toml: bcrypt>=5.0.0: no cap" in result.stderr


def test_the_two_lockfiles_must_agree_on_the_runtime(project):
    edit(project / "requirements-dev.txt", "django==5.2.20 ", "django==5.2.19 ")
    result = check(project)
    assert result.returncode == 1
    assert "requirements-dev.txt: django==5.2.19 but production installs django==5.2.20" in (
        result.stderr
    )
