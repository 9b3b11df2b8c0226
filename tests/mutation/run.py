"""`make mutants [MODULE=name]`: mutation testing of the rule modules with mutmut 3.

For each module of `tests/mutation/modules.py` (or the one named): mutmut copies the project
into `mutants/` (git-ignored scratch; the work tree is never written, so an interrupted run
leaves it as it was), mutates that one file there, runs the module's tests once to learn
which tests execute which function, then runs each mutant against those tests only, one
mutant at a time (`MUTMUT_CHILDREN`, default 1: the machine is shared). Then it prints
mutants, killed, equivalent (listed in `tests/mutation/equivalent.md`), survived and the
survivors' diffs, and the kill rate: (killed + equivalent) / mutants, at least 90 % wanted.

Exit status: 0 when every module run reaches 90 %, 1 when one does not, 2 for an unknown
module, 130 when interrupted.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRATCH = ROOT / "mutants"
EQUIVALENT = ROOT / "tests" / "mutation" / "equivalent.md"
TARGET = 0.90
KILLED = {"killed", "timeout", "segfault"}


def equivalent_mutants() -> dict[str, str]:
    """`mutant name: why` from the lines "- `name`: why" of equivalent.md."""
    found = {}
    for line in EQUIVALENT.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^- `([^`]+)`:\s*(.+)$", line.strip())
        if match:
            found[match[1]] = match[2]
    return found


@dataclass
class Figures:
    module: str
    statuses: dict[str, str] = field(default_factory=dict)
    equivalent: set[str] = field(default_factory=set)

    @property
    def killed(self) -> int:
        return sum(status in KILLED for status in self.statuses.values())

    @property
    def survivors(self) -> list[str]:
        return sorted(
            name
            for name, status in self.statuses.items()
            if status not in KILLED and name not in self.equivalent
        )

    @property
    def rate(self) -> float:
        total = len(self.statuses)
        return (total - len(self.survivors)) / total if total else 1.0


def _configure(module_name: str) -> None:
    """mutmut's configuration ([tool.mutmut]) for one module, set before mutmut's CLI module
    is imported (it reads the configuration on import)."""
    from mutmut import configuration

    from tests.mutation.modules import MODULES

    module = MODULES[module_name]
    os.chdir(ROOT)
    cfg = configuration._load_config()  # [tool.mutmut] of pyproject.toml
    cfg.only_mutate = [module.source]
    cfg.pytest_add_cli_args_test_selection = list(module.tests)
    configuration._config = cfg


def _child(module_name: str, children: int) -> int:
    """Run mutmut for one module in this (fresh) process, then report."""
    _configure(module_name)
    from mutmut.__main__ import cli

    try:
        cli(["run", "--max-children", str(children)], standalone_mode=False)
    except SystemExit as stop:
        if stop.code not in (0, None):
            return int(stop.code)
    return _report(module_name)


def _report(module_name: str) -> int:
    from mutmut.mutation.data import SourceFileMutationData
    from mutmut.mutation.diff_apply import get_diff_for_mutant
    from mutmut.stats import status_by_exit_code

    from tests.mutation.modules import MODULES

    source = MODULES[module_name].source
    data = SourceFileMutationData(path=source)
    data.load()
    equivalent = equivalent_mutants()
    figures = Figures(
        module=module_name,
        statuses={k: status_by_exit_code[v] for k, v in data.exit_code_by_key.items()},
        equivalent={
            name
            for name, code in data.exit_code_by_key.items()
            if name in equivalent and status_by_exit_code[code] not in KILLED
        },
    )
    stale = sorted(
        name
        for name, code in data.exit_code_by_key.items()
        if name in equivalent and status_by_exit_code[code] in KILLED
    )
    print()
    print(
        f"{module_name} ({source}): {len(figures.statuses)} mutants, {figures.killed} killed, "
        f"{len(figures.equivalent)} equivalent, {len(figures.survivors)} survived "
        f"- kill rate {figures.rate:.0%}"
    )
    for name in stale:
        print(f"  listed in equivalent.md but killed now (remove the line): {name}")
    for name in figures.survivors:
        print(f"\n# {name}: {figures.statuses[name]}")
        print(get_diff_for_mutant(name, path=source))
    return 0 if figures.rate >= TARGET else 1


def main(argv: list[str]) -> int:
    from tests.mutation.modules import MODULES

    if argv[:1] == ["--child"]:
        return _child(argv[1], int(argv[2]))
    unknown = [name for name in argv if name not in MODULES]
    if unknown:
        print(
            f"Unknown module: {', '.join(unknown)}. Known modules (tests/mutation/modules.py): "
            f"{', '.join(MODULES)}.",
            file=sys.stderr,
        )
        return 2
    children = int(os.environ.get("MUTMUT_CHILDREN", "1"))
    worst = 0
    try:
        for name in argv or list(MODULES):
            shutil.rmtree(SCRATCH, ignore_errors=True)  # mutmut keeps stale copies otherwise
            print(f"== {name}", flush=True)
            command = [sys.executable, "-m", "tests.mutation.run", "--child", name, str(children)]
            code = subprocess.call(command, cwd=ROOT)
            worst = max(worst, code)
    except KeyboardInterrupt:
        print("Interrupted: the work tree is untouched (scratch output in mutants/).")
        return 130
    return worst


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
