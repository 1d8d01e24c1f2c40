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
