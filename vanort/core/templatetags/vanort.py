from django import template
from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _

register = template.Library()


def resolve(obj, path: str):
    value = obj
    for part in path.split("."):
        if value is None:
            return None
        display = getattr(value, f"get_{part}_display", None)
        value = display() if callable(display) else getattr(value, part, None)
        if callable(value) and not isinstance(value, models.Manager):
            value = value()
    return value


@register.filter
def attr(obj, path: str):
    """``{{ row|attr:"partner_city.name" }}`` — an attribute path, with choices shown by label."""
    return show(resolve(obj, path))


@register.filter
def show(value):
    """A value as a person reads it: yes/no, localised dates and numbers, lists joined."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, (models.Manager, models.QuerySet)):
        items = list(value.all())
        return ", ".join(str(item) for item in items) if items else "–"
    if hasattr(value, "isoformat") or isinstance(value, (int, float)):
        return formats.localize(value, use_l10n=True)
    return value


@register.filter
def field_value(obj, name: str):
    return show(resolve(obj, name))


@register.simple_tag
def sort_link(query: str, current: str, key: str) -> str:
    """The query string that sorts by ``key``, flipping direction when already sorted by it."""
    from django.http import QueryDict

    params = QueryDict(query, mutable=True)
    params["sort"] = f"-{key}" if current == key else key
    return "?" + params.urlencode()


@register.simple_tag
def page_link(query: str, number: int) -> str:
    return f"?{query}&page={number}" if query else f"?page={number}"
