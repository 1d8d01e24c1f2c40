"""Filters of the API-only lists (participation, cost lines, milestones); choice lists through the gate.

The other lists use their page's FilterSet unchanged (the activity one only gains a type hint for
the OpenAPI description)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from vanort.core.filters import ScopedFilterSet
from vanort.plans.filters import ActivityFilterSet
from vanort.plans.models import Activity, CostLine, Milestone, Participation
from vanort.tenancy.models import Organisation


class ParticipationFilterSet(ScopedFilterSet):
    activity = django_filters.ModelChoiceFilter(queryset=Activity.objects.all(), label=_("Activity"))

    class Meta:
        model = Participation
        fields = ["activity"]


class CostLineFilterSet(ScopedFilterSet):
    activity = django_filters.ModelChoiceFilter(queryset=Activity.objects.all(), label=_("Activity"))
    paying_organisation = django_filters.ModelChoiceFilter(queryset=Organisation.objects.all(), label=_("Paid by"))
    year = django_filters.NumberFilter(label=_("Year"), min_value=1900, max_value=2200)

    class Meta:
        model = CostLine
        fields = ["activity", "paying_organisation", "year"]


class MilestoneFilterSet(ScopedFilterSet):
    activity = django_filters.ModelChoiceFilter(queryset=Activity.objects.all(), label=_("Activity"))
    done = django_filters.BooleanFilter(field_name="done_on", lookup_expr="isnull", exclude=True, label=_("Done"))

    class Meta:
        model = Milestone
        fields = ["activity", "done"]


class ActivityApiFilterSet(ActivityFilterSet):
    """The activity list page's filters; ``organisation`` documented as an organisation id."""

    @extend_schema_field(OpenApiTypes.INT)
    def filter_organisation(self, queryset, name, value):
        return super().filter_organisation(queryset, name, value)
