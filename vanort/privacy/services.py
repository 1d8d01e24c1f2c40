"""Personal data: the register's live counts, a person's export, erasure, and retention.

Everything works from the register (:mod:`vanort.privacy.register`). Erasure anonymises — it
replaces personal fields, never deletes the records that counts, costs and reports are built
from — and leaves public records (allmänna handlingar) untouched.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Func, IntegerField, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from vanort.privacy.models import ErasureLog
from vanort.privacy.register import (
    BLANK,
    KINDS,
    KINDS_BY_KEY,
    PLACEHOLDER,
    SCRUB,
    UNIQUE,
    USER_LINKS,
    Kind,
    Subject,
    placeholder,
)
from vanort.publishing.caching import invalidate as invalidate_public_cache
from vanort.search.index import reindex
from vanort.tenancy.models import Municipality

#: Fields never exported (secrets, not data about the person).
SECRET_FIELDS = {"password"}


def _count(queryset) -> Coalesce:
    """``SELECT COUNT(*) …`` of ``queryset`` as a scalar subquery."""
    counted = (
        queryset.order_by()
        .annotate(_n=Func(F("pk"), function="COUNT", output_field=IntegerField()))
        .values("_n")[:1]
    )
    return Coalesce(Subquery(counted), 0)


def register_counts(municipality_id: int) -> dict[str, dict[str, int | None]]:
    """Live counts per kind — records, and history rows — in one query."""
    annotations = {}
    for kind in KINDS:
        annotations[f"{kind.key}__rows"] = _count(kind.rows(municipality_id))
        history = kind.history_rows(municipality_id)
        if history is not None:
            annotations[f"{kind.key}__history"] = _count(history)
    values = (
        Municipality.objects.filter(pk=municipality_id)
        .annotate(**annotations)
        .values(*annotations)
        .get()
    )
    return {
        kind.key: {
            "rows": values[f"{kind.key}__rows"],
            "history": values.get(f"{kind.key}__history"),
        }
        for kind in KINDS
    }


# --- finding a person --------------------------------------------------------------------------


@dataclass
class Found:
    kind: Kind
    rows: list
    history: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.rows) + len(self.history)

    @property
    def records(self) -> int:
        """Distinct records found, in the table or only in its history."""
        return len({row.pk for row in self.rows} | {row.id for row in self.history})


def person_find(*, municipality_id: int, subject: Subject) -> list[Found]:
    """Every declared record of the municipality that refers to the person, with history rows."""
    found = []
    for kind in KINDS:
        rows = list(kind.find(municipality_id, subject))
        history = kind.find_history(municipality_id, subject, [row.pk for row in rows])
        found.append(Found(kind, rows, list(history) if history is not None else []))
    return found


def _plain(obj) -> dict:
    return {
        f.attname: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if f.attname not in SECRET_FIELDS
    }


def _history_models():
    return [
        model
        for model in apps.get_models()
        if model.__name__.startswith("Historical") and hasattr(model, "history_user")
    ]


def user_references(user_ids: list[int]) -> list[dict]:
    """How many records name these users as the one who did something (a fixed number of queries)."""
    if not user_ids:
        return []
    references = []
    for label, name in USER_LINKS:
        model = apps.get_model(label)
        count = model._default_manager.filter(**{f"{name}__in": user_ids}).count()
        if count:
            references.append(
                {
                    "record": str(model._meta.verbose_name_plural),
                    "field": str(model._meta.get_field(name).verbose_name),
                    "count": count,
                }
            )
    for model in _history_models():
        count = model.objects.filter(history_user__in=user_ids).count()
        if count:
            references.append(
                {
                    "record": str(model._meta.verbose_name_plural),
                    "field": _("changed by"),
                    "count": count,
                }
            )
    return references


def person_export(*, municipality: Municipality, subject: Subject) -> dict:
    """Everything the register finds about the person, as plain data (the JSON download)."""
    found = person_find(municipality_id=municipality.pk, subject=subject)
    users = [row.pk for row in found[_index("users")].rows]
    return {
        "subject": {"name": subject.name, "email": subject.email},
        "municipality": municipality.slug,
        "exported_at": timezone.now(),
        "records": {
            item.kind.key: {
                "kind": str(item.kind.label),
                "public_record": item.kind.public_record,
                "purpose": str(item.kind.purpose),
                "legal_basis": str(item.kind.legal_basis),
                "retention": str(item.kind.retention),
                "rows": [_plain(row) for row in item.rows],
                "history": [_plain(row) for row in item.history],
            }
            for item in found
        },
        "user_references": user_references(users),
    }


def _index(key: str) -> int:
    return [kind.key for kind in KINDS].index(key)


# --- erasure -----------------------------------------------------------------------------------


def _scrub(text: str, subject: Subject, replacement: str) -> str:
    for term in subject.terms:
        text = re.sub(re.escape(term), replacement, text, flags=re.IGNORECASE)
    return text


def _anonymise(obj, kind: Kind, subject: Subject, replacement: str) -> list[str]:
    """Replace the personal fields of one row (a record or a history row); the changed field names."""
    changed = []
    for name, how in kind.fields.items():
        old = getattr(obj, name)
        if how == PLACEHOLDER:
            new = replacement
        elif how == BLANK:
            new = "" if obj._meta.get_field(name).empty_strings_allowed else None
        elif how == SCRUB:
            new = _scrub(old or "", subject, replacement)
        elif how == UNIQUE:
            new = f"anonymised-{obj.pk}"
        else:  # pragma: no cover - the register test checks every strategy
            raise ValueError(how)
        if new != old:
            setattr(obj, name, new)
            changed.append(name)
    return changed


@dataclass
class ErasureResult:
    log: ErasureLog
    refused: list[Found]
    kept_self: bool = False


def _erase_rows(kind: Kind, rows: list, subject: Subject, replacement: str) -> list:
    """Anonymise ``rows`` of one kind in place, save the changed ones; returns those."""
    changed_rows, fields = [], set()
    for row in rows:
        changed = _anonymise(row, kind, subject, replacement)
        if changed:
            changed_rows.append(row)
            fields.update(changed)
    if not changed_rows:
        return []
    model = type(rows[0])
    if kind.key == "users":
        for row in changed_rows:
            row.is_active = False
            row.set_unusable_password()
        fields |= {"is_active", "password"}
    if any(
        f.name == "version" for f in model._meta.concrete_fields
    ) and not model.__name__.startswith("Historical"):
        for row in changed_rows:
            row.version += 1  # a form opened before the erasure cannot write the name back
        fields.add("version")
    model._default_manager.bulk_update(changed_rows, sorted(fields))
    reindex(changed_rows)  # bulk_update reaches no signal: the search index must not keep the name
    return changed_rows


def person_erase(*, municipality: Municipality, subject: Subject, by) -> ErasureResult:
    """Anonymise everything the register finds about the person, in one transaction.

    Public records are left as they are and returned in ``refused``. The acting user is never
    anonymised by their own hand (``kept_self``). The log keeps counts per kind, no names.
    """
    if not subject:
        raise ValidationError(_("Give a name or an e-mail address."))
    replacement = placeholder()
    counts, history_counts, refused = {}, {}, []
    kept_self = False
    with transaction.atomic():
        # Everything is found before anything changes: the sign-in logs are found through the
        # user names that anonymising the users changes.
        for item in person_find(municipality_id=municipality.pk, subject=subject):
            kind = item.kind
            if kind.public_record:
                if item.rows or item.history:
                    refused.append(item)
                continue
            rows = item.rows
            if kind.key == "users" and any(row.pk == by.pk for row in rows):
                kept_self = True
                rows = [row for row in rows if row.pk != by.pk]
            if kind.delete:
                rows = [
                    row for row in rows if row.username != by.username
                ]  # the acting user's own sign-ins stay
                if rows:
                    counts[kind.key] = kind.model._default_manager.filter(
                        pk__in=[row.pk for row in rows]
                    ).delete()[0]
                continue
            if kind.key == "users" and rows:
                _revoke_tokens([row.pk for row in rows])
            if changed := _erase_rows(kind, rows, subject, replacement):
                counts[kind.key] = len(changed)
            if changed := _erase_rows(kind, item.history, subject, replacement):
                history_counts[kind.key] = len(changed)
        if counts:
            # bulk_update sends no signals: a public contact's name must leave the cached public pages now.
            transaction.on_commit(invalidate_public_cache)
        log = ErasureLog.objects.create(
            municipality=municipality,
            trigger=ErasureLog.Trigger.REQUEST,
            by=by,
            at=timezone.now(),
            counts=counts,
            history_counts=history_counts,
            refused={item.kind.key: item.records for item in refused},
        )
    return ErasureResult(log=log, refused=refused, kept_self=kept_self)


def _revoke_tokens(user_ids: list[int]) -> None:
    """An anonymised user's API and calendar tokens go: the account cannot be used any more."""
    for label in ("api.ApiToken", "publishing.CalendarToken"):
        apps.get_model(label).objects.filter(user__in=user_ids).delete()


# --- retention ---------------------------------------------------------------------------------


def anonymise_expired(*, today: datetime.date | None = None) -> dict[int, int]:
    """Anonymise named participants whose activity ended more than the retention period ago.

    The activity's actual end, else its planned end, counts; an activity without either is not
    over. Idempotent: rows already anonymised are not touched or counted again. One log row per
    municipality with something anonymised. Returns ``{municipality id: count}``.
    """
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.VANORT_NAMED_PARTICIPANT_RETENTION_DAYS)
    kind = KINDS_BY_KEY["named_participants"]
    replacement = placeholder()
    expired = (
        kind.model.objects.annotate(ended=Coalesce("activity__actual_end", "activity__planned_end"))
        .filter(ended__lt=cutoff)
        .exclude(name=replacement, organisation="", note="")
    )
    with transaction.atomic():
        per_municipality = dict(
            expired.order_by()
            .values_list("activity__municipality")
            .annotate(n=Count("pk"))
            .values_list("activity__municipality", "n")
        )
        if not per_municipality:
            return {}
        kind.model.objects.filter(pk__in=expired.values("pk")).update(
            **{name: replacement if how == PLACEHOLDER else "" for name, how in kind.fields.items()}
        )
        now = timezone.now()
        ErasureLog.objects.bulk_create(
            ErasureLog(
                municipality_id=municipality_id,
                trigger=ErasureLog.Trigger.RETENTION,
                at=now,
                counts={kind.key: n},
            )
            for municipality_id, n in sorted(per_municipality.items())
        )
    return per_municipality
