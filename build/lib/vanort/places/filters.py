import django_filters
from django.utils.translation import gettext_lazy as _

from vanort.core.filters import ScopedFilterSet
from vanort.places.models import City


class CityFilterSet(ScopedFilterSet):
    search_fields = ("name", "alternate_names", "region")
    country = django_filters.CharFilter(lookup_expr="iexact", label=_("Country code"))

    class Meta:
        model = City
        fields = ["q", "country"]
