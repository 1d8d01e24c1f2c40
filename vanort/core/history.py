"""Readable history of a record: who changed what, when, from what to what."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

IGNORED = {"version", "updated_at", "created_at"}
KINDS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


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
        return self.record.history_change_reason


def _display(record, name):
    model_field = record.instance_type._meta.get_field(name)
    value = getattr(record, model_field.attname)
    if model_field.choices and value is not None:
        return dict(model_field.flatchoices).get(value, value)
    if model_field.is_relation and value is not None:
        related = model_field.related_model._default_manager.filter(pk=value).first()
        return related if related is not None else value
    return value


def _ignored_fields(model) -> set[str]:
    """Fields not shown as changes: bookkeeping, and the untranslated shadow of translated fields
    (each change of a translated text is listed once, under its language)."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        return IGNORED | set(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return IGNORED


def history_entries(obj, limit: int = 200) -> list[Entry]:
    ignored = _ignored_fields(type(obj))
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    entries = []
    for newer, older in zip(records, records[1:] + [None], strict=False):
        entry = Entry(record=newer, kind=str(KINDS.get(newer.history_type, newer.history_type)))
        if older is not None:
            delta = newer.diff_against(older, excluded_fields=ignored)
            for change in delta.changes:
                label = type(obj)._meta.get_field(change.field).verbose_name
                entry.changes.append(Change(str(label), _display(older, change.field), _display(newer, change.field)))
        entries.append(entry)
    return entries[:limit]
