from django import template
from django.utils.safestring import mark_safe

from vanort.publishing.sanitize import clean_html

register = template.Library()


@register.filter
def rich_text(value):
    """Rich text through the allow-list, then safe to show (stored text is cleaned too: belt and braces)."""
    return mark_safe(clean_html(value))  # noqa: S308 — cleaned by the allow-list just above


@register.simple_tag
def public_municipalities():
    """The municipalities that have public pages (for the start page's links)."""
    from vanort.publishing.selectors import municipalities

    return municipalities()
