"""Pages of the register: declared as resources, plus the document download."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views import View

from vanort.core.history import ChildHistory
from vanort.core.permissions import VIEW, restrict
from vanort.core.resources import Column, Resource
from vanort.core.uploads import download
from vanort.registry import filters, forms, services
from vanort.registry.models import (
    Agreement,
    AgreementDocument,
    Network,
    Partnership,
    PriorityArea,
    TimelineEvent,
)


class PriorityAreaResource(Resource):
    model = PriorityArea
    prefix = "priority-areas"
    form_class = forms.PriorityAreaForm
    filterset_class = filters.PriorityAreaFilterSet
    columns = (
        Column("name", _("Name"), "name", link=True),
        Column("position", _("Order"), "position"),
        Column("is_active", _("In use"), "is_active"),
    )
    default_sort = "position"
    detail_fields = ("name", "description", "position", "is_active")


class PartnershipResource(Resource):
    model = Partnership
    prefix = "partnerships"
    related_lists = ("registry:timelineevent_list", "registry:agreement_list")
    form_class = forms.PartnershipForm
    filterset_class = filters.PartnershipFilterSet
    columns = (
        Column("partner_city.name", _("Partner city"), "partner_city__name", link=True),
        Column("partner_city.country_name", _("Country"), "partner_city__country"),
        Column("municipality.name", _("Municipality"), "municipality__name"),
        Column("category", _("Category"), "category"),
        Column("status", _("Status"), "status"),
        Column("start_year", _("Since"), "start_year"),
    )
    default_sort = "partner_city__name"
    select_related = ("partner_city", "municipality")
    detail_select_related = ("partner_city", "municipality")
    detail_template = "registry/partnership_detail.html"
    # A deleted timeline event stays in the partnership's history, restorable from there.
    child_histories = (ChildHistory(TimelineEvent, "partnership", restore=services.timeline_event_restore,
                                    may_restore=services.may_restore_timeline_events),)

    @staticmethod
    def detail_context(request, partnership):
        user = request.user
        return {
            "timeline": restrict(partnership.timeline.all(), user, VIEW),
            "areas": restrict(partnership.priority_areas.all(), user, VIEW),
            "organisations": restrict(partnership.organisations.all(), user, VIEW),
            "contacts": restrict(partnership.contacts.select_related("organisation"), user, VIEW),
        }


class TimelineEventResource(Resource):
    model = TimelineEvent
    prefix = "timeline"
    form_class = forms.TimelineEventForm
    filterset_class = filters.TimelineEventFilterSet
    parent_field = "partnership"
    deletable = True
    delete_service = staticmethod(lambda event, *, by: services.timeline_event_delete(event=event, by=by))
    history_parent = "partnership"
    columns = (
        Column("date", _("Date"), "date"),
        Column("title", _("Title"), "title", link=True),
        Column("partnership", _("Partnership")),
        Column("is_public", _("Public")),
    )
    default_sort = "date"
    select_related = ("partnership__partner_city", "partnership__municipality")
    detail_select_related = select_related
    detail_fields = ("partnership", "date", "precision", "title", "description", "is_public")

    @staticmethod
    def after_delete_url(event):
        return event.partnership.get_absolute_url()


class AgreementResource(Resource):
    model = Agreement
    prefix = "agreements"
    form_class = forms.AgreementForm
    filterset_class = filters.AgreementFilterSet
    parent_field = "partnership"
    columns = (
        Column("title", _("Title"), "title", link=True),
        Column("partnership", _("Partnership")),
        Column("signed_on", _("Signed"), "signed_on"),
        Column("valid_until", _("Valid until"), "valid_until"),
        Column("renewal_on", _("Renewal"), "renewal_on"),
    )
    default_sort = "-signed_on"
    archivable = True
    select_related = ("partnership__partner_city", "partnership__municipality")
    detail_select_related = (*select_related, "archived_by")
    detail_template = "registry/agreement_detail.html"
    detail_fields = (
        "partnership", "title", "parties", "signatories", "signed_on", "valid_from", "valid_until",
        "renewal_on", "decision_reference", "notes", "is_public",
    )

    @staticmethod
    def detail_context(request, agreement):
        return {"documents": restrict(agreement.documents.all(), request.user, VIEW)}


class NetworkResource(Resource):
    model = Network
    prefix = "networks"
    form_class = forms.NetworkForm
    filterset_class = filters.NetworkFilterSet
    columns = (
        Column("name", _("Name"), "name", link=True),
        Column("municipality.name", _("Municipality"), "municipality__name"),
        Column("home_role", _("Our role")),
        Column("founded_year", _("Founded"), "founded_year"),
    )
    default_sort = "name"
    select_related = ("municipality",)
    detail_select_related = ("municipality",)
    # Priority areas and organisations are read through the permission gate (ResourceDetailView).
    detail_prefetch_related = ("member_cities",)
    detail_fields = ("name", "description", "home_role", "founded_year", "website", "member_cities", "priority_areas", "organisations", "is_public")


class DocumentDownloadView(View):
    """Serve an agreement document as a download, to those who may see it, never inline."""

    def get(self, request, pk):
        document = get_object_or_404(restrict(AgreementDocument.objects.all(), request.user, VIEW), pk=pk)
        return download(document.file, filename=document.original_name, content_type=document.content_type)


RESOURCES = (PriorityAreaResource, PartnershipResource, TimelineEventResource, AgreementResource, NetworkResource)
