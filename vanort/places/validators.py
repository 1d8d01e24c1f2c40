"""Checks for country codes and time zones against the offline reference data."""

import zoneinfo
from functools import cache

import pycountry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


@cache
def time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    if value not in time_zones():
        raise ValidationError(
            _("“%(value)s” is not a known time zone; use a name such as Europe/Stockholm."),
            code="time_zone",
            params={"value": value},
        )


def validate_country(value: str) -> None:
    if not value or pycountry.countries.get(alpha_2=value.upper()) is None:
        raise ValidationError(
            _("“%(value)s” is not an ISO 3166 country code (such as SE or US)."),
            code="country",
            params={"value": value},
        )


@cache
def _country_catalogue(language: str):
    import gettext

    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)


def country_name(code: str) -> str:
    """The country's name in the active language (pycountry ships the ISO 3166 translations)."""
    from django.utils.translation import get_language

    country = pycountry.countries.get(alpha_2=code.upper()) if code else None
    if country is None:
        return code
    return _country_catalogue((get_language() or "sv").split("-")[0]).gettext(country.name)


def country_choices() -> list[tuple[str, str]]:
    return sorted(((c.alpha_2, country_name(c.alpha_2)) for c in pycountry.countries), key=lambda item: item[1])


@cache
def country_zones() -> dict[str, tuple[str, ...]]:
    """Country code → its time zones, from the IANA ``zone.tab`` that the tzdata package ships."""
    from importlib.resources import files

    zones: dict[str, list[str]] = {}
    for line in files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, _coordinates, zone, *_comment = line.split("\t")
            if zone in time_zones():
                zones.setdefault(code, []).append(zone)
    return {code: tuple(sorted(names)) for code, names in zones.items()}


def zone_label(zone: str) -> str:
    """``America / Los Angeles (UTC−08:00)``: the name as read, with its offset now."""
    import datetime

    offset = datetime.datetime.now(zoneinfo.ZoneInfo(zone)).strftime("%z")
    sign = "−" if offset.startswith("-") else "+"
    return f"{zone.replace('_', ' ').replace('/', ' / ')} (UTC{sign}{offset[1:3]}:{offset[3:]})"


def time_zone_choices(country: str = "") -> list:
    """The country's zones first (as their own group), then every other zone, by readable name."""
    first = country_zones().get((country or "").upper(), ())
    rest = sorted(time_zones() - set(first))
    if not first:
        return [("", "—"), *((zone, zone_label(zone)) for zone in rest)]
    return [
        ("", "—"),
        (country_name(country), [(zone, zone_label(zone)) for zone in first]),
        (_("All other time zones"), [(zone, zone_label(zone)) for zone in rest]),
    ]
