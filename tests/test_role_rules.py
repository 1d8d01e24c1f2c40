"""No role rule outside the gate and the services: the roles' names (``Role.PARTNER``) and role sets
(``MUNICIPALITY_EDITORS`` …) of ``vanort.core.roles`` appear only in ``vanort/core/``, the apps'
``services``, and the models' ``Scope`` declarations (the gate's data). Everything else asks the
gate (``restrict``, ``can``, ``may_choose``, ``settable`` …). The few files still deciding by role
are listed below with the reason; one that no longer does fails, so that the list only shrinks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import vanort
from vanort.core import roles

pytestmark = pytest.mark.engine_independent

ROOT = Path(vanort.__file__).parent

#: path (from the repository root) → why it still names roles.
ALLOWED = {
    "vanort/plans/visit_mail.py": "whom to e-mail (the coordinators), not who may do what",
    "vanort/reports/reminders.py": "which reminders each role receives, not who may do what",
    "vanort/accounts/second_factor.py": "administrators must use a second factor (a login rule)",
}


def _names() -> re.Pattern:
    sets = [name for name, value in vars(roles).items() if name.isupper() and isinstance(value, frozenset)]
    return re.compile(r"\bRole\.[A-Z_]+\b|\b(?:" + "|".join(sets) + r")\b")


def _exempt(path: Path) -> bool:
    relative = path.relative_to(ROOT)
    parts = relative.parts
    return (
        parts[0] == "core" or "migrations" in parts or "services" in parts or relative.stem == "services"
        or relative.name == "models.py"  # Scope declarations
    )


def naming_roles() -> set[str]:
    pattern = _names()
    return {
        f"vanort/{path.relative_to(ROOT).as_posix()}"
        for path in ROOT.rglob("*.py") if not _exempt(path) and pattern.search(path.read_text(encoding="utf-8"))
    }


def test_role_sets_are_found():
    assert _names().search("if role in MUNICIPALITY_EDITORS:") and _names().search("role == Role.PARTNER")


def test_no_role_rule_outside_the_gate_and_the_services():
    unexpected = naming_roles() - set(ALLOWED)
    assert not unexpected, f"decide by asking vanort.core.permissions, not by role: {sorted(unexpected)}"


def test_the_allow_list_only_shrinks():
    assert not set(ALLOWED) - naming_roles(), "no longer names roles: remove it from ALLOWED"
