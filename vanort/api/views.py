"""The REST API: the pages' gate, filters, forms and services behind JSON.

Every viewset's queryset is ``restrict(…, VIEW)`` for the request's user (session or token), its
filters are the list page's FilterSet, and writes go through the page's form and the same service,
so a rule holds at every door.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed, NotFound
from rest_framework.response import Response
from rest_framework.settings import api_settings

from vanort.api import filters as api_filters
from vanort.api import serializers as s
from vanort.api.conditional import etag_for, if_match, none_match
from vanort.api.errors import Conflict, PreconditionFailed, PreconditionRequired, field_errors
from vanort.core.archival import PUBLIC_RECORD_EXPLANATION
from vanort.core.permissions import VIEW, restrict
from vanort.core.versioning import ConflictError, save_versioned
from vanort.places.forms import CityForm
from vanort.places.models import City
from vanort.places.views import CityResource
from vanort.plans.forms import ActivityForm, MilestoneForm
from vanort.plans.models import (
    ActionPlan,
    Activity,
    CostLine,
    Milestone,
    Participation,
    VisitNotice,
)
from vanort.plans.services.milestones import milestone_delete, milestone_save
from vanort.plans.views.plans import ActionPlanFilterSet
from vanort.plans.views.visits import VisitNoticeListFilterSet
from vanort.registry import filters as registry_filters
from vanort.registry.models import Agreement, Network, Partnership, PriorityArea, TimelineEvent
from vanort.tenancy.filters import OrganisationFilterSet
from vanort.tenancy.models import Organisation

IF_MATCH = OpenApiParameter(
    "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description="The ETag you read; a stale one answers 412 and nothing is written. "
    "Without it, send the version you read in the body's `version` (stale: 409).",
)
IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description="The ETag you hold; unchanged answers 304 without a body.",
)
ERROR = OpenApiResponse(OpenApiTypes.OBJECT, description="Structured error: `{field: [messages]}` or `{detail: message}`.")
READ_ERRORS = {304: OpenApiResponse(description="Not modified (If-None-Match)."), 404: ERROR}
WRITE_ERRORS = {
    400: ERROR, 401: ERROR, 403: ERROR, 404: ERROR,
    409: OpenApiResponse(OpenApiTypes.OBJECT, description="The body's `version` is stale: nothing was written."),
    412: OpenApiResponse(OpenApiTypes.OBJECT, description="If-Match does not match the current ETag: nothing was written."),
    428: OpenApiResponse(OpenApiTypes.OBJECT, description="Neither If-Match nor `version` was sent."),
}


class GatedViewSet(viewsets.GenericViewSet):
    """A viewset whose rows pass through the gate; detail reads carry an ETag."""

    model = None
    select_related: tuple[str, ...] = ()
    prefetch: tuple[tuple[str, object], ...] = ()  # (lookup, related model): gated prefetches
    ordering: tuple[str, ...] = ("pk",)
    authenticated_only = False

    def get_queryset(self):
        queryset = self.model._default_manager.all()
        if getattr(self, "swagger_fake_view", False):
            return queryset.none()
        user = self.request.user
        queryset = restrict(queryset, user, VIEW)
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        for lookup, model in self.prefetch:
            queryset = queryset.prefetch_related(s.gated_prefetch(lookup, model, user))
        return queryset.order_by(*self.ordering, "pk")

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        etag = etag_for(obj)
        if none_match(request, etag):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        response = Response(self.get_serializer(obj).data)
        if etag:
            response["ETag"] = etag
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # The body depends on the language and on who asks.
        response.headers.setdefault("Vary", "Accept-Language, Authorization, Cookie")
        return response


class NotesContextMixin:
    """What a write's service said (a series' dates, dates outside the plan or the activity): the response's ``notes``."""

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "notes": getattr(self, "notes", {})}


class ReadOnlyGatedViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, GatedViewSet):
    pass


class PublicRecordViewSetMixin:
    """A public record: lists leave archived ones out unless ``?archived=`` asks, a record itself
    stays readable when archived, and DELETE is refused with the reason (405)."""

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def http_method_not_allowed(self, request, *args, **kwargs):
        if request.method == "DELETE":
            raise MethodNotAllowed(request.method, detail=str(PUBLIC_RECORD_EXPLANATION))
        return super().http_method_not_allowed(request, *args, **kwargs)


class FormWriteMixin:
    """Create and update through the page's form and service.

    The write serializer checks types and the gate's choice lists; the form then gets the stored
    values overlaid with the request's (so PATCH changes only what is sent) and applies the page's
    rules; ``save`` calls the same service the page does.
    """

    write_serializer_class = None
    form_class = None
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return self.write_serializer_class
        return self.serializer_class

    def create(self, request, *args, **kwargs):
        obj = self.write(self.model(), request, partial=True, expected=None)
        response = Response(s_out(self, obj), status=status.HTTP_201_CREATED)
        response["ETag"] = etag_for(obj)
        response["Location"] = request.build_absolute_uri(f"{request.path.rstrip('/')}/{obj.pk}/")
        return response

    def update(self, request, *args, partial=False, **kwargs):
        obj = self.get_object()  # 404 if invisible, 403 if not changeable
        tags = if_match(request)
        if tags is not None and "*" not in tags and etag_for(obj) not in tags:
            raise PreconditionFailed()
        try:
            obj = self.write(obj, request, partial=partial, expected=obj.version if tags is not None else FROM_BODY)
        except ConflictError as error:
            if tags is not None:
                raise PreconditionFailed() from None
            raise Conflict({"version": list(error.messages)}) from None
        response = Response(s_out(self, obj))
        response["ETag"] = etag_for(obj)
        return response

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    def write(self, obj, request, *, partial, expected):
        serializer = self.get_serializer(obj if obj.pk else None, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        given = dict(serializer.validated_data)
        version = given.pop("version", None)
        if expected is FROM_BODY:
            if version is None:
                raise PreconditionRequired()
            expected = version
        form_fields = list(self.form_class._meta.fields)
        data = model_to_dict(obj, fields=form_fields)
        for name, value in list(data.items()):
            if isinstance(value, list):
                data[name] = [item.pk if hasattr(item, "pk") else item for item in value]
        for name, value in given.items():
            data[name] = _form_value(value)
        if obj.pk:
            data["expected_version"] = expected
        form = self.form_class(data=data, instance=obj, user=request.user)
        refused = {name: [_("You may not set this field.")] for name in given if name not in form.fields}
        if refused:
            raise serializers.ValidationError(refused)
        if not form.is_valid():
            raise serializers.ValidationError(_form_errors(form))
        return self.save(form, expected if obj.pk else None)


#: The expected version is the body's ``version`` (no If-Match was sent).
FROM_BODY = object()


def s_out(view, obj):
    obj = view.get_queryset().get(pk=obj.pk) if obj.pk else obj
    return view.serializer_class(obj, context=view.get_serializer_context()).data


def _form_value(value):
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, list | tuple):
        return [_form_value(item) for item in value]
    return value


def _form_errors(form) -> dict:
    errors = {}
    for name, items in form.errors.get_json_data().items():
        key = api_settings.NON_FIELD_ERRORS_KEY if name == NON_FIELD_ERRORS else name
        errors[key] = [item["message"] for item in items]
    return errors


# --- cities ------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Cities (shared reference data)"),
    retrieve=extend_schema(parameters=[IF_NONE_MATCH], responses={200: s.CitySerializer, **READ_ERRORS}),
    create=extend_schema(request=s.CityWriteSerializer, responses={201: s.CitySerializer, **WRITE_ERRORS}),
    update=extend_schema(parameters=[IF_MATCH], request=s.CityWriteSerializer, responses={200: s.CitySerializer, **WRITE_ERRORS}),
    partial_update=extend_schema(parameters=[IF_MATCH], request=s.CityWriteSerializer, responses={200: s.CitySerializer, **WRITE_ERRORS}),
)
class CityViewSet(FormWriteMixin, mixins.ListModelMixin, GatedViewSet):
    """Anyone reads; administrators and coordinators add and correct (the city form's rules)."""

    model = City
    queryset = City.objects.none()
    serializer_class = s.CitySerializer
    write_serializer_class = s.CityWriteSerializer
    form_class = CityForm
    filterset_class = CityResource.filterset_class
    ordering = ("name", "country")

    def save(self, form, expected):
        with transaction.atomic():
            instance = form.save(commit=False)
            save_versioned(instance, expected_version=expected)
        return instance


# --- the register ------------------------------------------------------------------------------


class OrganisationViewSet(ReadOnlyGatedViewSet):
    model = Organisation
    queryset = Organisation.objects.none()
    serializer_class = s.OrganisationSerializer
    filterset_class = OrganisationFilterSet
    ordering = ("name",)


@extend_schema_view(retrieve=extend_schema(parameters=[IF_NONE_MATCH], responses={200: s.PartnershipSerializer, **READ_ERRORS}))
class PartnershipViewSet(ReadOnlyGatedViewSet):
    model = Partnership
    queryset = Partnership.objects.none()
    serializer_class = s.PartnershipSerializer
    filterset_class = registry_filters.PartnershipFilterSet
    select_related = ("partner_city", "municipality")
    prefetch = (("priority_areas", PriorityArea),)
    ordering = ("partner_city__name",)

    @extend_schema(responses={200: s.TimelineEventSerializer(many=True), 404: ERROR}, filters=False, parameters=[])
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None, serializer_class=s.TimelineEventSerializer)
    def timeline(self, request, pk=None):
        """The partnership's timeline, oldest first: the events the user may see."""
        partnership = self.get_object()
        events = restrict(TimelineEvent.objects.filter(partnership=partnership), request.user, VIEW).order_by("date", "pk")
        return Response(s.TimelineEventSerializer(events, many=True, context=self.get_serializer_context()).data)


@extend_schema_view(retrieve=extend_schema(parameters=[IF_NONE_MATCH], responses={200: s.AgreementSerializer, **READ_ERRORS}))
class AgreementViewSet(PublicRecordViewSetMixin, ReadOnlyGatedViewSet):
    model = Agreement
    queryset = Agreement.objects.none()
    serializer_class = s.AgreementSerializer
    filterset_class = registry_filters.AgreementFilterSet
    ordering = ("-signed_on",)


@extend_schema_view(retrieve=extend_schema(parameters=[IF_NONE_MATCH], responses={200: s.NetworkSerializer, **READ_ERRORS}))
class NetworkViewSet(ReadOnlyGatedViewSet):
    model = Network
    queryset = Network.objects.none()
    serializer_class = s.NetworkSerializer
    filterset_class = registry_filters.NetworkFilterSet
    prefetch = (("member_cities", City), ("priority_areas", PriorityArea), ("organisations", Organisation))
    ordering = ("name",)


# --- plans -------------------------------------------------------------------------------------


@extend_schema_view(retrieve=extend_schema(parameters=[IF_NONE_MATCH], responses={200: s.ActionPlanSerializer, **READ_ERRORS}))
class ActionPlanViewSet(ReadOnlyGatedViewSet):
    model = ActionPlan
    queryset = ActionPlan.objects.none()
    serializer_class = s.ActionPlanSerializer
    filterset_class = ActionPlanFilterSet
    ordering = ("-period_start", "title")


@extend_schema_view(
    retrieve=extend_schema(parameters=[IF_NONE_MATCH], responses={200: s.ActivitySerializer, **READ_ERRORS}),
    create=extend_schema(request=s.ActivityWriteSerializer, responses={201: s.ActivitySerializer, **WRITE_ERRORS}),
    update=extend_schema(parameters=[IF_MATCH], request=s.ActivityWriteSerializer, responses={200: s.ActivitySerializer, **WRITE_ERRORS}),
    partial_update=extend_schema(parameters=[IF_MATCH], request=s.ActivityWriteSerializer, responses={200: s.ActivitySerializer, **WRITE_ERRORS}),
)
class ActivityViewSet(NotesContextMixin, FormWriteMixin, mixins.ListModelMixin, GatedViewSet):
    """Activities: read what the pages show; write through the activity form and ``activity_save``."""

    model = Activity
    queryset = Activity.objects.none()
    serializer_class = s.ActivitySerializer
    write_serializer_class = s.ActivityWriteSerializer
    form_class = ActivityForm
    filterset_class = api_filters.ActivityApiFilterSet
    prefetch = (("priority_areas", PriorityArea), ("participating_organisations", Organisation))
    ordering = ("planned_start",)

    def save(self, form, expected):
        instance = form.save(commit=False)
        if instance._state.adding and not instance.municipality_id:
            instance.municipality = self.request.user.municipality
        try:
            notes, warnings = form.save_through_services(instance, by=self.request.user, expected_version=expected)
        except ConflictError:
            raise
        except ValidationError as error:
            raise serializers.ValidationError(field_errors(error)) from None
        self.notes = {instance.pk: [*notes, *warnings]}
        return instance


class ParticipationViewSet(ReadOnlyGatedViewSet):
    """How many took part, by gender and age band (public with a public activity). Never names."""

    model = Participation
    queryset = Participation.objects.none()
    serializer_class = s.ParticipationSerializer
    filterset_class = api_filters.ParticipationFilterSet


class CostLineViewSet(ReadOnlyGatedViewSet):
    """Cost lines: never public; signed-in users see those the cost pages show them."""

    model = CostLine
    queryset = CostLine.objects.none()
    serializer_class = s.CostLineSerializer
    filterset_class = api_filters.CostLineFilterSet
    authenticated_only = True


MILESTONE_WRITE = {"request": s.MilestoneWriteSerializer, "responses": {200: s.MilestoneSerializer, **WRITE_ERRORS}}


@extend_schema_view(
    retrieve=extend_schema(responses={200: s.MilestoneSerializer, 404: ERROR}),
    create=extend_schema(request=s.MilestoneWriteSerializer, responses={201: s.MilestoneSerializer, **WRITE_ERRORS}),
    update=extend_schema(**MILESTONE_WRITE),
    partial_update=extend_schema(**MILESTONE_WRITE),
    destroy=extend_schema(responses={204: None, **WRITE_ERRORS}),
)
class MilestoneViewSet(NotesContextMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, GatedViewSet):
    """Milestones of the activities the user sees (``?activity=``); written as on the activity page:
    the milestone form, then ``milestone_save`` / ``milestone_delete`` (the activity's changer only).
    A due date outside the activity's dates is allowed and said in ``notes``."""

    model = Milestone
    queryset = Milestone.objects.none()
    serializer_class = s.MilestoneSerializer
    filterset_class = api_filters.MilestoneFilterSet
    ordering = ("due_on",)
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_serializer_class(self):
        return s.MilestoneWriteSerializer if self.action in ("create", "update", "partial_update") else self.serializer_class

    def create(self, request, *args, **kwargs):
        activity_pk = request.data.get("activity") if hasattr(request.data, "get") else None
        if activity_pk in (None, ""):
            raise serializers.ValidationError({"activity": [_("This field is required.")]})
        try:
            activity = restrict(Activity.objects.all(), request.user, VIEW).get(pk=int(activity_pk))
        except (Activity.DoesNotExist, TypeError, ValueError):
            raise NotFound() from None
        milestone = self.write(Milestone(activity=activity), request)
        response = Response(s_out(self, milestone), status=status.HTTP_201_CREATED)
        response["Location"] = request.build_absolute_uri(f"{request.path.rstrip('/')}/{milestone.pk}/")
        return response

    def update(self, request, *args, **kwargs):
        milestone = self.get_object()  # 404 if the activity is not visible
        return Response(s_out(self, self.write(milestone, request)))

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        milestone_delete(milestone=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def write(self, milestone, request) -> Milestone:
        serializer = self.get_serializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        given = dict(serializer.validated_data)
        if given.pop("activity", milestone.activity_id) != milestone.activity_id:
            raise serializers.ValidationError({"activity": [_("A milestone stays with its activity.")]})
        data = model_to_dict(milestone, fields=list(MilestoneForm._meta.fields)) if milestone.pk else {}
        data.update({name: _form_value(value) for name, value in given.items()})
        form = MilestoneForm(data=data, instance=milestone, user=request.user)
        if not form.is_valid():
            raise serializers.ValidationError(_form_errors(form))
        try:
            warnings = milestone_save(milestone=form.instance, by=request.user)
        except ValidationError as error:
            raise serializers.ValidationError(field_errors(error)) from None
        self.notes = {milestone.pk: warnings}
        return milestone


@extend_schema_view(retrieve=extend_schema(parameters=[IF_NONE_MATCH], responses={200: s.VisitNoticeSerializer, **READ_ERRORS}))
class VisitNoticeViewSet(ReadOnlyGatedViewSet):
    """Visit notices: signed-in users of the municipality only (401 for the public)."""

    model = VisitNotice
    queryset = VisitNotice.objects.none()
    serializer_class = s.VisitNoticeSerializer
    filterset_class = VisitNoticeListFilterSet
    authenticated_only = True
    ordering = ("-starts_on",)
