"""What the API shows of each record: the fields the pages show to the same user, nothing more.

Related records are given by id and only when the user may see them (internal priority areas,
organisations etc. are left out, as on the pages). Internal text (a partnership's internal notes)
appears only for the municipality's readers; named participants never appear here at all.
"""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from vanort.core.permissions import CHANGE, VIEW, restrict, role_of
from vanort.core.roles import MUNICIPALITY_READERS
from vanort.places.models import City
from vanort.plans.models import ActionPlan, Activity, CostLine, Participation, VisitNotice
from vanort.registry.models import Agreement, Network, Partnership, PriorityArea, TimelineEvent
from vanort.tenancy.models import Organisation


def user_of(context):
    request = context.get("request")
    return getattr(request, "user", None)


def visible(manager_or_qs, user):
    """Prefetch-friendly: filter an already fetched relation in Python when it was prefetched."""
    return restrict(manager_or_qs.all(), user, VIEW)


def gated_prefetch(lookup: str, model, user) -> Prefetch:
    """A prefetch of a to-many relation holding only the rows ``user`` may see."""
    return Prefetch(lookup, queryset=restrict(model._default_manager.all(), user, VIEW))


class IdList(serializers.ListField):
    child = serializers.IntegerField()


def _ids(related) -> list[int]:
    return [obj.pk for obj in related.all()]


class CitySummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = City
        fields = ["id", "name", "country", "region", "latitude", "longitude"]


class CitySerializer(serializers.ModelSerializer):
    country_name = serializers.CharField(read_only=True)

    class Meta:
        model = City
        fields = [
            "id", "name", "alternate_names", "country", "country_name", "region", "population", "daytime_population",
            "latitude", "longitude", "time_zone", "profile", "profile_sv", "profile_en", "geonames_id", "source",
            "version", "created_at", "updated_at",
        ]
        read_only_fields = fields


class CityWriteSerializer(serializers.ModelSerializer):
    """The city form's fields; ``version`` is the version read (unless If-Match is sent)."""

    version = serializers.IntegerField(required=False, min_value=1, help_text="The version you read (when not sending If-Match).")

    class Meta:
        model = City
        fields = [
            "name", "alternate_names", "country", "region", "population", "daytime_population",
            "latitude", "longitude", "time_zone", "profile_sv", "profile_en", "version",
        ]
        extra_kwargs = {name: {"required": False} for name in fields}


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "municipality", "name", "name_sv", "name_en", "kind", "description", "website", "is_public", "version"]
        read_only_fields = fields


class PriorityAreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = PriorityArea
        fields = ["id", "name", "description", "position", "is_active"]
        read_only_fields = fields


class TimelineEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = TimelineEvent
        fields = ["id", "partnership", "date", "precision", "title", "description", "is_public", "version"]
        read_only_fields = fields


class PartnershipSerializer(serializers.ModelSerializer):
    partner_city = CitySummarySerializer(read_only=True)
    municipality_name = serializers.CharField(source="municipality.name", read_only=True)
    priority_areas = serializers.SerializerMethodField()
    internal_notes = serializers.SerializerMethodField(help_text="Only for the municipality's own readers; null otherwise.")

    class Meta:
        model = Partnership
        fields = [
            "id", "municipality", "municipality_name", "partner_city", "category", "status", "start_year", "ended_on",
            "end_reason", "summary", "summary_sv", "summary_en", "priority_areas", "internal_notes", "is_public", "version",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_priority_areas(self, obj) -> list[int]:
        return _ids(obj.priority_areas)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_internal_notes(self, obj):
        user = user_of(self.context)
        if role_of(user) in MUNICIPALITY_READERS and user.municipality_id == obj.municipality_id:
            return obj.internal_notes
        return None


class AgreementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Agreement
        fields = [
            "id", "partnership", "title", "title_sv", "title_en", "parties", "signatories", "signed_on", "valid_from",
            "valid_until", "renewal_on", "decision_reference", "notes", "is_public", "archived_at", "archive_reason", "version",
        ]
        read_only_fields = fields


class NetworkSerializer(serializers.ModelSerializer):
    member_cities = serializers.SerializerMethodField()
    priority_areas = serializers.SerializerMethodField()
    organisations = serializers.SerializerMethodField()

    class Meta:
        model = Network
        fields = [
            "id", "municipality", "name", "description", "home_role", "founded_year", "website", "member_cities",
            "priority_areas", "organisations", "is_public", "version",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_member_cities(self, obj) -> list[int]:
        return _ids(obj.member_cities)

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_priority_areas(self, obj) -> list[int]:
        return _ids(obj.priority_areas)

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_organisations(self, obj) -> list[int]:
        return _ids(obj.organisations)


class ActionPlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActionPlan
        fields = [
            "id", "municipality", "partnership", "network", "title", "title_sv", "title_en", "description",
            "period_start", "period_end", "status", "is_public", "version",
        ]
        read_only_fields = fields


class ParticipationSerializer(serializers.ModelSerializer):
    """Numbers only: named participants (personal data) are never part of the API."""

    class Meta:
        model = Participation
        fields = ["activity", "total", "women", "men", "other_gender", "under_18", "age_18_29", "age_30_plus"]
        read_only_fields = fields


class ActivitySerializer(serializers.ModelSerializer):
    priority_areas = serializers.SerializerMethodField()
    participating_organisations = serializers.SerializerMethodField()

    class Meta:
        model = Activity
        fields = [
            "id", "municipality", "plan", "partnership", "network", "title", "title_sv", "title_en", "description",
            "description_sv", "description_en", "kind", "responsible_organisation", "participating_organisations",
            "priority_areas", "planned_start", "planned_end", "actual_start", "actual_end", "place", "status",
            "progress", "progress_from_milestones", "series", "goals", "indicators", "outcome", "benefit", "equality_marker",
            "equality_text", "is_public", "version", "created_at", "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_priority_areas(self, obj) -> list[int]:
        return _ids(obj.priority_areas)

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_participating_organisations(self, obj) -> list[int]:
        return _ids(obj.participating_organisations)


class ScopedWriteSerializer(serializers.ModelSerializer):
    """Choice fields limited by the gate, as on the page's form (``parent_fields`` need CHANGE)."""

    parent_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = user_of(self.context)
        for name, field in self.fields.items():
            target = getattr(field, "child_relation", field)
            queryset = getattr(target, "queryset", None)
            if queryset is not None and hasattr(queryset.model, "scope"):
                target.queryset = restrict(queryset, user, CHANGE if name in self.parent_fields else VIEW)


class ActivityWriteSerializer(ScopedWriteSerializer):
    """The activity form's fields. The form's and the service's rules apply (``activity_save``):
    at least one priority area, the equality consideration before planning, an outcome when done,
    partners only propose, only coordinators choose the action plan."""

    parent_fields = ("responsible_organisation",)
    version = serializers.IntegerField(required=False, min_value=1, help_text="The version you read (when not sending If-Match).")

    class Meta:
        model = Activity
        fields = [
            "plan", "partnership", "network", "title_sv", "title_en", "description_sv", "description_en",
            "kind", "responsible_organisation", "participating_organisations", "priority_areas",
            "planned_start", "planned_end", "actual_start", "actual_end", "place", "status", "progress",
            "progress_from_milestones", "goals", "indicators", "outcome", "benefit", "equality_marker", "equality_text",
            "is_public", "version",
        ]
        extra_kwargs = {name: {"required": False} for name in fields}


class CostLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = CostLine
        fields = [
            "id", "activity", "paying_organisation", "cost_type", "currency", "estimated", "actual", "rate_date",
            "estimated_home", "actual_home", "year", "note",
        ]
        read_only_fields = fields


class VisitNoticeSerializer(serializers.ModelSerializer):
    class Meta:
        model = VisitNotice
        fields = [
            "id", "municipality", "organisation", "activity", "partnership", "direction", "travellers", "traveller_count",
            "starts_on", "ends_on", "place", "purpose", "status", "response", "responded_at", "report_due_on", "version",
        ]
        read_only_fields = fields
