"""Readable history of a record: who changed what, when, from what to what."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history import register

IGNORED = {"version", "updated_at", "created_at"}
KINDS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
HIDDEN = "–"


def track_history(model, **options) -> None:
    """Keep django-simple-history's records of ``model``, named in the reader's language —
    "besöksanmälningar (historik)" — rather than simple-history's "historical besöksanmälningar"
    (its English prefix, fixed to the language the code was loaded in)."""
    options.setdefault("verbose_name", format_lazy(_("{} (history)"), model._meta.verbose_name))
    options.setdefault("verbose_name_plural", format_lazy(_("{} (history)"), model._meta.verbose_name_plural))
    register(model, **options)


def stored_reason(message: str, **values) -> str:
    """A change reason kept in no language: the source text (mark it with ``gettext_noop``) and its
    values, translated when the history is read — "Accepted into the plan …" is Swedish on a
    Swedish page and English on an English one, whoever made the change."""
    return json.dumps({"message": message, "values": {k: str(v) for k, v in values.items()}}, ensure_ascii=False)


def read_reason(text: str | None) -> str | None:
    """``text`` as the reader should see it: a stored reason translated, anything else as typed."""
    if not text or not text.startswith('{"message"'):
        return text
    try:
        data = json.loads(text)
        return gettext(data["message"]) % data["values"] if data["values"] else gettext(data["message"])
    except (ValueError, KeyError, TypeError):
        return text


@dataclass
class Change:
    label: str
    old: object
    new: object
    #: The language of a translated field's value ("en" for ``title_en``), for the page's ``lang``.
    language: str = ""


@dataclass
class Entry:
    record: object
    kind: str
    changes: list[Change] = field(default_factory=list)

    @property
    def history_id(self):
        return self.record.history_id

    @property
    def date(self):
        return self.record.history_date

    @property
    def user(self):
        return self.record.history_user

    @property
    def reason(self):
        return read_reason(self.record.history_change_reason)


def _raw(record, name):
    model_field = record.instance_type._meta.get_field(name)
    return model_field, getattr(record, model_field.attname)


def _display(model_field, value, related: dict):
    if model_field.choices and value is not None:
        return dict(model_field.flatchoices).get(value, value)
    if model_field.is_relation and value is not None:
        # A related record the reader may not see is shown as "–", never by its name.
        return related.get((model_field.related_model, value), HIDDEN)
    return value


def _related_names(pairs, user) -> dict:
    """``(model, pk) → record`` for every related pk the changes mention: one query per related
    model, through the permission gate when ``user`` is given (shared records like cities are
    visible to all)."""
    from vanort.core.permissions import VIEW, restrict

    by_model: dict = {}
    for model, pk in pairs:
        by_model.setdefault(model, set()).add(pk)
    found = {}
    for model, pks in by_model.items():
        queryset = model._default_manager.filter(pk__in=pks)
        if user is not None and hasattr(model, "scope"):
            queryset = restrict(queryset, user, VIEW)
        for record in queryset:
            found[(model, record.pk)] = record
    return found


def _ignored_fields(model) -> set[str]:
    """Fields not shown as changes: bookkeeping, and the untranslated shadow of translated fields
    (each change of a translated text is listed once, under its language)."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        return IGNORED | set(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return IGNORED


def history_entries(obj, limit: int = 200, *, user=None) -> list[Entry]:
    """The newest ``limit`` versions of ``obj``, each with its changes against the one before.

    A fixed number of queries however long the history: the versions, then the related records
    the changes name (one query per related model, through the gate for ``user``). A field
    ``user`` may not read (the gate's ``hidden_fields``) is not listed at all."""
    from vanort.core.permissions import hidden_fields

    ignored = _ignored_fields(type(obj))
    if user is not None:
        ignored |= hidden_fields(user, obj)
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    raw_entries, pairs = [], set()
    for newer, older in zip(records, records[1:] + [None], strict=False):
        changes = []
        if older is not None:
            for change in newer.diff_against(older, excluded_fields=ignored).changes:
                model_field, old_value = _raw(older, change.field)
                _same, new_value = _raw(newer, change.field)
                if model_field.is_relation:
                    pairs |= {(model_field.related_model, v) for v in (old_value, new_value) if v is not None}
                changes.append((model_field, old_value, new_value))
        raw_entries.append((newer, changes))
    related = _related_names(pairs, user)
    entries = []
    for newer, changes in raw_entries[:limit]:
        entry = Entry(record=newer, kind=str(KINDS.get(newer.history_type, newer.history_type)))
        for model_field, old_value, new_value in changes:
            label = type(obj)._meta.get_field(model_field.name).verbose_name
            entry.changes.append(Change(str(label), _display(model_field, old_value, related), _display(model_field, new_value, related),
                                        getattr(model_field, "language", "") or ""))
        entries.append(entry)
    return entries


# --- Children's history on the parent's page ------------------------------------------------------


@dataclass(frozen=True)
class ChildHistory:
    """Records kept under a parent (an activity's cost lines, a partnership's timeline) whose
    history — deletions included — shows on the parent's history page, where a deleted one can be
    restored. ``parent``: the child's foreign key to the parent. ``restore``: the service that
    re-creates a deleted one, ``restore(historical=…, by=…)``; ``may_restore(user, parent)``: the
    gate's answer to who may (those who may add such a child to this parent). ``money``: fields
    in minor units, shown as amounts. ``hidden``: fields not listed (derived ones)."""

    model: type
    parent: str
    restore: object = None
    may_restore: object = None
    money: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()
    #: ``allows(user, record)`` → whether ``user`` may give the values of this deleted version
    #: (the gate's value rules, no query), on top of ``may_restore``.
    allows: object = None
    #: Field name → the label shown instead of its own (an amount rather than "minor units").
    labels: dict = field(default_factory=dict, hash=False)
    #: ``name(record, related)`` → how a version is named; ``related(model, pk)`` gives a related
    #: record the reader may see, or "–" (no query: the values' related records are read at once).
    name: object = None

    @property
    def key(self) -> str:
        return self.model._meta.model_name


@dataclass
class ChildEntry(Entry):
    """A version of a child record on its parent's page: created, changed or deleted, with the
    child's values (created, deleted) or its changes (changed)."""

    child: ChildHistory = None
    name: str = ""
    restorable: bool = False

    @property
    def child_kind(self) -> str:
        return str(self.child.model._meta.verbose_name)


def _shown_value(declaration: ChildHistory, model_field, value, related: dict):
    if model_field.name in declaration.money and value is not None:
        from django.utils import formats

        return formats.number_format(value / 100, decimal_pos=2, use_l10n=True, force_grouping=True)
    return _display(model_field, value, related)


def child_entries(parent, declarations, *, user, may_restore: dict, limit: int = 200) -> list[ChildEntry]:
    """The newest ``limit`` versions of ``parent``'s children of each declared kind — those
    ``user`` may read the history of (the gate: ``restrict(…, HISTORY)`` on the past versions) —
    newest first. A fixed number of queries however many children: one per child model for the
    versions, one per child model for which deleted ones exist again, and one per related model
    the values name. ``may_restore``: child key → whether ``user`` may restore that kind here."""
    from vanort.core.permissions import HISTORY, hidden_fields, restrict

    found, pairs = [], set()
    for declaration in declarations:
        model = declaration.model
        ignored = _ignored_fields(model) | {declaration.parent, "municipality", *declaration.hidden}
        ignored |= hidden_fields(user, model)
        shown = [f for f in model._meta.concrete_fields if f.name not in ignored and not f.primary_key]
        rows = list(
            restrict(model.history.filter(**{f"{declaration.parent}_id": parent.pk}), user, HISTORY)
            .select_related("history_user").order_by("-history_date", "-history_id")[:limit]
        )
        by_record: dict = {}
        for record in reversed(rows):  # oldest first: each version is compared with the one before
            by_record.setdefault(record.id, []).append(record)
        last = {versions[-1].history_id for versions in by_record.values()}
        deleted_ids = {r.id for r in rows if r.history_type == "-" and r.history_id in last}
        existing = set(model._default_manager.filter(pk__in=deleted_ids).values_list("pk", flat=True)) if deleted_ids else set()
        for versions in by_record.values():
            for older, newer in zip([None, *versions[:-1]], versions, strict=True):
                if newer.history_type == "~" and older is not None:
                    raw = []
                    for model_field in shown:
                        old_value, new_value = getattr(older, model_field.attname), getattr(newer, model_field.attname)
                        if old_value != new_value:
                            raw.append((model_field, old_value, new_value))
                else:  # created, deleted (or changed without the version before it at hand): its values
                    raw = [(model_field, None, getattr(newer, model_field.attname)) for model_field in shown]
                for model_field, old_value, new_value in raw:
                    if model_field.is_relation:
                        pairs |= {(model_field.related_model, v) for v in (old_value, new_value) if v is not None}
                restorable = (newer.history_type == "-" and newer.history_id in last and newer.id not in existing
                              and may_restore.get(declaration.key, False)
                              and (declaration.allows is None or declaration.allows(user, newer)))
                found.append((declaration, newer, raw, restorable))
    related = _related_names(pairs, user)
    entries = []
    for declaration, record, raw, restorable in found:
        entry = ChildEntry(record=record, kind=str(KINDS.get(record.history_type, record.history_type)), child=declaration,
                           name=_child_name(declaration, record, related), restorable=restorable)
        for model_field, old_value, new_value in raw:
            label = str(declaration.labels.get(model_field.name, model_field.verbose_name))
            language = getattr(model_field, "language", "") or ""
            if record.history_type == "~":
                entry.changes.append(Change(label, _shown_value(declaration, model_field, old_value, related),
                                            _shown_value(declaration, model_field, new_value, related), language))
            elif new_value not in (None, ""):
                entry.changes.append(Change(label, None, _shown_value(declaration, model_field, new_value, related), language))
        entries.append(entry)
    entries.sort(key=lambda e: (e.date, e.history_id), reverse=True)
    return entries[:limit]


def _child_name(declaration: ChildHistory, record, related: dict) -> str:
    """How the child is named without a query: the declaration's ``name(record, related)``, else
    its title, else its kind."""
    if declaration.name is not None:
        return str(declaration.name(record, lambda model, pk: related.get((model, pk), HIDDEN)))
    return str(getattr(record, "title", "") or declaration.model._meta.verbose_name)


def restored_reason(historical) -> str:
    """The history reason of a record re-created from its deletion ``historical``."""
    from django.utils import timezone
    from django.utils.translation import gettext_noop

    when = timezone.localtime(historical.history_date).strftime("%Y-%m-%d %H:%M")
    return stored_reason(gettext_noop("Restored after it was deleted on %(date)s"), date=when)


def recreated(historical):
    """The record as ``historical`` (its deletion) holds it, to be saved anew under its own key;
    refused if a record with that key exists (it was restored already)."""
    from django.core.exceptions import ValidationError

    instance = historical.instance
    model = type(instance)
    if model._default_manager.filter(pk=instance.pk).exists():
        raise ValidationError(gettext("This %(kind)s exists again: it was restored already.") % {"kind": model._meta.verbose_name})
    instance._state.adding = True
    instance._change_reason = restored_reason(historical)
    return instance
