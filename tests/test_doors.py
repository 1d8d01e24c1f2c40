"""Every door goes through the service: no page, API view, import or command writes a model that
has a service (a function taking ``by=``) with ``.save()`` or ``Model.objects.create()`` itself.

The services are found by introspection: every function of ``vanort/<app>/services*`` with a
keyword-only ``by`` parameter. The model a service writes is read from its annotated parameters
and return (``activity: Activity``) and from its name (``cost_line_save`` → ``CostLine``). The
doors are read as source (an AST walk): ``vanort/*/views*``, the API, the imports (activities,
twin towns), the demo loaders and the management commands. A write is a call to ``M.objects.create/get_or_create/
update_or_create/bulk_create``, ``M.objects….update(…)``, ``save_versioned(x, …)`` or ``x.save()``
where ``x`` is, in that function, made or fetched as an ``M`` (or named after it).

Existing violations are listed in :data:`ALLOWED` with the reason; issue 12 removes them, and a
listed door that no longer writes directly fails here so that the list only shrinks.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.db.models import Model

import vanort

pytestmark = pytest.mark.engine_independent

ROOT = Path(vanort.__file__).parent
WRITES = {"create", "get_or_create", "update_or_create", "bulk_create", "bulk_update"}

#: ``"path::function::Model"`` → why it still writes directly (to be removed by issue 12).
ALLOWED: dict[str, str] = {
    # Creations of models whose only services govern something else (a plan's status, accepting a
    # request): there is no create service to call yet. The create pages use the generic save too.
    "vanort/demo/plans_loader.py::load::ActionPlan": "issue 12: a plan_create service, or a decision that none is needed",
    "vanort/twins/importer.py::_partnerships::Partnership": "issue 12: a partnership_create service shared with request_accept",
}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def service_modules():
    for app in sorted(p.name for p in ROOT.iterdir() if p.is_dir()):
        for name in (f"vanort.{app}.services",):
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError:
                continue
            yield module
            if hasattr(module, "__path__"):
                for info in pkgutil.iter_modules(module.__path__):
                    yield importlib.import_module(f"{name}.{info.name}")


def services() -> dict[str, set[type[Model]]]:
    """``module.function`` → the models it writes, for every function taking a keyword-only ``by``."""
    models = _models()
    by_snake = {_snake(name): model for name, model in models.items()}
    found = {}
    for module in service_modules():
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != module.__name__ or name.startswith("_"):
                continue
            parameter = inspect.signature(function).parameters.get("by")
            if parameter is None or parameter.kind is not inspect.Parameter.KEYWORD_ONLY:
                continue
            # The model it writes: its first parameter's (the record it acts on) and what it returns.
            hints = [str(p.annotation) for p in inspect.signature(function).parameters.values() if p.name not in ("by", "municipality")][:1]
            hints.append(str(function.__annotations__.get("return", "")))
            written = {models[word] for word in re.findall(r"\w+", " ".join(hints)) if word in models}
            written |= {model for snake, model in by_snake.items() if name == snake or name.startswith(snake + "_")}
            found[f"{module.__name__}.{name}"] = written
    return found


def subject_names() -> dict[str, str]:
    """Parameter name → model name, as the services name the record they act on (``notice``)."""
    names = {}
    for module in service_modules():
        for _, function in inspect.getmembers(module, inspect.isfunction):
            for parameter in inspect.signature(function).parameters.values():
                words = re.findall(r"\w+", str(parameter.annotation))
                if parameter.name not in ("by", "request", "municipality") and words and words[0] in _models():
                    names[parameter.name] = words[0]
    return names


def _models() -> dict[str, type[Model]]:
    return {m.__name__: m for m in apps.get_models() if m.__module__.startswith("vanort.") and not m.__name__.startswith("Historical")}


def form_models() -> dict[str, str]:
    """Form class name → its model's name, for every ModelForm of ``vanort/*/forms*``."""
    from django import forms

    found = {}
    for path in [*ROOT.glob("*/forms.py"), *ROOT.glob("*/*_forms.py")]:
        module = importlib.import_module(".".join(path.relative_to(ROOT.parents[0]).with_suffix("").parts))
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.ModelForm) and getattr(cls._meta, "model", None) is not None:
                found[name] = cls._meta.model.__name__
    return found


def door_files() -> list[Path]:
    doors = [*ROOT.glob("*/views.py"), *ROOT.glob("*/views/*.py"), *ROOT.glob("api/*.py"), *ROOT.glob("*/management/commands/*.py"),
             *ROOT.glob("*/services/imports.py"), *ROOT.glob("twins/*.py"), *ROOT.glob("demo/*loader.py")]
    return sorted(p for p in doors if p.name != "__init__.py")


def _root_name(node) -> str | None:
    """``Activity`` for ``Activity.objects.filter(...).update`` and the like."""
    while isinstance(node, (ast.Attribute, ast.Call, ast.Subscript)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def direct_writes(path: Path, serviced: dict[str, type[Model]], label: str | None = None) -> list[str]:
    """``path::function::Model`` for each direct write of a serviced model in ``path``."""
    tree = ast.parse(path.read_text())
    names = {**{_snake(name): name for name in serviced}, **{k: v for k, v in subject_names().items() if v in serviced}}
    form_classes = {k: v for k, v in form_models().items() if v in serviced}
    hits = []
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        kinds: dict[str, str] = {}  # variable → model name, from assignments in the function
        for node in ast.walk(function):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
                call = node.value
                model = _root_name(call.func)
                if model == "get_object_or_404" and call.args:
                    model = _root_name(call.args[0])
                if isinstance(call.func, ast.Attribute) and call.func.attr in form_classes:
                    model = form_classes[call.func.attr]  # forms.VisitNoticeForm(...)
                elif model in form_classes:
                    model = form_classes[model]
                elif isinstance(call.func, ast.Attribute) and call.func.attr == "save" and isinstance(call.func.value, ast.Name):
                    model = kinds.get(call.func.value.id)  # notice = form.save(commit=False)
                if model in serviced:
                    for target in node.targets:
                        if isinstance(target, ast.Name):
                            kinds[target.id] = model
        for node in ast.walk(function):
            if not isinstance(node, ast.Call) or not isinstance(node.func, (ast.Attribute, ast.Name)):
                continue
            model = None
            if isinstance(node.func, ast.Attribute) and node.func.attr in WRITES | {"update"}:
                root = _root_name(node.func.value)
                if root in serviced and ".objects" in ast.unparse(node.func.value):
                    model = root
            elif (isinstance(node.func, ast.Attribute) and node.func.attr == "save" and isinstance(node.func.value, ast.Name)
                  and not any(k.arg == "commit" for k in node.keywords)):  # form.save(commit=False) writes nothing
                variable = node.func.value.id
                model = kinds.get(variable) or names.get(variable)
            elif isinstance(node.func, ast.Name) and node.func.id == "save_versioned" and node.args and isinstance(node.args[0], ast.Name):
                variable = node.args[0].id
                model = kinds.get(variable) or names.get(variable)
            if model:
                hits.append(f"{label or path.relative_to(ROOT.parents[0]).as_posix()}::{function.name}::{model}")
    return sorted(set(hits))


def serviced_models() -> dict[str, type[Model]]:
    return {model.__name__: model for written in services().values() for model in written}


def test_the_services_taking_by_are_found():
    found = services()
    # A few that docs/architecture.md names: the introspection must see them and their models.
    for name, model in [("vanort.plans.services.plans.plan_transition", "ActionPlan"),
                        ("vanort.plans.services.visits.visit_notify", "VisitNotice")]:
        assert name in found, sorted(found)
        assert model in {m.__name__ for m in found[name]}, (name, found[name])
    assert len(found) >= 10, sorted(found)


def test_no_door_writes_a_serviced_model_directly():
    serviced = serviced_models()
    hits = [hit for path in door_files() for hit in direct_writes(path, serviced)]
    new = [hit for hit in hits if hit not in ALLOWED]
    assert not new, (
        "These doors write a model that has a service directly; call the service (with by=) instead:\n  " + "\n  ".join(new)
    )
    gone = sorted(set(ALLOWED) - set(hits))
    assert not gone, f"No longer direct writes: remove them from ALLOWED: {gone}"


def test_the_walk_sees_a_direct_write(tmp_path):
    """The AST walk itself: a view that saves an Activity is caught, one that calls the service is not."""
    from vanort.plans.models import Activity

    probe = tmp_path / "probe.py"
    probe.write_text(
        "def bad(request, pk):\n    activity = get_object_or_404(Activity, pk=pk)\n    activity.save()\n"
        "def worse(request):\n    Activity.objects.create(title='x')\n"
        "def sneaky(request, pk):\n    Activity.objects.filter(pk=pk).update(title='x')\n"
        "def good(request, pk):\n    activity_save(activity=Activity(), areas=[], expected_version=None, by=request.user)\n"
    )
    hits = [hit.split("::", 1)[1] for hit in direct_writes(probe, {"Activity": Activity}, label="probe.py")]
    assert hits == ["bad::Activity", "sneaky::Activity", "worse::Activity"], hits
