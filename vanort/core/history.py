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
            entry.changes.append(Change(str(label), _display(model_field, old_value, related), _display(model_field, new_value, related)))
        entries.append(entry)
    return entries
