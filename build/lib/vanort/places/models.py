"""Cities: shared reference data that every municipality's partnerships and networks point to."""

import zoneinfo

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vanort.core.models import VersionedModel
from vanort.core.permissions import Scope
from vanort.core.roles import Role
from vanort.places.validators import country_name, validate_country, validate_time_zone


class City(VersionedModel):
    """A city anywhere, looked up from GeoNames (offline) or entered by hand.

    Cities are public reference data shared by every municipality on a host: anyone may read them,
    administrators and coordinators may add and correct them.
    """

    class Source(models.TextChoices):
        GEONAMES = "geonames", _("GeoNames")
        MANUAL = "manual", _("Entered by hand")

    name = models.CharField(_("name"), max_length=200)
    alternate_names = models.TextField(
        _("other names"), blank=True, help_text=_("Other spellings and languages, one per line.")
    )
    country = models.CharField(_("country"), max_length=2, validators=[validate_country])
    region = models.CharField(_("region"), max_length=200, blank=True)
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)
    daytime_population = models.PositiveBigIntegerField(_("daytime population"), null=True, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, validators=[validate_time_zone])
    profile = models.TextField(_("profile"), blank=True)
    geonames_id = models.PositiveBigIntegerField(_("GeoNames id"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=Source, default=Source.MANUAL)

    scope = Scope(tenant=None, editors=frozenset({Role.ADMIN, Role.COORDINATOR}))

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        ordering = ["name", "country"]
        indexes = [models.Index(fields=["country", "name"], name="city_country_name")]
        constraints = [
            models.UniqueConstraint(
                fields=["geonames_id"],
                condition=Q(geonames_id__isnull=False),
                name="city_unique_geonames_id",
                violation_error_message=_("This GeoNames city is already registered."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="city_latitude_range",
                violation_error_message=_("Latitude must be between -90 and 90."),
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="city_longitude_range",
                violation_error_message=_("Longitude must be between -180 and 180."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.country})"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("places:city_detail", args=[self.pk])

    @property
    def country_name(self) -> str:
        return country_name(self.country)

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)
