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


class ArchivableFilterSet(ScopedFilterSet):
    """The filter set of a public record: archived records are left out unless asked for."""

    CURRENT, ARCHIVED, ALL = "", "archived", "all"
    archived = django_filters.ChoiceFilter(
        label=_("Archived records"),
        method="keep",
        empty_label=_("Not archived"),
        choices=[(ARCHIVED, _("Archived only")), (ALL, _("Archived and not archived"))],
    )

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        choice = (data or {}).get("archived", self.CURRENT)
        if choice == self.ARCHIVED:
            self.queryset = self.queryset.filter(archived_at__isnull=False)
        elif choice != self.ALL:  # an invalid value also fails the form's validation
            self.queryset = self.queryset.filter(archived_at__isnull=True)

    def keep(self, queryset, name, value):
        return queryset  # applied in __init__, so that the default (no value) leaves archived records out
