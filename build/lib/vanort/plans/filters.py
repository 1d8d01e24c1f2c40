"""The activity filters: one FilterSet for the list page, the exports and (later) the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vanort.core.filters import ScopedFilterSet
from vanort.plans.models import ActionPlan, Activity, VisitNotice
from vanort.registry.models import Network, Partnership, PriorityArea
from vanort.tenancy.models import Organisation


class ActivityFilterSet(ScopedFilterSet):
    search_fields = ("title_sv", "title_en", "description_sv", "description_en", "place", "goals", "outcome")
    partnership = django_filters.ModelChoiceFilter(
        queryset=Partnership.objects.select_related("partner_city", "municipality"), label=_("Partnership")
    )
    network = django_filters.ModelChoiceFilter(queryset=Network.objects.all(), label=_("Network"))
    plan = django_filters.ModelChoiceFilter(queryset=ActionPlan.objects.all(), label=_("Action plan"))
    area = django_filters.ModelChoiceFilter(field_name="priority_areas", queryset=PriorityArea.objects.all(), label=_("Priority area"))
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), label=_("Organisation"), method="filter_organisation"
    )
    kind = django_filters.ChoiceFilter(choices=Activity.Kind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=Activity.Status.choices, label=_("Status"))
    marker = django_filters.ChoiceFilter(field_name="equality_marker", choices=Activity.Marker.choices, label=_("Democracy and gender-equality marker"))
    year = django_filters.NumberFilter(field_name="planned_start__year", label=_("Year"), min_value=1900, max_value=2200)
    starts_after = django_filters.DateFilter(field_name="planned_start", lookup_expr="gte", label=_("Starts on or after"))
    ends_before = django_filters.DateFilter(field_name="planned_end", lookup_expr="lte", label=_("Ends on or before"))

    class Meta:
        model = Activity
        fields = ["q", "partnership", "network", "plan", "area", "organisation", "kind", "status", "marker", "year", "starts_after", "ends_before"]

    def filter_organisation(self, queryset, name, value):
        """Responsible for, or taking part in, the activity."""
        return queryset.filter(Q(responsible_organisation=value) | Q(participating_organisations=value)).distinct()


class VisitNoticeFilterSet(ScopedFilterSet):
    search_fields = ("travellers", "purpose", "place")
    status = django_filters.ChoiceFilter(choices=VisitNotice.Status.choices, label=_("Status"))
    direction = django_filters.ChoiceFilter(choices=VisitNotice.Direction.choices, label=_("Direction"))
    organisation = django_filters.ModelChoiceFilter(queryset=Organisation.objects.all(), label=_("Organisation"))

    class Meta:
        model = VisitNotice
        fields = ["q", "status", "direction", "organisation"]
