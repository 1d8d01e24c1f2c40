"""What the reports read from ``vanort.governance``, in one place."""

from __future__ import annotations

from vanort.governance import mandates


def mandate_period(municipality, year: int) -> mandates.MandatePeriod:
    """The term of office that starts in the election year ``year`` (15 Oct – 14 Oct by default)."""
    return mandates.period_starting(year, municipality)


def is_election_year(municipality, year: int) -> bool:
    period = mandates.period_starting(year, municipality)
    return mandates.period_of(period.start, municipality) == period
