"""Keep the index current: each save or delete of an indexed record writes its entry in the same
transaction; a new upload queues the extraction of its text (a task enqueued in that transaction)."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from vanort.search.kinds import KINDS, kind_of


def _saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    from vanort.search.index import index_object
    from vanort.search.tasks import extract_document_text

    kind = kind_of(sender)
    index_object(kind, instance)
    if kind.document and created:
        extract_document_text.enqueue(sender._meta.label, instance.pk)


def _deleted(sender, instance, **kwargs):
    from vanort.search.index import remove_object

    remove_object(kind_of(sender), instance.pk)


def connect() -> None:
    for kind in KINDS:
        post_save.connect(_saved, sender=kind.model, dispatch_uid=f"search-save-{kind.label}")
        post_delete.connect(_deleted, sender=kind.model, dispatch_uid=f"search-delete-{kind.label}")
