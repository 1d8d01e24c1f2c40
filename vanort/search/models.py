"""The search index: one row per indexed record, searched by the database's own full-text engine.

PostgreSQL keeps ``vector`` (a ``tsvector`` with Swedish and English lexemes, GIN-indexed by
migration 0001); SQLite keeps an FTS5 table over the same columns, filled by triggers (also in
migration 0001). The row holds only text; who may see it is decided by the gate on the record it
points to (:mod:`vanort.search.selectors`).
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    kind = models.CharField(_("kind"), max_length=60)
    object_id = models.PositiveBigIntegerField(_("record"))
    group = models.CharField(_("group"), max_length=30)
    label_sv = models.CharField(_("title (Swedish)"), max_length=300)
    label_en = models.CharField(_("title (English)"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    extracted = models.TextField(_("text of the file"), blank=True)
    url = models.CharField(_("address"), max_length=300)
    vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique_record")]

    def __str__(self):
        return f"{self.kind} {self.object_id}"
