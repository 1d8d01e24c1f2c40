"""What the API shows of each record: the fields the pages show to the same user, nothing more.

Related records are given by id and only when the user may see them: a to-many list leaves them
out, a to-one field is null — never the id of a record that answers 404 (:class:`GatedSerializer`).
A field the gate restricts (a partnership's internal notes: administrators and coordinators) is
null for everyone else; named participants never appear here at all.
"""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from vanort.core.permissions import CHANGE, VIEW, hidden_fields, restrict, visible_pks
from vanort.places.models import City
from vanort.plans.models import (
    ActionPlan,
    Activity,
    ActivitySeries,
    CostLine,
    Milestone,
    Participation,
    VisitNotice,
)
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


class GatedSerializer(serializers.ModelSerializer):
    """A read serializer that asks the gate about every field it writes out: a restricted field the
    reader may not read is null, and so is a related record (by id) the reader may not see.

    The related ids of a whole page are checked together: one query per related model per page.
    """

    def build_relational_field(self, field_name, relation_info):
        field_class, kwargs = super().build_relational_field(field_name, relation_info)
        if not relation_info.to_many:
            kwargs["allow_null"] = True  # null when the reader may not see the record
        return field_class, kwargs

    def _related(self) -> dict[str, type]:
        model = self.Meta.model
        related = {}
        for name, bound in self.fields.items():
            if isinstance(bound, serializers.PrimaryKeyRelatedField):
                related[name] = model._meta.get_field(bound.source).related_model
        return related

    def _visible(self, instance) -> dict[str, set]:
        if not hasattr(self, "_visible_ids"):
            parent = self.parent
            rows = parent.instance if isinstance(parent, serializers.ListSerializer) and parent.instance is not None else [instance]
            rows = list(rows)
            user = user_of(self.context)
            self._visible_ids = {
                name: visible_pks(user, model, (getattr(row, model_field.attname) for row in rows))
                for name, model in self._related().items()
                for model_field in [self.Meta.model._meta.get_field(self.fields[name].source)]
            }
        return self._visible_ids

    def to_representation(self, instance):
        data = super().to_representation(instance)
        for name in hidden_fields(user_of(self.context), instance) & data.keys():
            data[name] = None
        for name, visible in self._visible(instance).items():
            if data.get(name) is not None and data[name] not in visible:
                data[name] = None
        return data


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


class OrganisationSerializer(GatedSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "municipality", "name", "name_sv", "name_en", "kind", "description", "website", "is_public", "version"]
        read_only_fields = fields


class PriorityAreaSerializer(GatedSerializer):
    class Meta:
        model = PriorityArea
        fields = ["id", "name", "description", "position", "is_active"]
        read_only_fields = fields


class TimelineEventSerializer(GatedSerializer):
    class Meta:
        model = TimelineEvent
        fields = ["id", "partnership", "date", "precision", "title", "description", "is_public", "version"]
        read_only_fields = fields


class PartnershipSerializer(GatedSerializer):
    partner_city = CitySummarySerializer(read_only=True)
    municipality_name = serializers.CharField(source="municipality.name", read_only=True)
    priority_areas = serializers.SerializerMethodField()
    internal_notes = serializers.CharField(
        read_only=True, allow_null=True, help_text="Only for the municipality's administrators and coordinators; null otherwise."
    )
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



class AgreementSerializer(GatedSerializer):
    class Meta:
        model = Agreement
        fields = [
            "id", "partnership", "title", "title_sv", "title_en", "parties", "signatories", "signed_on", "valid_from",
            "valid_until", "renewal_on", "decision_reference", "notes", "is_public", "archived_at", "archive_reason", "version",
        ]
        read_only_fields = fields


class NetworkSerializer(GatedSerializer):
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


class ActionPlanSerializer(GatedSerializer):
    class Meta:
        model = ActionPlan
        fields = [
            "id", "municipality", "partnership", "network", "title", "title_sv", "title_en", "description",
            "period_start", "period_end", "status", "is_public", "version",
        ]
        read_only_fields = fields


class ParticipationSerializer(GatedSerializer):
    """Numbers only: named participants (personal data) are never part of the API."""

    class Meta:
        model = Participation
        fields = ["activity", "total", "women", "men", "other_gender", "under_18", "age_18_29", "age_30_plus"]
        read_only_fields = fields


class NotesMixin(serializers.Serializer):
    """``notes``: in the response to a write, what the service said beyond the record (the view's ``notes``)."""

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_notes(self, obj) -> list[str]:
        return [str(note) for note in self.context.get("notes", {}).get(obj.pk, [])]


class ActivitySerializer(NotesMixin, GatedSerializer):
    priority_areas = serializers.SerializerMethodField()
    participating_organisations = serializers.SerializerMethodField()
    notes = serializers.SerializerMethodField(help_text=(
        "In the response to a write: what it did beyond the activity (a new series' occurrences, those put into the next plan "
        "or not created) and what is odd but allowed (dates outside the plan's period). Empty on reads."))

    class Meta:
        model = Activity
        fields = [
            "id", "municipality", "plan", "partnership", "network", "title", "title_sv", "title_en", "description",
            "description_sv", "description_en", "kind", "responsible_organisation", "participating_organisations",
            "priority_areas", "planned_start", "planned_end", "actual_start", "actual_end", "place", "status",
            "progress", "progress_from_milestones", "series", "goals", "indicators", "outcome", "benefit", "equality_marker",
            "equality_text", "is_public", "version", "created_at", "updated_at", "notes",
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
            "is_public", "version", "repeat", "repeat_interval", "repeat_months", "repeat_until", "repeat_count",
            "repeat_next_plan", "repeat_confirmed", "apply_to",
        ]
        extra_kwargs = {name: {"required": False} for name in fields}

    # A new series, as on the page's form: the form asks to confirm when dates fall outside the plan.
    repeat = serializers.ChoiceField(choices=ActivitySeries.Frequency.choices, required=False,
                                     help_text="Make the new activity the first of a series: yearly, monthly (every N months) or on given months.")
    repeat_interval = serializers.IntegerField(required=False, min_value=1, max_value=60, help_text="Every how many months or years.")
    repeat_months = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=12), required=False,
                                          help_text="The months (1–12), with repeat=months.")
    repeat_until = serializers.DateField(required=False, help_text="The series' last date (or give repeat_count).")
    repeat_count = serializers.IntegerField(required=False, min_value=2, help_text="The number of occurrences (or give repeat_until).")
    repeat_next_plan = serializers.BooleanField(required=False, help_text="Put occurrences after the plan's period into the next plan.")
    repeat_confirmed = serializers.BooleanField(
        required=False, help_text="Create the occurrences as the 400 answer listed them (dates in the plan, in the next plan, not created).")
    apply_to = serializers.ChoiceField(choices=["this", "following", "all"], required=False,
                                       help_text="On an occurrence of a series: the change goes to this one, this and the following, or all.")


class CostLineSerializer(GatedSerializer):
    class Meta:
        model = CostLine
        fields = [
            "id", "activity", "paying_organisation", "cost_type", "currency", "estimated", "actual", "rate_date",
            "estimated_home", "actual_home", "year", "note",
        ]
        read_only_fields = fields


class MilestoneSerializer(NotesMixin, GatedSerializer):
    notes = serializers.SerializerMethodField(help_text=(
        "In the response to a write: what is odd but allowed (a due date outside the activity's dates). Empty on reads."))

    class Meta:
        model = Milestone
        fields = ["id", "activity", "title", "due_on", "done_on", "responsible_organisation", "notes"]
        read_only_fields = fields


class MilestoneWriteSerializer(ScopedWriteSerializer):
    """The milestone form's fields (``milestone_save``: the activity's changer only; the activity's
    progress follows when it takes it from its milestones)."""

    activity = serializers.IntegerField(required=False, help_text="The activity (on create only; a milestone stays with it).")

    class Meta:
        model = Milestone
        fields = ["activity", "title", "due_on", "done_on", "responsible_organisation"]
        extra_kwargs = {name: {"required": False} for name in fields}


class VisitNoticeSerializer(GatedSerializer):
    class Meta:
        model = VisitNotice
        fields = [
            "id", "municipality", "organisation", "activity", "partnership", "direction", "travellers", "traveller_count",
            "starts_on", "ends_on", "place", "purpose", "status", "response", "responded_at", "report_due_on", "version",
        ]
        read_only_fields = fields
