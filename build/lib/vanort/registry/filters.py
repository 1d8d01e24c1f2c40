import django_filters
from django.utils.translation import gettext_lazy as _

from vanort.core.filters import ArchivableFilterSet, ScopedFilterSet
from vanort.registry.models import Agreement, Network, Partnership, PriorityArea, TimelineEvent


class PartnershipFilterSet(ScopedFilterSet):
    search_fields = ("partner_city__name", "partner_city__alternate_names", "summary_sv", "summary_en")
    category = django_filters.ChoiceFilter(choices=Partnership.Category.choices, label=_("Category"))
    status = django_filters.ChoiceFilter(choices=Partnership.Status.choices, label=_("Status"))
    priority_areas = django_filters.ModelChoiceFilter(queryset=PriorityArea.objects.all(), label=_("Priority area"))
    country = django_filters.CharFilter(field_name="partner_city__country", lookup_expr="iexact", label=_("Country code"))

    class Meta:
        model = Partnership
        fields = ["q", "category", "status", "priority_areas", "country"]


class AgreementFilterSet(ArchivableFilterSet):
    search_fields = ("title_sv", "title_en", "parties", "signatories", "decision_reference")
    partnership = django_filters.ModelChoiceFilter(queryset=Partnership.objects.select_related("partner_city", "municipality"), label=_("Partnership"))
    renewal_before = django_filters.DateFilter(field_name="renewal_on", lookup_expr="lte", label=_("Renewal due by"))

    class Meta:
        model = Agreement
        fields = ["q", "partnership", "renewal_before", "archived"]


class NetworkFilterSet(ScopedFilterSet):
    search_fields = ("name_sv", "name_en", "description_sv", "description_en")

    class Meta:
        model = Network
        fields = ["q"]


class PriorityAreaFilterSet(ScopedFilterSet):
    search_fields = ("name_sv", "name_en")

    class Meta:
        model = PriorityArea
        fields = ["q", "is_active"]


class TimelineEventFilterSet(ScopedFilterSet):
    search_fields = ("title_sv", "title_en", "description_sv", "description_en")
    partnership = django_filters.ModelChoiceFilter(queryset=Partnership.objects.select_related("partner_city", "municipality"), label=_("Partnership"))
    year = django_filters.NumberFilter(field_name="date__year", label=_("Year"), min_value=1000, max_value=3000)

    class Meta:
        model = TimelineEvent
        fields = ["q", "partnership", "year"]
