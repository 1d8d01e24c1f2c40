"""Background task (``django.tasks``, as ``vanort/reports/tasks.py``): an upload's text into the index."""

from __future__ import annotations

from django.apps import apps
from django.tasks import task


@task()
def extract_document_text(label: str, pk: int) -> str:
    from vanort.search.extract import extract_text
    from vanort.search.index import store_extracted
    from vanort.search.kinds import kind_of

    model = apps.get_model(label)
    document = model._default_manager.filter(pk=pk).first()
    if document is None:
        return "gone"
    store_extracted(kind_of(model), pk, extract_text(document.file, document.content_type))
    return "done"
