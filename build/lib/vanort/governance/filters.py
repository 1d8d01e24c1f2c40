import django_filters
from django.utils.translation import gettext_lazy as _

from vanort.core.filters import ArchivableFilterSet, ScopedFilterSet
from vanort.governance.models import (
    Decision,
    Distribution,
    FollowUp,
    GoverningDocument,
    Guideline,
    PartnershipRequest,
    Review,
)
from vanort.plans.models import ActionPlan
from vanort.registry.models import Agreement, Partnership


class DecisionFilterSet(ArchivableFilterSet):
    """Also answers "which decisions concern this partnership / agreement / plan / document?"."""

    search_fields = ("case_number", "title_sv", "title_en", "decision_points_sv", "decision_points_en", "decision_basis", "paragraph")
    body = django_filters.ChoiceFilter(choices=Decision.Body.choices, label=_("Decided by"))
    year = django_filters.NumberFilter(field_name="meeting_date__year", label=_("Year"))
    partnership = django_filters.ModelChoiceFilter(
        field_name="partnerships", queryset=Partnership.objects.select_related("partner_city", "municipality"), label=_("Partnership")
    )
    agreement = django_filters.ModelChoiceFilter(field_name="agreements", queryset=Agreement.objects.all(), label=_("Agreement concerned"))
    resting = django_filters.ModelChoiceFilter(
        field_name="agreements_resting", queryset=Agreement.objects.all(), label=_("Agreement resting on it")
    )
    plan = django_filters.ModelChoiceFilter(field_name="plans", queryset=ActionPlan.objects.all(), label=_("Action plan"))
    document = django_filters.ModelChoiceFilter(field_name="documents", queryset=GoverningDocument.objects.all(), label=_("Governing document"))

    class Meta:
        model = Decision
        fields = ["q", "body", "year", "partnership", "agreement", "resting", "plan", "document", "archived"]


class DistributionFilterSet(ArchivableFilterSet):
    search_fields = ("recipient", "note", "decision__case_number")

    class Meta:
        model = Distribution
        fields = ["q", "decision", "archived"]


class GoverningDocumentFilterSet(ScopedFilterSet):
    search_fields = ("title_sv", "title_en", "summary_sv", "summary_en")
    kind = django_filters.ChoiceFilter(choices=GoverningDocument.Kind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=GoverningDocument.Status.choices, label=_("Status"))

    class Meta:
        model = GoverningDocument
        fields = ["q", "kind", "status"]


class GuidelineFilterSet(ScopedFilterSet):
    search_fields = ("text_sv", "text_en")

    class Meta:
        model = Guideline
        fields = ["q", "document"]


class FollowUpFilterSet(ScopedFilterSet):
    search_fields = ("assessment", "proposal", "document__title_sv", "document__title_en")

    class Meta:
        model = FollowUp
        fields = ["q", "document"]


class ReviewFilterSet(ScopedFilterSet):
    search_fields = ("title", "assessment", "proposal")
    partnership = django_filters.ModelChoiceFilter(queryset=Partnership.objects.select_related("partner_city", "municipality"), label=_("Partnership"))

    class Meta:
        model = Review
        fields = ["q", "partnership"]


class PartnershipRequestFilterSet(ArchivableFilterSet):
    search_fields = ("city__name", "sender", "message")
    status = django_filters.ChoiceFilter(choices=PartnershipRequest.Status.choices, label=_("Status"))

    class Meta:
        model = PartnershipRequest
        fields = ["q", "status", "archived"]
