"""Terms of office (mandatperioder), computed — never stored — from a municipality's settings.

Swedish default: a term starts on 15 October of an election year (2014, 2018, 2022, 2026 …)
and ends on 14 October four years later. ``Municipality.election_day``, ``election_month``,
``first_election_year`` (any year a term started) and ``term_years`` make it configurable.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass


def period_label(start: datetime.date, end: datetime.date) -> str:
    """The years of a period's first and last day: "2022–2026" (15 Oct 2022 – 14 Oct 2026),
    "2015–2018" (1 Jan 2015 – 31 Dec 2018), "2025" for a period within one year."""
    return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"


@dataclass(frozen=True, order=True)
class MandatePeriod:
    """One term of office: ``start`` and ``end`` are its first and last day."""

    start: datetime.date
    end: datetime.date

    @property
    def label(self) -> str:
        return period_label(self.start, self.end)

    def __str__(self) -> str:
        return self.label

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class TermSettings:
    day: int = 15
    month: int = 10
    first_year: int = 2014
    years: int = 4

    @classmethod
    def of(cls, municipality) -> TermSettings:
        return cls(
            day=municipality.election_day,
            month=municipality.election_month,
            first_year=municipality.first_election_year,
            years=municipality.term_years,
        )


def _settings(municipality_or_settings) -> TermSettings:
    if isinstance(municipality_or_settings, TermSettings):
        return municipality_or_settings
    if municipality_or_settings is None:
        return TermSettings()
    return TermSettings.of(municipality_or_settings)


def _start_in(year: int, s: TermSettings) -> datetime.date:
    return datetime.date(year, s.month, s.day)


def period_starting(year: int, municipality=None) -> MandatePeriod:
    """The term that starts in ``year`` (which must be an election year)."""
    s = _settings(municipality)
    start = _start_in(year, s)
    end = _start_in(year + s.years, s) - datetime.timedelta(days=1)
    return MandatePeriod(start, end)


def period_of(day: datetime.date, municipality=None) -> MandatePeriod:
    """The term of office that ``day`` falls in."""
    s = _settings(municipality)
    offset = (day.year - s.first_year) % s.years
    year = day.year - offset
    if offset == 0 and day < _start_in(year, s):
        year -= s.years  # an election year before its election day still belongs to the old term
    return period_starting(year, s)


def periods_between(first: datetime.date, last: datetime.date, municipality=None) -> list[MandatePeriod]:
    """Every term from the one containing ``first`` to the one containing ``last``, in order."""
    s = _settings(municipality)
    periods = []
    period = period_of(first, s)
    end = period_of(last, s)
    while period.start <= end.start:
        periods.append(period)
        period = period_starting(period.start.year + s.years, s)
    return periods
