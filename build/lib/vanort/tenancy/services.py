"""Setting up a new home municipality on a host: the municipality, its city, its first organisation."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vanort.core.versioning import save_versioned
from vanort.places import geonames
from vanort.places.models import City
from vanort.tenancy.models import Municipality, Organisation


def find_city(query: str, country: str = "") -> City:
    """The city for ``query`` — a GeoNames id, or a name (with ``country``, an ISO code, when the
    name repeats) — from the cities already known, else from the offline GeoNames data (unsaved)."""
    query, country = query.strip(), country.strip().upper()
    if query.isdigit():
        known = City.objects.filter(geonames_id=int(query)).first()
        if known:
            return known
        candidate = geonames.get(int(query))
        if candidate is None:
            raise ValidationError({"city": _("No city has the GeoNames id %(id)s.") % {"id": query}})
        return geonames.city_from_candidate(candidate)
    candidates = [c for c in geonames.search(query) if c.name.lower() == query.lower() and (not country or c.country == country)]
    if not candidates:
        raise ValidationError({"city": _(
            "No city called “%(name)s”%(country)s in the offline GeoNames data (towns of 15,000 people or more). "
            "Give its GeoNames id, or check the spelling and the country code."
        ) % {"name": query, "country": f" ({country})" if country else ""}})
    if len(candidates) > 1:
        listed = "; ".join(f"{c.geonames_id}: {c.name}, {c.region or c.country}" for c in candidates[:10])
        raise ValidationError({"city": _(
            "Several cities are called “%(name)s”: %(listed)s. Give the country code or the GeoNames id."
        ) % {"name": query, "listed": listed}})
    known = City.objects.filter(geonames_id=candidates[0].geonames_id).first()
    return known or geonames.city_from_candidate(candidates[0])


def municipality_create(*, name: str, slug: str, city: City, currency: str = "SEK", organisation: str,
                        organisation_kind: str = Organisation.Kind.OFFICE) -> Municipality:
    """Create a municipality with its first organisation (where its first users belong), all or nothing."""
    if Municipality.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("A municipality with the short name “%(slug)s” already exists.") % {"slug": slug}})
    with transaction.atomic():
        if city.pk is None:
            city.full_clean()
            city.save()
        municipality = Municipality(name=name, slug=slug, city=city, currency=currency.upper())
        save_versioned(municipality, expected_version=None, reason="vanort create-municipality")
        save_versioned(
            Organisation(municipality=municipality, name=organisation, kind=organisation_kind),
            expected_version=None, reason="vanort create-municipality",
        )
    return municipality
