"""Shared pieces of the filter sets that serve list pages (and, later, the API)."""

import django_filters
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vanort.core.permissions import VIEW, restrict
from vanort.core.widgets import lean_selects


class ScopedFilterSet(django_filters.FilterSet):
    """A filter set whose choice lists pass through the permission gate, with free-text search.

    ``search_fields`` name the lookups that ``q`` searches (case-insensitive contains).
    """

    search_fields: tuple[str, ...] = ()
    q = django_filters.CharFilter(label=_("Search"), method="search")

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        for field in self.form.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and hasattr(queryset.model, "scope"):
                field.queryset = restrict(queryset, user, VIEW)
        for name, declared in self.filters.items():
            # A year lookup turns the value into a date: past year 9999 that fails in Python (a 500).
            if str(declared.field_name).endswith("__year") and name in self.form.fields:
                self.form.fields[name].validators += [MinValueValidator(1), MaxValueValidator(9999)]
        lean_selects(self.form)

    def search(self, queryset, name, value):
        value = value.strip()[:200]
        if not value or not self.search_fields:
            return queryset
        condition = Q()
        for lookup in self.search_fields:
            condition |= Q(**{f"{lookup}__icontains": value})
        return queryset.filter(condition)
