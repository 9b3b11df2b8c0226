"""The layers' import rules (docs/architecture.md), read from the source with `ast`:

- the floor (`intrasphere/` but its roof, the root URLconf and the settings) imports no domain;
- a domain (content, training, forum, complaints) imports no other domain but `accounts`, the
  people and their rights every domain stands on; `accounts` imports no other domain;
- nothing imports the roof (`intrasphere/roof/`) but the root URLconf and the settings.

Every import counts: at the top of a module, inside a function, under `TYPE_CHECKING`.
Tests and the bench's tools are not the application: they may import anything.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOMAINS = ("accounts", "content", "training", "forum", "complaints")
BASE_DOMAIN = "accounts"  # the people and their rights: every domain may import it
FLOOR = "intrasphere"
ROOF = "intrasphere.roof"
# The only modules that may name the roof (and, for the URLconf, every domain's urls).
WIRING = {"intrasphere.urls", "intrasphere.settings", "intrasphere.settings_test"}


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(path: Path, root: Path) -> list[list[str]]:
    """The modules each import statement of `path` may name (relative imports resolved)."""
    module = module_name(path, root)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    statements = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            statements += [[alias.name] for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            # `from intrasphere import roof` names the roof as well as `import intrasphere.roof`.
            statements.append([target, *(f"{target}.{alias.name}" for alias in node.names)])
    return statements


def within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def layer(module: str) -> str:
    if within(module, ROOF):
        return "roof"
    for domain in DOMAINS:
        if within(module, domain):
            return domain
    if within(module, FLOOR):
        return "floor"
    return "outside"


def violations(root: Path = ROOT) -> list[str]:
    found = []
    for top in (FLOOR, *DOMAINS):
        for path in sorted((root / top).rglob("*.py")):
            module = module_name(path, root)
            here = layer(module)
            for names in imported(path, root):
                broken = [problem for name in names if (problem := _problem(module, here, name))]
                found += broken[:1]  # one per statement
    return found


def _problem(module: str, here: str, name: str) -> str | None:
    there = layer(name)
    if module in WIRING:
        return None
    if there == "roof" and here != "roof":
        return f"{module} imports the roof ({name})"
    if here == "floor" and there in DOMAINS:
        return f"{module} (floor) imports a domain ({name})"
    if here in DOMAINS and there in DOMAINS and there not in (here, BASE_DOMAIN):
        return f"{module} ({here}) imports another domain ({name})"
    return None


def test_the_code_keeps_the_layers_import_rules():
    assert violations() == []


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for package in (FLOOR, "intrasphere/roof", *DOMAINS):
        (tmp_path / package).mkdir(parents=True, exist_ok=True)
        (tmp_path / package / "__init__.py").write_text("")
    return tmp_path


def write(project: Path, path: str, source: str) -> None:
    (project / path).write_text(source)


@pytest.mark.parametrize(
    ("path", "source", "broken"),
    [
        ("intrasphere/caching.py", "from content.models import Announcement\n", "floor"),
        ("intrasphere/mail.py", "def f():\n    import forum.models\n", "floor"),
        (
            "intrasphere/services.py",
            "if TYPE_CHECKING:\n    from accounts.models import User\n",
            "floor",
        ),
        ("accounts/selectors.py", "from forum.models import Category\n", "another domain"),
        ("forum/selectors.py", "from training import selectors\n", "another domain"),
        ("content/views.py", "from intrasphere.roof import dashboard\n", "the roof"),
        ("complaints/views.py", "from intrasphere import roof\n", "the roof"),
        ("intrasphere/views.py", "from .roof.search import search_groups\n", "the roof"),
    ],
)
def test_each_broken_rule_is_found(project, path, source, broken):
    write(project, path, source)
    found = violations(project)
    assert len(found) == 1 and broken in found[0], found


def test_the_wiring_and_the_roof_may_import_what_they_compose(project):
    write(project, "intrasphere/urls.py", "from intrasphere.roof import views\nimport forum.urls\n")
    write(project, "intrasphere/roof/dashboard.py", "from content import selectors\n")
    write(project, "forum/selectors.py", "from intrasphere import caching\nfrom forum import x\n")
    write(project, "training/services.py", "from accounts.models import User\n")
    assert violations(project) == []
