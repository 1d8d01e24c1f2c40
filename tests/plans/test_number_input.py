"""Money and number inputs take what the reader's language writes, and say which way they expect.

An English page shows "5,000.00 SEK" and must take "5,000.00" back; a Swedish page shows
"1 234,50 SEK" and takes "1 234,50". Dates typed on an English page are day/month/year.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from vanort.core.roles import Role
from vanort.plans.models import CostLine, ExchangeRate

pytestmark = pytest.mark.engine


def in_language(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def cost(world, **fields):
    return {"paying_organisation": world.unit.pk, "cost_type": CostLine.Type.TRAVEL, "currency": "SEK", **fields}


@pytest.mark.parametrize(
    ("language", "typed", "rate_date", "minor", "shown"),
    [
        ("en", "5,000.00", "06/12/2026", 5_000_00, "5,000.00\u00a0SEK"),
        ("en", "5000", "2026-12-06", 5_000_00, "5,000.00\u00a0SEK"),
        ("sv", "1 234,50", "2026-12-06", 1_234_50, "1\u00a0234,50\u00a0SEK"),
        ("sv", "1234.50", "06/12/2026", 1_234_50, "1\u00a0234,50\u00a0SEK"),
    ],
)
def test_a_cost_is_saved_as_typed_in_the_readers_language(world, plan_data, client_for, language, typed, rate_date, minor, shown):
    client = in_language(client_for(world.users[Role.UNIT_EDITOR]), language)
    url = reverse("plans:costline_create", args=[plan_data.school.pk])
    before = set(CostLine.objects.values_list("pk", flat=True))
    response = client.post(url, cost(world, estimated=typed, rate_date=rate_date, note="typed"))
    assert response.status_code == 302, response.context["form"].errors
    line = CostLine.objects.exclude(pk__in=before).get()
    assert Decimal(line.estimated) / 100 == Decimal(minor) / 100
    assert line.rate_date == datetime.date(2026, 12, 6)
    page = client.get(plan_data.school.get_absolute_url()).content.decode()
    assert shown in page
    # The edit form gives the amount back in a way the same page accepts.
    edit = client.get(reverse("plans:costline_edit", args=[plan_data.school.pk, line.pk]))
    value = edit.context["form"]["estimated"].value()
    assert value == ("5000.00" if language == "en" else "1234,50")


@pytest.mark.parametrize(
    ("language", "typed", "error"),
    [
        ("en", "12 34", "“12 34” is not a number. Write it as, for example, 1,234.50."),
        ("en", "five thousand", "“five thousand” is not a number. Write it as, for example, 1,234.50."),
        ("sv", "1.234", "”1.234” kan läsas på två sätt. Skriv 1,234 för ett decimaltal eller 1\u00a0234 för ett heltal."),
        ("sv", "tolv", "”tolv” är inte ett tal. Skriv det till exempel som 1\u00a0234,50."),
    ],
)
def test_a_number_that_is_not_one_is_refused_beside_the_field(world, plan_data, client_for, language, typed, error):
    client = in_language(client_for(world.users[Role.UNIT_EDITOR]), language)
    count = CostLine.objects.count()
    response = client.post(reverse("plans:costline_create", args=[plan_data.school.pk]), cost(world, estimated=typed))
    assert response.status_code == 400
    assert response.context["form"].errors["estimated"] == [error]
    assert error.replace("“", "&ldquo;") in response.content.decode() or error in response.content.decode()
    assert CostLine.objects.count() == count


@pytest.mark.parametrize(("language", "hint"), [("en", "For example 1,234.50"), ("sv", "Till exempel 1\u00a0234,50")])
def test_the_amount_input_says_which_way_it_expects(world, plan_data, client_for, language, hint):
    client = in_language(client_for(world.users[Role.UNIT_EDITOR]), language)
    html = client.get(reverse("plans:costline_create", args=[plan_data.school.pk])).content.decode()
    assert hint in html
    assert 'inputmode="decimal"' in html
    other = "Till exempel" if language == "en" else "For example"
    assert other not in html


@pytest.mark.parametrize(
    ("language", "typed", "rate"),
    [("en", "5,000.00", "5000.00"), ("en", "10.5", "10.5"), ("sv", "1 234,50", "1234.50"), ("sv", "10,5", "10.5")],
)
def test_an_exchange_rate_is_saved_as_typed(world, client_for, language, typed, rate):
    client = in_language(client_for(world.users[Role.COORDINATOR]), language)
    response = client.post(reverse("plans:exchangerate_create"), {"currency": "EUR", "valid_from": "2026-01-01", "rate": typed})
    assert response.status_code == 302, response.context["form"].errors
    assert ExchangeRate.objects.get(municipality=world.home, currency="EUR").rate == Decimal(rate)


def test_an_english_date_input_reads_day_month_year(world, plan_data, client_for):
    client = in_language(client_for(world.users[Role.UNIT_EDITOR]), "en")
    response = client.post(reverse("plans:costline_create", args=[plan_data.school.pk]),
                           cost(world, estimated="1", rate_date="12/06/2026"))
    assert response.status_code == 302
    assert CostLine.objects.get(activity=plan_data.school, estimated=100).rate_date == datetime.date(2026, 6, 12)
