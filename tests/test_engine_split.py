"""Every test module says whether its results can depend on the database engine.

CI runs the whole suite on SQLite and, on PostgreSQL, only ``-m "engine or smoke"`` (see
``.ci/run`` and ``docs/testing.md``). So each module carries a ``pytestmark`` with exactly one of
``engine`` (queries, constraints, locking, search, backup, money, imports, API, query budgets)
and ``engine_independent``; in an engine-independent module single tests may still join the
PostgreSQL pass with ``@pytest.mark.engine`` or ``@pytest.mark.smoke``. A new module without a
declaration fails here, so the split cannot drift silently.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import DECLARED_IN_CONFTEST

pytestmark = pytest.mark.engine_independent

TESTS = Path(__file__).resolve().parent
SPLIT = {"engine", "engine_independent"}


def marks(node: ast.AST) -> set[str]:
    """The names X of every ``pytest.mark.X`` (or ``mark.X(...)``) in ``node``."""
    return {
        sub.attr for sub in ast.walk(node)
        if isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Attribute) and sub.value.attr == "mark"
    }


def module_marks(tree: ast.Module) -> set[str]:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(target, "id", None) == "pytestmark" for target in node.targets):
            return marks(node.value)
    return set()


def test_modules() -> dict[str, ast.Module]:
    return {path.relative_to(TESTS).as_posix(): ast.parse(path.read_text()) for path in sorted(TESTS.rglob("test_*.py"))}


test_modules.__test__ = False  # a helper, not a test


def declared(name: str, tree: ast.Module) -> set[str]:
    return (module_marks(tree) | {DECLARED_IN_CONFTEST.get(name, "")}) & SPLIT


def test_every_module_declares_whether_it_depends_on_the_engine():
    modules = test_modules()
    assert len(modules) > 50
    wrong = {name: sorted(declared(name, tree)) for name, tree in modules.items() if len(declared(name, tree)) != 1}
    assert wrong == {}, "each test module needs pytestmark with exactly one of pytest.mark.engine / engine_independent"


def test_postgres_only_tests_are_in_the_postgresql_pass_and_smoke_only_where_it_adds_something():
    for name, tree in test_modules().items():
        everything = marks(tree)
        if "postgres" in everything:
            assert "engine" in declared(name, tree), f"{name} has PostgreSQL-only tests: mark the module engine"
        if "smoke" in everything:
            assert declared(name, tree) == {"engine_independent"}, f"{name}: smoke only in engine-independent modules"


def test_the_conftest_declares_only_modules_that_exist_and_do_not_declare_themselves():
    modules = test_modules()
    for name in DECLARED_IN_CONFTEST:
        assert name in modules and not module_marks(modules[name]) & SPLIT, f"{name}: drop it from DECLARED_IN_CONFTEST"
