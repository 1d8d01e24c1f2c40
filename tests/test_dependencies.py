"""The apps' dependency graph is the one ``docs/architecture.md`` documents, and points one way.

The order and each app's *depends on* are read from the table in the docs; the imports from the
code (every ``import`` statement under ``vanort/``, at module level or inside a function). So
neither can change without the other.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

pytestmark = pytest.mark.engine_independent

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "vanort"
ROW = re.compile(r"^\| `vanort\.(\w+)` \|.*\| ([^|]+) \|$")


def documented() -> list[tuple[str, set[str]]]:
    """``(app, depends on)`` per row of the architecture table, top first."""
    rows = []
    for line in (ROOT / "docs" / "architecture.md").read_text().splitlines():
        if match := ROW.match(line.strip()):
            app, column = match.groups()
            names = {name.strip(" `").removeprefix("vanort.") for name in column.split(",")}
            rows.append((app, names - {"—"}))
    return rows


def apps_in_code() -> set[str]:
    return {path.parent.name for path in PACKAGE.glob("*/apps.py")}


def _imported(node: ast.AST, module: list[str]) -> list[str]:
    """The dotted names an import statement in ``module`` (its own dotted path) refers to."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    base = node.module.split(".") if node.module else []
    if node.level:  # relative: from the module's package, one level up per extra dot
        base = module[: len(module) - node.level] + base
    return [".".join(base)]


def imports() -> dict[str, dict[str, list[str]]]:
    """app → imported app → where (``path:line``), for imports of another app of ``vanort``."""
    found: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    apps = apps_in_code()
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(ROOT)
        module = list(relative.with_suffix("").parts)
        if len(module) < 3 or module[1] not in apps:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(relative))):
            for name in _imported(node, module):
                parts = name.split(".")
                if parts[0] == "vanort" and len(parts) > 1 and parts[1] in apps:
                    if parts[1] != module[1]:
                        found[module[1]][parts[1]].append(f"{relative}:{node.lineno}")
    return found


def test_the_table_names_every_app_once():
    apps = [app for app, _ in documented()]
    assert len(apps) == len(set(apps)), "an app has two rows"
    assert set(apps) == apps_in_code()


def test_no_app_imports_one_above_it():
    position = {app: index for index, (app, _) in enumerate(documented())}
    upward = [
        f"{where}: vanort.{app} imports vanort.{other}, which is above it"
        for app, targets in imports().items()
        for other, places in targets.items()
        if position[other] < position[app]
        for where in places
    ]
    assert not upward, "\n".join(upward)


def test_depends_on_is_what_the_code_imports():
    graph = imports()
    wrong = [
        f"vanort.{app}: documented {sorted(listed)}, imported {sorted(graph[app])}"
        for app, listed in documented()
        if listed != set(graph[app])
    ]
    assert not wrong, "\n".join(wrong)


def test_the_walk_sees_imports_inside_functions():
    """The reader itself: a function-level and a relative import count like module-level ones."""
    tree = ast.parse(
        "def f():\n    from vanort.plans.models import Activity\n"
        "from ..registry import models\nimport vanort.tenancy.models\n"
    )
    module = ["vanort", "reports", "views"]
    names = [name for node in ast.walk(tree) for name in _imported(node, module)]
    assert sorted(names) == ["vanort.plans.models", "vanort.registry", "vanort.tenancy.models"]


def _module_imports() -> dict[str, set[str]]:
    """module → the ``vanort`` modules it imports (``from a.b import c`` counts ``a.b.c`` if a module)."""
    modules = {
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for path in PACKAGE.rglob("*.py")
    }
    graph: dict[str, set[str]] = defaultdict(set)
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        name = ".".join(parts).removesuffix(".__init__")
        for node in ast.walk(ast.parse(path.read_text())):
            for target in _imported(node, parts):
                subs = [f"{target}.{alias.name}" for alias in getattr(node, "names", [])]
                graph[name].update(
                    found for found in [target, *subs] if found in modules and found != name
                )
    return graph


def test_no_two_modules_import_each_other():
    """Not even inside a function: a view and its helper, or a task and a view, are one way."""
    graph = _module_imports()
    pairs = sorted(
        {
            tuple(sorted((a, b)))
            for a, targets in graph.items()
            for b in targets
            if a in graph.get(b, ())
        }
    )
    assert not pairs, "\n".join(f"{a} <-> {b}" for a, b in pairs)
