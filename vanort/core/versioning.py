"""Saving edited records without silently overwriting another person's work, and restoring."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from vanort.core.permissions import check_values, values_of


class ConflictError(ValidationError):
    """The record changed after the editor opened it."""

    def __init__(self):
        super().__init__(
            _(
                "Someone else saved this record after you opened it. Your changes have not been "
                "saved; the other person's version is kept. Open the record again to see it, then "
                "make your changes anew."
            ),
            code="conflict",
        )


def save_versioned(instance, *, expected_version: int | None, reason: str = "") -> None:
    """Validate and save ``instance``; refuse if the stored version is not ``expected_version``.

    A new record (no pk) is simply created. The check and the write happen in one transaction with
    a conditional UPDATE, so two simultaneous saves cannot both win.
    """
    instance.full_clean()
    with transaction.atomic():
        if instance.pk is not None and not instance._state.adding:
            model = type(instance)
            bumped = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
                version=F("version") + 1
            )
            if not bumped:
                raise ConflictError()
            instance.version = expected_version + 1
        # The history record this save writes carries the reason (simple-history reads it from the
        # instance), rather than being looked up and saved again afterwards.
        instance._change_reason = reason or None
        try:
            instance.save()
        finally:
            del instance._change_reason


def restore_version(instance, historical, *, by, reason: str) -> None:
    """Put the field values of ``historical`` (a simple-history record of ``instance``) back, as
    ``by`` may set them: a value the gate's value rules refuse ``by`` (another responsible
    organisation, another plan …) refuses the whole restore, as the edit form would."""
    stored = values_of(instance) if getattr(getattr(type(instance), "scope", None), "values", ()) else None
    # The archival state of a public record changes only by archiving and taking out of the archive.
    skip = {"id", "version", "created_at", "updated_at", *getattr(type(instance), "unrestorable_fields", ())}
    for field in type(instance)._meta.concrete_fields:
        if field.name in skip or field.primary_key:
            continue
        setattr(instance, field.attname, getattr(historical, field.attname))
    if stored is not None:
        check_values(instance, by=by, stored=stored)
    save_versioned(instance, expected_version=instance.version, reason=reason)
