"""Known twin-town relations between two cities, imported from public data sets.

A relation is reference data, like the cities it joins: shared by every municipality on a host,
public, corrected by coordinators. A municipality turns the relations of its own city into
partnerships (``vanort import-twins --municipality SLUG``, or by hand).
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from vanort.core.permissions import Scope
from vanort.core.roles import Role
from vanort.places.models import City


class TwinRelation(models.Model):
    """One unordered pair of cities (stored with ``city_a_id < city_b_id``) and where it is known from."""

    city_a = models.ForeignKey(City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="+")
    city_b = models.ForeignKey(City, verbose_name=_("other city"), on_delete=models.CASCADE, related_name="+")
    sources = models.CharField(
        _("sources"), max_length=200, help_text=_("The data sets that name the relation, comma-separated.")
    )
    created_at = models.DateTimeField(_("imported"), auto_now_add=True)

    scope = Scope(tenant=None, editors=frozenset({Role.ADMIN, Role.COORDINATOR}))

    class Meta:
        verbose_name = _("twin-town relation")
        verbose_name_plural = _("twin-town relations")
        ordering = ["city_a", "city_b"]
        indexes = [models.Index(fields=["city_b"], name="twin_city_b")]
        constraints = [
            models.UniqueConstraint(
                fields=["city_a", "city_b"], name="twin_unique_pair",
                violation_error_message=_("This relation is already registered."),
            ),
            models.CheckConstraint(
                condition=Q(city_a__lt=F("city_b")), name="twin_pair_ordered",
                violation_error_message=_("A relation joins two different cities (the lower id first)."),
            ),
        ]

    def __str__(self):
        return f"{self.city_a} – {self.city_b}"

    def source_set(self) -> set[str]:
        return {part for part in self.sources.split(",") if part}
