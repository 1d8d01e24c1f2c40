"""Money: exact integer minor units, converted at the rate valid on a date, never pooled."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import formats
from django.utils.translation import gettext as _

from vanort.core.batching import Deferred
from vanort.core.history import recreated
from vanort.core.permissions import CHANGE, can, can_add, check_values, refused_values
from vanort.plans.models import Activity, CostAreaSummary, CostLine, CostSummary, ExchangeRate
from vanort.tenancy.models import Organisation


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
             % {"currency": currency, "date": formats.date_format(on, "SHORT_DATE_FORMAT")}}
        )
    return rate.rate


def convert(amount: int | None, rate: Decimal) -> int | None:
    if amount is None:
        return None
    return int((Decimal(amount) * rate).quantize(Decimal("1"), rounding=ROUND_HALF_EVEN))


def cost_line_save(line: CostLine, *, by) -> CostLine:
    """Fill the tenant, year and home-currency amounts, validate and save in one transaction.

    ``by``: who saves it; a unit editor or partner records only lines its own organisation pays,
    new payer and old alike (the gate's rule on :attr:`CostLine.scope`); ``None`` for the demo."""
    check_values(line, by=by)
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
        _lock_activities([activity.pk])
        slices = {(line.year, line.paying_organisation_id)}
        if line.pk is not None:
            slices |= set(CostLine.objects.filter(pk=line.pk).values_list("year", "paying_organisation"))
        line.save()
        refresh_cost_summary(line.municipality_id, slices)
    return line


def cost_line_delete(*, line: CostLine, by) -> None:
    """Delete one cost line (the page's delete): ``by`` must be able to change the activity and the
    line (its own organisation's, or any for the office). The deletion stays in the activity's
    history with the line's values, and can be restored from there (:func:`cost_line_restore`)."""
    if by is not None and not (can(by, CHANGE, line.activity) and can(by, CHANGE, line)):
        raise PermissionDenied
    with transaction.atomic():
        _lock_activities([line.activity_id])
        slices = {(line.year, line.paying_organisation_id)}
        if by is not None:
            line._history_user = by
        line.delete()
        refresh_cost_summary(line.municipality_id, slices)


def may_restore_cost_lines(user, activity) -> bool:
    """Whether ``user`` may restore deleted cost lines of ``activity``: whoever may add one there
    (the line's payer is then checked as on adding it)."""
    return can_add(user, CostLine) and can(user, CHANGE, activity)


def may_give_cost_line(user, historical) -> bool:
    """Whether ``user`` may give the values of this deleted cost line (its payer: a unit editor's
    or partner's own organisation; the gate's value rule, no query)."""
    return not refused_values(user, historical.instance, None)


def cost_line_restore(*, historical, by) -> CostLine:
    """Re-create a deleted cost line from its deletion in the history (``historical``), as it was
    — under its own number, converted at the rate of its rate date — by someone who may add it:
    one who may add lines to the activity, and that line (its payer) in particular."""
    if by is not None and not (may_restore_cost_lines(by, historical.activity) and may_give_cost_line(by, historical)):
        raise PermissionDenied
    return cost_line_save(recreated(historical), by=by)


def cost_lines_delete(lines) -> int:
    """Delete the cost lines of the queryset ``lines`` and bring the summaries up to date."""
    with transaction.atomic():
        found = list(lines.order_by().values_list("municipality", "year", "paying_organisation", "activity").distinct())
        _lock_activities({activity for _m, _y, _p, activity in found})
        count, _by_model = CostLine.objects.filter(pk__in=list(lines.values_list("pk", flat=True))).delete()
        for municipality in {m for m, _y, _p, _a in found}:
            refresh_cost_summary(municipality, {(y, p) for m, y, p, _a in found if m == municipality})
    return count


def refresh_activity_costs(activity) -> None:
    """After an activity's plan, partnership or priority areas change: re-sum the summaries its
    cost lines count in. Call inside the transaction that changed the activity."""
    slices = set(CostLine.objects.filter(activity=activity.pk).values_list("year", "paying_organisation").distinct())
    if slices:
        refresh_cost_summary(activity.municipality_id, slices)


def _lock_activities(ids) -> None:
    """Serialise summary upkeep per activity (a no-op on SQLite, which writes one at a time)."""
    ids = sorted(set(ids))
    if ids:
        list(Activity.objects.select_for_update(no_key=True).filter(pk__in=ids).order_by("pk").values_list("pk"))


# The summaries -----------------------------------------------------------------------------------

SUMMARY_KEYS = ("year", "paying_organisation", "cost_type", "activity__plan", "activity__partnership")
AREA_SUMMARY_KEYS = ("year", "paying_organisation", "activity__priority_areas", "activity__plan", "activity__partnership")


def _sums(lines, keys):
    return (lines.order_by().values(*keys)
            .annotate(n=Count("pk"), est=Sum("estimated_home"), act=Sum("actual_home")).order_by())


def _summary_rows(municipality_id, lines):
    rows = [
        CostSummary(municipality_id=municipality_id, year=row["year"], paying_organisation_id=row["paying_organisation"],
                    cost_type=row["cost_type"], plan_id=row["activity__plan"], partnership_id=row["activity__partnership"],
                    lines=row["n"], estimated=row["est"] or 0, actual=row["act"])
        for row in _sums(lines, SUMMARY_KEYS)
    ]
    area_rows = [
        CostAreaSummary(municipality_id=municipality_id, year=row["year"], paying_organisation_id=row["paying_organisation"],
                        area_id=row["activity__priority_areas"], plan_id=row["activity__plan"],
                        partnership_id=row["activity__partnership"], lines=row["n"], estimated=row["est"] or 0, actual=row["act"])
        for row in _sums(lines, AREA_SUMMARY_KEYS)
    ]
    return rows, area_rows


def refresh_cost_summary(municipality_id: int, slices) -> None:
    """Re-sum the summary rows of ``slices`` — (year, paying organisation) pairs — from the cost
    lines: now, or inside a :func:`vanort.core.batching.batch` once at its end."""
    _summaries(municipality_id, slices)


def _refresh_now(municipality_id: int, slices) -> None:
    """Re-sum the summary rows of ``slices`` from the cost lines.

    A slice is small (one payer's lines of one year) and found through the tenant-first index, so
    this costs a few milliseconds. The paying organisations are locked first (in a fixed order) so
    two transactions re-summing the same slice run one after the other on PostgreSQL.
    """
    slices = {(year, payer) for year, payer in slices if year is not None and payer is not None}
    if not slices:
        return
    with transaction.atomic():
        payers = sorted({payer for _year, payer in slices})
        list(Organisation.objects.select_for_update(no_key=True).filter(pk__in=payers).order_by("pk").values_list("pk"))
        by_year: dict[int, set[int]] = {}
        for year, payer in slices:
            by_year.setdefault(year, set()).add(payer)
        where = Q()
        for year, year_payers in sorted(by_year.items()):
            where |= Q(year=year, paying_organisation__in=sorted(year_payers))
        CostSummary.objects.filter(where, municipality_id=municipality_id).delete()
        CostAreaSummary.objects.filter(where, municipality_id=municipality_id).delete()
        rows, area_rows = _summary_rows(municipality_id, CostLine.objects.filter(where, municipality_id=municipality_id))
        CostSummary.objects.bulk_create(rows, batch_size=500)
        CostAreaSummary.objects.bulk_create(area_rows, batch_size=500)


_summaries = Deferred(_refresh_now)


def rebuild_cost_summary(municipality_id: int | None = None) -> None:
    """Re-sum every summary row (of one municipality, or of all) from the cost lines."""
    with transaction.atomic():
        municipalities = ([municipality_id] if municipality_id is not None else
                          list(CostLine.objects.order_by().values_list("municipality", flat=True).distinct()))
        summaries = CostSummary.objects.all()
        area_summaries = CostAreaSummary.objects.all()
        if municipality_id is not None:
            summaries = summaries.filter(municipality_id=municipality_id)
            area_summaries = area_summaries.filter(municipality_id=municipality_id)
        summaries.delete()
        area_summaries.delete()
        for municipality in municipalities:
            rows, area_rows = _summary_rows(municipality, CostLine.objects.filter(municipality_id=municipality))
            CostSummary.objects.bulk_create(rows, batch_size=2000)
            CostAreaSummary.objects.bulk_create(area_rows, batch_size=2000)


def cost_totals(costs, *group_by: str):
    """Estimated and actual totals in home-currency minor units, grouped in the database."""
    return (
        costs.order_by()
        .values(*group_by)
        .annotate(estimated=Sum("estimated_home"), actual=Sum("actual_home", filter=Q(actual_home__isnull=False)))
        .order_by(*group_by)
    )


def summary_totals(summaries, *group_by: str):
    """:func:`cost_totals` read from :class:`CostSummary` or :class:`CostAreaSummary` rows."""
    return (
        summaries.order_by()
        .values(*group_by)
        .annotate(estimated=Sum("estimated"), actual=Sum("actual"))
        .order_by(*group_by)
    )
