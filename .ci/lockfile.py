"""The lockfiles agree with pyproject.toml: `python .ci/lockfile.py check` (CI, `make lock-check`).

`make lock` writes requirements.txt (the runtime: what production installs) and
requirements-dev.txt (runtime + the `dev` extra, the runtime packages at the same versions) with
`uv pip compile`, then `python .ci/lockfile.py stamp` records in each file a digest of the
dependency lists it was made from. `check` then fails, naming the fix, when:

- a dependency of pyproject.toml has no floor (>=) or no cap (<) below its next major version;
- a dependency is missing from a lockfile, or pinned outside its range;
- the dependency lists changed since the lockfile was made (digest mismatch);
- requirements-dev.txt pins a runtime package at another version than requirements.txt.

Needs Python ≥ 3.11 (tomllib) and `packaging` (in both lockfiles).
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
STAMP_PREFIX = "# pyproject.toml dependencies digest: "
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")
FIX = "run `make lock` and commit pyproject.toml with requirements.txt and requirements-dev.txt"


def requirements(root: Path) -> tuple[str, list[Requirement], list[Requirement]]:
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = [Requirement(text) for text in project.get("dependencies", [])]
    dev = [Requirement(text) for text in project.get("optional-dependencies", {}).get("dev", [])]
    return project.get("requires-python", ""), runtime, dev


def digest(requires_python: str, *groups: list[Requirement]) -> str:
    """The same for the same requirements, however the lists are laid out or ordered."""
    canonical = [sorted(str(req) for req in group) for group in groups]
    data = json.dumps([requires_python, canonical], separators=(",", ":"))
    return hashlib.sha256(data.encode()).hexdigest()


def lock_targets(root: Path) -> dict[str, tuple[str, list[Requirement]]]:
    """Each lockfile: the digest it must carry and the requirements it must satisfy."""
    requires_python, runtime, dev = requirements(root)
    return {
        "requirements.txt": (digest(requires_python, runtime), runtime),
        "requirements-dev.txt": (digest(requires_python, runtime, dev), runtime + dev),
    }


def pins(path: Path) -> tuple[dict[str, str], str | None]:
    """{canonical name: version} and the recorded digest of one lockfile."""
    pinned: dict[str, str] = {}
    stamp = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(STAMP_PREFIX):
            stamp = line[len(STAMP_PREFIX) :].strip()
        elif match := PIN.match(line):
            pinned[canonicalize_name(match.group(1))] = match.group(2)
    return pinned, stamp


def range_problems(req: Requirement) -> list[str]:
    operators = {spec.operator for spec in req.specifier}
    problems = []
    if not operators & {">=", "==", "~="}:
        problems.append(f"{req}: no floor; add `>=` the version the suite runs with")
    if not operators & {"<", "==", "~="}:
        problems.append(f"{req}: no cap; add `<` the next major version")
    return problems


def check(root: Path = ROOT) -> list[str]:
    problems: list[str] = []
    _, runtime, dev = requirements(root)
    for req in runtime + dev:
        problems += [f"pyproject.toml: {problem}" for problem in range_problems(req)]
    locked: dict[str, dict[str, str]] = {}
    for name, (expected, reqs) in lock_targets(root).items():
        path = root / name
        if not path.is_file():
            problems.append(f"{name} is missing: {FIX}")
            continue
        pinned, stamp = pins(path)
        locked[name] = pinned
        if stamp != expected:
            problems.append(
                f"{name} was not made from the current pyproject.toml dependencies: {FIX}"
            )
        for req in reqs:
            version = pinned.get(canonicalize_name(req.name))
            if version is None:
                problems.append(f"{name}: {req.name} (pyproject.toml: {req}) is not locked: {FIX}")
            elif not req.specifier.contains(version, prereleases=True):
                problems.append(
                    f"{name}: {req.name}=={version} is outside pyproject.toml's {req}: {FIX}"
                )
    if len(locked) == 2:
        runtime_pins, dev_pins = locked["requirements.txt"], locked["requirements-dev.txt"]
        for package, version in sorted(runtime_pins.items()):
            if dev_pins.get(package) != version:
                problems.append(
                    f"requirements-dev.txt: {package}=={dev_pins.get(package)} but production "
                    f"installs {package}=={version} (requirements.txt): {FIX}"
                )
    return problems


def stamp(root: Path = ROOT) -> None:
    """Record the digest in each lockfile (after `uv pip compile` rewrote it)."""
    for name, (expected, _) in lock_targets(root).items():
        path = root / name
        lines = [
            line
            for line in path.read_text(encoding="utf-8").splitlines()
            if not line.startswith(STAMP_PREFIX)
        ]
        position = next((i for i, line in enumerate(lines) if not line.startswith("#")), 0)
        lines.insert(position, STAMP_PREFIX + expected)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    root = Path(argv[2]) if len(argv) > 2 else ROOT
    if not (root / "pyproject.toml").is_file():
        print(f"lockfile: no pyproject.toml in {root}", file=sys.stderr)
        return 2
    if command == "stamp":
        stamp(root)
        return 0
    if command != "check":
        print(f"usage: {argv[0]} [check|stamp] [project directory]", file=sys.stderr)
        return 2
    problems = check(root)
    for problem in problems:
        print(f"lockfile: {problem}", file=sys.stderr)
    if problems:
        return 1
    print("lockfiles: requirements.txt and requirements-dev.txt match pyproject.toml")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
