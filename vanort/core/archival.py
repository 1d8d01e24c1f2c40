"""Public records (allmänna handlingar) are kept: archived with a reason, never deleted.

Decisions and their distribution, registered partnership requests and agreements inherit
:class:`ArchivableRecord`; the files attached to them inherit :class:`PublicRecordFile`. Both set
``is_public_record = True`` and refuse ``delete()`` on the instance and on the queryset, so no page,
command, API call or erasure can remove them (cascades are stopped by ``on_delete=PROTECT`` on
the foreign keys that lead to them). "Removing" one is :func:`record_archive`: it disappears from
default lists, stays readable to those who could read it, and :func:`record_unarchive` takes it
back; both are changes in the record's history.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from vanort.core.versioning import save_versioned

#: Why a public record is never deleted or erased — shown when someone tries (pages, API, erasure).
PUBLIC_RECORD_EXPLANATION = _lazy(
    "This is a public record: it must be kept, so it is never deleted or erased. "
    "It can be archived with a reason instead; an archived record stays readable."
)
ARCHIVE_REASON_REQUIRED = _lazy("Give the reason for archiving.")


class PublicRecordDeletionError(PermissionDenied):
    """Someone tried to delete a public record. A view that lets it through answers 403."""

    def __init__(self, model=None):
        name = model._meta.verbose_name if model is not None else _lazy("record")
        super().__init__(
            _("%(name)s cannot be deleted. %(explanation)s")
            % {
                "name": str(name).capitalize(),
                "explanation": PUBLIC_RECORD_EXPLANATION,
            }
        )


class PublicRecordQuerySet(QuerySet):
    def delete(self):
        raise PublicRecordDeletionError(self.model)

    delete.alters_data = True
    delete.queryset_only = True

    def current(self):
        """The records that are not archived (what default lists show)."""
        if not hasattr(self.model, "archived_at"):
            return self
        return self.filter(archived_at__isnull=True)


class PublicRecordFile(models.Model):
    """A file that belongs to a public record: kept as long as the record, never deleted."""

    is_public_record = True

    objects = PublicRecordQuerySet.as_manager()

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        raise PublicRecordDeletionError(type(self))


class ArchivableRecord(PublicRecordFile):
    """A public record with an archival state instead of deletion."""

    archived_at = models.DateTimeField(_lazy("archived"), null=True, blank=True, editable=False)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_lazy("archived by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    archive_reason = models.TextField(_lazy("reason for archiving"), blank=True, editable=False)

    #: Restoring an earlier version leaves these as they are (see ``restore_version``).
    unrestorable_fields = ("archived_at", "archived_by", "archive_reason")

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


def archive_constraint(prefix: str) -> models.CheckConstraint:
    """The named constraint each archivable model adds: an archived record carries its reason."""
    return models.CheckConstraint(
        condition=Q(archived_at__isnull=True) | ~Q(archive_reason=""),
        name=f"{prefix}_archived_has_reason",
        violation_error_message=ARCHIVE_REASON_REQUIRED,
    )


def record_archive(
    *, record: ArchivableRecord, by, reason: str, expected_version: int | None
) -> ArchivableRecord:
    """Archive ``record`` with ``reason``; a change in its history, refused if it changed meanwhile."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"archive_reason": [ARCHIVE_REASON_REQUIRED]})
    if record.is_archived:
        raise ValidationError(_("This record is already archived."), code="archived")
    record.archived_at = timezone.now()
    record.archived_by = by
    record.archive_reason = reason
    record._history_user = by
    save_versioned(
        record,
        expected_version=expected_version,
        reason=_("Archived: %(reason)s") % {"reason": reason},
    )
    return record


def record_unarchive(
    *, record: ArchivableRecord, by, expected_version: int | None
) -> ArchivableRecord:
    """Take ``record`` out of the archive; the former reason stays in the history."""
    if not record.is_archived:
        raise ValidationError(_("This record is not archived."), code="not_archived")
    record.archived_at = None
    record.archived_by = None
    record.archive_reason = ""
    record._history_user = by
    save_versioned(record, expected_version=expected_version, reason=_("Taken out of the archive"))
    return record
