"""Numbers as people type them (vanort.core.numbers): the page's language, or the other common way."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from vanort.core.numbers import number_example, parse_number

pytestmark = pytest.mark.engine_independent

READ = [
    # (language, typed, meant)
    ("sv", "1 234,50", "1234.50"),
    ("sv", "1\u00a0234,50", "1234.50"),
    ("sv", "1\u202f234,50", "1234.50"),
    ("sv", "1234,50", "1234.50"),
    ("sv", "1234.50", "1234.50"),
    ("sv", "5,000.00", "5000.00"),
    ("sv", "0.095", "0.095"),
    ("sv", "1,234", "1.234"),
    ("sv", "1 234 567", "1234567"),
    ("sv", "−12,5", "-12.5"),
    ("en", "5,000.00", "5000.00"),
    ("en", "5000.00", "5000.00"),
    ("en", "5000", "5000"),
    ("en", "1,234", "1234"),
    ("en", "1,234,567.8", "1234567.8"),
    ("en", "1234,50", "1234.50"),
    ("en", "1 234.50", "1234.50"),
    ("en", "5.000,00", "5000.00"),
    ("en", "0,5", "0.5"),
]

REFUSED = [
    # (language, typed, code, what the message says)
    ("sv", "tolv", "invalid", "”tolv” är inte ett tal. Skriv det till exempel som 1\u00a0234,50."),
    ("sv", "1.234", "ambiguous", "1,234"),
    ("sv", "12 34", "invalid", "1\u00a0234,50"),
    ("sv", "1,2,3", "invalid", "1\u00a0234,50"),
    ("sv", "5,", "invalid", "1\u00a0234,50"),
    ("en", "twelve", "invalid", "“twelve” is not a number. Write it as, for example, 1,234.50."),
    ("en", "1,23,4", "invalid", "1,234.50"),
    ("en", "1.234.5", "invalid", "1,234.50"),
    ("en", "1,234.5.6", "invalid", "1,234.50"),
    ("en", "1 2345", "invalid", "1,234.50"),
]


@pytest.mark.parametrize(("language", "typed", "meant"), READ)
def test_a_number_is_read_as_the_language_writes_it(language, typed, meant):
    with translation.override(language):
        assert parse_number(typed) == Decimal(meant)


@pytest.mark.parametrize(("language", "typed", "code", "message"), REFUSED)
def test_garbage_and_ambiguous_numbers_are_refused_in_the_readers_language(language, typed, code, message):
    with translation.override(language), pytest.raises(ValidationError) as refused:
        parse_number(typed)
    assert refused.value.code == code
    assert message in refused.value.messages[0]


def test_the_ambiguous_message_offers_both_readings():
    with translation.override("sv"), pytest.raises(ValidationError) as refused:
        parse_number("1.234")
    assert refused.value.messages[0] == "”1.234” kan läsas på två sätt. Skriv 1,234 för ett decimaltal eller 1\u00a0234 för ett heltal."


def test_the_example_is_written_the_languages_way():
    assert number_example("sv") == "1\u00a0234,50"
    assert number_example("en") == "1,234.50"


@pytest.mark.parametrize(("language", "money", "share"), [("sv", "35\u00a0000", "7,5"), ("en", "35,000", "7.5")])
def test_report_charts_write_figures_as_the_page_does(language, money, share):
    from vanort.reports.charts import _shown

    with translation.override(language):
        assert _shown(35_000_00, True) == money
        assert _shown(7.5, False) == share
