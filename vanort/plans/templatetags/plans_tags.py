"""Showing money: integer minor units as a localised amount with its currency."""

import functools
from decimal import Decimal
from html import escape

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import formats, translation
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def money(minor, currency: str = "SEK"):
    """``{{ line.estimated|money:line.currency }}`` — 123450 → "1 234,50 SEK"; None → "–"."""
    if minor is None or minor == "":
        return "–"
    return _cached_formatter(translation.get_language(), currency)(minor)


@functools.lru_cache(maxsize=64)
def _cached_formatter(language, currency):
    return money_formatter(currency)


@receiver(setting_changed)
def _forget_formats(**kwargs):
    _cached_formatter.cache_clear()


def money_formatter(currency: str = "SEK"):
    """A function formatting many amounts as :func:`money` does, looking up the locale's
    separators once (pages with thousands of amounts render them in a fraction of the time)."""
    decimal_sep = formats.get_format("DECIMAL_SEPARATOR", use_l10n=True)
    thousand_sep = formats.get_format("THOUSAND_SEPARATOR", use_l10n=True)
    grouping = formats.get_format("NUMBER_GROUPING", use_l10n=True)
    suffix = f"\u00a0{currency}" if currency else ""

    def slow(minor):
        amount = Decimal(int(minor)) / 100
        return formats.number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True) + suffix

    def fast(minor):
        if minor is None or minor == "":
            return "–"
        minor = int(minor)
        if minor < 0:
            return slow(minor)
        whole, cents = divmod(minor, 100)
        return f"{whole:,}".replace(",", thousand_sep) + f"{decimal_sep}{cents:02d}{suffix}"

    if grouping != 3:
        return lambda minor: "–" if minor is None or minor == "" else slow(minor)
    return fast


@register.filter
def percent(value):
    """An average progress (Decimal, float or None) as a whole percentage."""
    if value is None:
        return "–"
    return f"{round(value)}\u00a0%"


@register.simple_tag
def activity_rows(activities, user=None):
    """The rows of the activity list, written out in Python (the generic column loop cost more
    than the list's SQL). The same cells as ``ActivityResource.columns``, in that order.

    A public activity may belong to an internal plan or organisation: names the gate hides are
    shown as "–" (two queries per page)."""
    from vanort.core.permissions import visible_pks
    from vanort.core.templatetags.vanort import show
    from vanort.plans.models import ActionPlan, Activity
    from vanort.tenancy.models import Organisation

    activities = list(activities)
    org_ids = {a.responsible_organisation_id for a in activities}
    plan_ids = {a.plan_id for a in activities if a.plan_id}
    # One municipality's activities name that municipality's plans and organisations.
    municipalities = {a.municipality_id for a in activities}
    home = municipalities.pop() if len(municipalities) == 1 else None
    hidden_orgs = org_ids - visible_pks(user, Organisation, org_ids, municipality_id=home)
    hidden_plans = plan_ids - visible_pks(user, ActionPlan, plan_ids, municipality_id=home)
    kinds = {key: escape(str(label)) for key, label in Activity.Kind.choices}
    statuses = {key: escape(str(label)) for key, label in Activity.Status.choices}
    rows = []
    for activity in activities:
        organisation = None if activity.responsible_organisation_id in hidden_orgs else activity.responsible_organisation
        plan = None if activity.plan_id in hidden_plans else activity.plan
        rows.append(
            f'<tr><td><a href="{escape(activity.get_absolute_url())}">{escape(str(show(activity.title)))}</a></td>'
            f"<td>{kinds.get(activity.kind, escape(activity.kind))}</td>"
            f"<td>{escape(str(show(organisation)))}</td>"
            f"<td>{escape(str(show(activity.planned_start)))}</td>"
            f"<td>{statuses.get(activity.status, escape(activity.status))}</td>"
            f"<td>{escape(str(show(activity.progress)))}</td>"
            f"<td>{escape(str(show(plan)))}</td></tr>"
        )
    return mark_safe("".join(rows))  # noqa: S308  (every value is escaped above)
