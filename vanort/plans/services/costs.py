"""Money: exact integer minor units, converted at the rate valid on a date, never pooled."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from vanort.plans.models import CostLine, ExchangeRate


def parse_amount(text: str | int | Decimal | None) -> int | None:
    """'1 234,50' / '1234.5' / Decimal → minor units (123450). Empty → None."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    if isinstance(text, int):
        return text * 100
    try:
        raw = text if isinstance(text, Decimal) else Decimal(str(text).replace("\u00a0", "").replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise ValidationError(_("“%(value)s” is not an amount.") % {"value": text}, code="amount") from None
    if not raw.is_finite() or raw < 0 or raw >= Decimal("1e13"):
        raise ValidationError(_("“%(value)s” is not an amount between 0 and 10,000,000,000,000.") % {"value": text}, code="amount")
    return int((raw * 100).quantize(Decimal("1"), rounding=ROUND_HALF_EVEN))


def rate_for(*, municipality, currency: str, on) -> Decimal:
    if currency == municipality.currency:
        return Decimal(1)
    rate = ExchangeRate.objects.filter(municipality=municipality, currency=currency, valid_from__lte=on).order_by("-valid_from").first()
    if rate is None:
        raise ValidationError(
            {"currency": _("There is no exchange rate for %(currency)s valid on %(date)s; a coordinator must add one first.")
             % {"currency": currency, "date": on.isoformat()}}
        )
    return rate.rate


def convert(amount: int | None, rate: Decimal) -> int | None:
    if amount is None:
        return None
    return int((Decimal(amount) * rate).quantize(Decimal("1"), rounding=ROUND_HALF_EVEN))


def cost_line_save(line: CostLine) -> CostLine:
    """Fill the tenant, year and home-currency amounts, validate and save in one transaction."""
    activity = line.activity
    line.municipality_id = activity.municipality_id
    line.currency = (line.currency or activity.municipality.currency).upper()
    if line.rate_date is None:
        line.rate_date = activity.actual_start or activity.planned_start
    if line.rate_date is None:
        raise ValidationError({"rate_date": _("Give the date whose exchange rate applies (or plan the activity's dates first).")})
    line.year = line.rate_date.year
    rate = rate_for(municipality=activity.municipality, currency=line.currency, on=line.rate_date)
    line.estimated_home = convert(line.estimated, rate)
    line.actual_home = convert(line.actual, rate)
    line.full_clean()
    with transaction.atomic():
        line.save()
    return line


def cost_totals(costs, *group_by: str):
    """Estimated and actual totals in home-currency minor units, grouped in the database."""
    return (
        costs.order_by()
        .values(*group_by)
        .annotate(estimated=Sum("estimated_home"), actual=Sum("actual_home", filter=Q(actual_home__isnull=False)))
        .order_by(*group_by)
    )
