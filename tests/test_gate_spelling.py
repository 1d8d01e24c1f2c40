"""One spelling of the gate for querysets: ``restrict(queryset, user, action)``.

Rows are scoped by calling :func:`vanort.core.permissions.restrict` on a queryset — never by a
manager or queryset method (``Model.objects.restrict(…)``, ``.visible(user)``, ``.for_user(user)``),
which would be a second way to ask the same question. This test reads every module of the code,
the tests and the benchmarks and fails when such a method is defined or called.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import vanort

pytestmark = pytest.mark.engine_independent

REPOSITORY = Path(vanort.__file__).parent.parent
FOLDERS = ("vanort", "tests", "bench")
#: Names a queryset or manager method scoping rows by user would have.
SCOPING_METHODS = {"restrict", "visible", "visible_to", "for_user", "viewable_by", "accessible_by"}


def second_spellings(source: str) -> list[str]:
    """What in ``source`` scopes rows other than by calling ``restrict(…)`` as a function."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef):
            bases = {ast.unparse(base) for base in node.bases}
            if any("QuerySet" in base or "Manager" in base for base in bases):
                found += [
                    f"{node.name}.{item.name}() defined (line {item.lineno})"
                    for item in node.body
                    if isinstance(item, ast.FunctionDef) and item.name in SCOPING_METHODS
                ]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "restrict":
            # ``permissions.restrict(qs, …)`` is the function itself; anything else is a method.
            if ast.unparse(node.func.value) not in ("permissions", "vanort.core.permissions"):
                found.append(f"{ast.unparse(node.func)}() called (line {node.lineno})")
    return found


def test_the_check_finds_a_second_spelling():
    assert second_spellings("Activity.objects.restrict(user, VIEW)")
    assert second_spellings("class Rows(models.QuerySet):\n    def for_user(self, user):\n        return self\n")
    assert not second_spellings("restrict(Activity.objects.all(), user, VIEW)\npermissions.restrict(qs, user)")


def test_querysets_are_scoped_only_by_restrict():
    found = {}
    for folder in FOLDERS:
        for path in sorted((REPOSITORY / folder).rglob("*.py")):
            if ".venv" in path.parts or path.resolve() == Path(__file__).resolve():
                continue
            spellings = second_spellings(path.read_text(encoding="utf-8"))
            if spellings:
                found[path.relative_to(REPOSITORY).as_posix()] = spellings
    assert not found, f"scope rows with restrict(queryset, user, action), not a queryset method: {found}"
