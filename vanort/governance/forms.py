"""Forms of governance pages. Choice lists pass through the permission gate (ScopedModelForm)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vanort.core.forms import ScopedModelForm
from vanort.core.permissions import VIEW, restrict
from vanort.core.uploads import check_document, document_help
from vanort.governance.models import (
    ActivityGuidelineAssessment,
    Decision,
    Distribution,
    FollowUp,
    GoverningDocument,
    Guideline,
    PartnershipRequest,
    Review,
)
from vanort.plans.forms import AmountField
from vanort.registry.models import Partnership
from vanort.tenancy.models import Organisation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DecisionForm(ScopedModelForm):
    """Registering (new) or editing a decision. A new one gets its case number on saving, or
    takes a historical one typed in ``manual_case_number``; the number never changes afterwards."""

    manual_case_number = forms.CharField(
        label=_("Historical case number"), required=False, max_length=40,
        help_text=_("Only for an older case that already has a number, e.g. “KS 2017-494”. Leave empty to get the next number."),
    )
    attachment = forms.FileField(label=_("Add an attachment"), required=False)

    class Meta:
        model = Decision
        fields = [
            "body", "committee", "meeting_date", "paragraph", "case_prefix", "title_sv", "title_en",
            "decision_points_sv", "decision_points_en", "decision_basis", "partnerships", "agreements",
            "agreements_resting", "plans", "documents", "is_public",
        ]
        widgets = {
            "meeting_date": DATE,
            "partnerships": forms.CheckboxSelectMultiple,
            "documents": forms.CheckboxSelectMultiple,
            "agreements": forms.SelectMultiple(attrs={"size": 6}),
            "agreements_resting": forms.SelectMultiple(attrs={"size": 6}),
            "plans": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachment"].help_text = document_help()
        self.fields["committee"].queryset = self.fields["committee"].queryset.filter(
            kind__in=[Organisation.Kind.COMMITTEE, Organisation.Kind.BOARD]
        )
        self.fields["partnerships"].queryset = self.fields["partnerships"].queryset.select_related("municipality", "partner_city")
        for name in ("agreements", "agreements_resting"):
            self.fields[name].queryset = self.fields[name].queryset.select_related("partnership")
        self.fields["title_sv"].required = True
        if self.instance.pk:
            # The case number is given once, when the decision is registered.
            del self.fields["manual_case_number"]
            del self.fields["case_prefix"]

    def clean_manual_case_number(self):
        from vanort.governance.services import parse_case_number

        value = self.cleaned_data.get("manual_case_number", "").strip()
        if value:
            try:
                parse_case_number(value)
            except forms.ValidationError as error:
                raise forms.ValidationError(error.message_dict["case_number"]) from None
        return value

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            self.attachment_type = check_document(upload)
        return upload

    def clean(self):
        data = super().clean()
        if data.get("body") == Decision.Body.COMMITTEE and not data.get("committee"):
            self.add_error("committee", _("Name the committee that took the decision."))
        return data

    def after_save(self, decision):
        upload = self.cleaned_data.get("attachment")
        if upload:
            from vanort.governance.services import decision_attach

            decision_attach(decision=decision, upload=upload, content_type=self.attachment_type, by=self.user)


class DistributionForm(ScopedModelForm):
    parent_fields = ("decision",)

    class Meta:
        model = Distribution
        fields = ["decision", "organisation", "recipient", "note", "sent_on"]
        widgets = {"sent_on": DATE}

    def clean(self):
        data = super().clean()
        if not data.get("organisation") and not (data.get("recipient") or "").strip():
            self.add_error("recipient", _("Name a recipient or choose an organisation."))
        return data


class GoverningDocumentForm(ScopedModelForm):
    class Meta:
        model = GoverningDocument
        fields = [
            "title_sv", "title_en", "kind", "summary_sv", "summary_en", "adopted_on", "adopted_by", "status",
            "replaced_by", "priority_areas", "follow_up_rule", "follow_up_years", "is_public",
        ]
        widgets = {"adopted_on": DATE, "priority_areas": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title_sv"].required = True
        if self.instance.pk:
            self.fields["replaced_by"].queryset = self.fields["replaced_by"].queryset.exclude(pk=self.instance.pk)

    def clean(self):
        data = super().clean()
        if data.get("follow_up_rule") == GoverningDocument.FollowUpRule.EVERY_N_YEARS and not data.get("follow_up_years"):
            self.add_error("follow_up_years", _("Say every how many years the document is followed up."))
        if data.get("status") == GoverningDocument.Status.REPLACED and not data.get("replaced_by"):
            self.add_error("replaced_by", _("Name the document that replaced it."))
        return data


class GuidelineForm(ScopedModelForm):
    parent_fields = ("document",)

    class Meta:
        model = Guideline
        fields = ["document", "position", "text_sv", "text_en", "retired_on"]
        widgets = {"retired_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text_sv"].required = True


class FollowUpForm(ScopedModelForm):
    parent_fields = ("document",)

    class Meta:
        model = FollowUp
        fields = ["document", "period_start", "period_end", "assessment", "proposal", "decision"]
        widgets = {"period_start": DATE, "period_end": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].help_text = _("The decision by which the board received the follow-up; it closes the follow-up.")


class ReviewForm(ScopedModelForm):
    parent_fields = ("partnership",)

    class Meta:
        model = Review
        fields = ["partnership", "title", "period_start", "period_end", "assessment", "proposal", "agreement", "decision"]
        widgets = {"period_start": DATE, "period_end": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = self.fields["partnership"].queryset.select_related("municipality", "partner_city")
        self.fields["agreement"].queryset = self.fields["agreement"].queryset.select_related("partnership")

    def clean(self):
        data = super().clean()
        agreement, partnership = data.get("agreement"), data.get("partnership")
        if agreement and partnership and agreement.partnership_id != partnership.pk:
            self.add_error("agreement", _("The agreement belongs to another partnership."))
        return data


class PartnershipRequestForm(ScopedModelForm):
    first_year_budget = AmountField(label=_("First-year budget"), required=False)

    class Meta:
        model = PartnershipRequest
        fields = [
            "city", "received_on", "sender", "message", "proposed_category", "presidium_note", "priority_areas",
            "community_support", "first_year_plan", "first_year_budget", "preparation_note",
        ]
        widgets = {
            "received_on": DATE,
            "priority_areas": forms.CheckboxSelectMultiple,
            "city": forms.Select(attrs={"class": "ds-input"}),
        }


class RequestTransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Move to"))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, request: PartnershipRequest, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(PartnershipRequest.Status.choices)
        allowed = PartnershipRequest.TRANSITIONS[PartnershipRequest.Status(request.status)]
        self.fields["to_status"].choices = [(status, labels[status]) for status in allowed]


class RequestDecideForm(forms.Form):
    """The board's decision on a prepared request: accept (becomes a partnership) or decline."""

    ACCEPT, DECLINE = "accept", "decline"
    outcome = forms.ChoiceField(label=_("The board"), choices=[(ACCEPT, _("accepted the request")), (DECLINE, _("declined the request"))],
                                widget=forms.RadioSelect)
    decision = forms.ModelChoiceField(label=_("Board decision"), queryset=Decision.objects.none(),
                                      help_text=_("Register the decision first; it is then listed here."))
    partnership_status = forms.ChoiceField(
        label=_("The new partnership is"), required=False,
        choices=[(Partnership.Status.PROPOSED, Partnership.Status.PROPOSED.label), (Partnership.Status.ACTIVE, Partnership.Status.ACTIVE.label)],
    )
    reasons = forms.CharField(label=_("Reasons for declining"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, request: PartnershipRequest, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = restrict(
            Decision.objects.filter(municipality=request.municipality_id, body=Decision.Body.BOARD), user, VIEW
        ).order_by("-meeting_date", "-pk")

    def clean(self):
        data = super().clean()
        if data.get("outcome") == self.DECLINE and not (data.get("reasons") or "").strip():
            self.add_error("reasons", _("Give the reasons for declining."))
        if data.get("outcome") == self.ACCEPT and not data.get("partnership_status"):
            self.add_error("partnership_status", _("Choose whether the partnership starts as proposed or active."))
        return data


class AssessmentChecklistForm(forms.Form):
    """One judgement and justification per guideline of the documents in force."""

    def __init__(self, *args, guidelines, existing: dict[int, ActivityGuidelineAssessment], **kwargs):
        super().__init__(*args, **kwargs)
        self.guidelines = list(guidelines)
        choices = [("", _("Not assessed")), *ActivityGuidelineAssessment.Judgement.choices]
        for guideline in self.guidelines:
            current = existing.get(guideline.pk)
            self.fields[f"g{guideline.pk}_judgement"] = forms.ChoiceField(
                label=guideline.text, choices=choices, required=False, initial=current.judgement if current else "",
            )
            self.fields[f"g{guideline.pk}_justification"] = forms.CharField(
                label=_("Justification"), required=False, max_length=500, initial=current.justification if current else "",
                widget=forms.TextInput(),
            )

    def rows(self):
        for guideline in self.guidelines:
            yield guideline, self[f"g{guideline.pk}_judgement"], self[f"g{guideline.pk}_justification"]

    def clean(self):
        data = super().clean()
        for guideline in self.guidelines:
            judgement = data.get(f"g{guideline.pk}_judgement")
            text = (data.get(f"g{guideline.pk}_justification") or "").strip()
            if judgement in ("partly", "no") and not text:
                self.add_error(f"g{guideline.pk}_justification", _("Justify a judgement of “partly” or “does not fulfil”."))
        return data


