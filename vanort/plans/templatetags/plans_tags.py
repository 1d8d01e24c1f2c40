"""Showing money: integer minor units as a localised amount with its currency."""

from decimal import Decimal

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def money(minor, currency: str = "SEK"):
    """``{{ line.estimated|money:line.currency }}`` — 123450 → "1 234,50 SEK"; None → "–"."""
    if minor is None or minor == "":
        return "–"
    amount = Decimal(int(minor)) / 100
    text = formats.number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)
    return f"{text}\u00a0{currency}" if currency else text


@register.filter
def percent(value):
    """An average progress (Decimal, float or None) as a whole percentage."""
    if value is None:
        return "–"
    return f"{round(value)}\u00a0%"
