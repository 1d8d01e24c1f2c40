from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from vanort.core.forms import ScopedModelForm
from vanort.core.uploads import check_document, document_help
from vanort.registry.models import Agreement, Network, Partnership, PriorityArea, TimelineEvent

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PriorityAreaForm(ScopedModelForm):
    class Meta:
        model = PriorityArea
        fields = ["name_sv", "name_en", "description_sv", "description_en", "position", "is_active"]


class PartnershipForm(ScopedModelForm):
    class Meta:
        model = Partnership
        fields = [
            "partner_city", "category", "status", "start_year", "ended_on", "end_reason",
            "summary_sv", "summary_en", "priority_areas", "organisations", "contacts",
            "internal_notes", "is_public",
        ]
        widgets = {
            "ended_on": DATE,
            "priority_areas": forms.CheckboxSelectMultiple,
            "organisations": forms.CheckboxSelectMultiple,
            "contacts": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contacts"].queryset = self.fields["contacts"].queryset.select_related("organisation")

    def clean(self):
        data = super().clean()
        if data.get("status") == Partnership.Status.ENDED and not data.get("ended_on"):
            self.add_error("ended_on", _("An ended partnership needs the date it ended."))
        return data


class TimelineEventForm(ScopedModelForm):
    parent_fields = ("partnership",)

    class Meta:
        model = TimelineEvent
        fields = ["partnership", "date", "precision", "title_sv", "title_en", "description_sv", "description_en", "is_public"]
        widgets = {"date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = self.fields["partnership"].queryset.select_related("municipality", "partner_city")


class AgreementForm(ScopedModelForm):
    parent_fields = ("partnership",)
    document = forms.FileField(
        label=_("Add a document"),
        required=False,
        help_text=lazy(document_help, str)(),
    )

    class Meta:
        model = Agreement
        fields = [
            "partnership", "title_sv", "title_en", "parties", "signatories", "signed_on",
            "valid_from", "valid_until", "renewal_on", "decision_reference", "notes", "is_public",
        ]
        widgets = {"signed_on": DATE, "valid_from": DATE, "valid_until": DATE, "renewal_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = self.fields["partnership"].queryset.select_related("municipality", "partner_city")

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if upload:
            self.document_type = check_document(upload)
        return upload

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("The agreement cannot end before it starts."))
        return data

    def after_save(self, agreement):
        upload = self.cleaned_data.get("document")
        if upload:
            from vanort.registry.uploads import attach_document

            attach_document(agreement, upload, content_type=self.document_type, by=self.user)


class NetworkForm(ScopedModelForm):
    class Meta:
        model = Network
        fields = [
            "name_sv", "name_en", "description_sv", "description_en", "home_role", "founded_year",
            "website", "member_cities", "priority_areas", "organisations", "is_public",
        ]
        widgets = {
            "member_cities": forms.SelectMultiple(attrs={"size": 10}),
            "priority_areas": forms.CheckboxSelectMultiple,
            "organisations": forms.CheckboxSelectMultiple,
        }
