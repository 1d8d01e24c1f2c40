import html
import re

from django import template
from django.db import models
from django.forms import BaseForm, BaseFormSet
from django.utils import formats
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
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


_TABLE_OPEN = re.compile(r"<table\b[^>]*>")
_LABELLED_BY = re.compile(r'aria-labelledby="([^"]+)"')
_CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.S)


class ScrollTableNode(template.Node):
    def __init__(self, nodelist, label):
        self.nodelist, self.label = nodelist, label

    def render(self, context):
        inner = self.nodelist.render(context)
        opening = _TABLE_OPEN.search(inner)
        labelled_by = _LABELLED_BY.search(opening.group(0)) if opening else None
        if labelled_by:
            name = format_html('aria-labelledby="{}"', labelled_by.group(1))
        else:
            caption = _CAPTION.search(inner)
            label = self.label.resolve(context) if self.label else None
            if not label:
                label = html.unescape(strip_tags(caption.group(1))).strip() if caption else _("Table")
            name = format_html('aria-label="{}"', label)
        return format_html('<div class="table-scroll" tabindex="0" role="region" {}>{}</div>', name, mark_safe(inner))  # noqa: S308


@register.tag
def scrolltable(parser, token):
    """``{% scrolltable ["label"] %}<table>…</table>{% endscrolltable %}`` — a table that scrolls
    sideways in its own keyboard-focusable region when it is wider than the screen, so the page
    itself never does (WCAG 1.4.10). The region is named like the table: by the element its
    ``aria-labelledby`` names, else by its caption, else by ``label``.
    """
    bits = token.split_contents()
    if len(bits) > 2:
        raise template.TemplateSyntaxError("scrolltable takes at most one label")
    nodelist = parser.parse(("endscrolltable",))
    parser.delete_first_token()
    return ScrollTableNode(nodelist, parser.compile_filter(bits[1]) if len(bits) == 2 else None)


@register.simple_tag(takes_context=True)
def error_prefix(context) -> str:
    """"Error: " before the page title when a submitted form on the page was refused, so that
    the first thing a screen reader announces after a failed submit says so (WCAG 3.3.1)."""
    for value in context.flatten().values():
        if isinstance(value, BaseForm | BaseFormSet) and value.is_bound and not value.is_valid():
            return _("Error:") + " "
    return ""


@register.simple_tag(takes_context=True)
def may_read(context, obj, name: str) -> bool:
    """``{% may_read object "internal_notes" as reads_notes %}`` — the gate's field question
    (:func:`vanort.core.permissions.may_read_field`) for the page's reader."""
    from vanort.core.permissions import may_read_field

    return may_read_field(context["request"].user, obj, name)
