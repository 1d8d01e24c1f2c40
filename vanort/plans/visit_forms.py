"""Forms of the visit pages: the notice, the international office's answer, the report."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vanort.core.forms import ScopedModelForm
from vanort.core.widgets import lean_selects
from vanort.plans.models import Activity, VisitNotice, VisitReport

#: An activity a visit can still belong to.
OPEN_STATUSES = (Activity.Status.PROPOSED, Activity.Status.PLANNED, Activity.Status.ONGOING)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VisitNoticeForm(ScopedModelForm):
    """Notify (or change) a planned visit.

    The organisation list holds the organisations the user may *change* (a unit editor's or a
    partner's own; every organisation of the municipality for coordinators); the activity and
    partnership lists what the user may see. When the international office has asked a question,
    ``reply`` carries the unit's answer; saving puts the notice back to "awaiting coordination".
    """

    parent_fields = ("organisation",)
    reply = forms.CharField(
        label=_("Your answer to the international office"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Saving with an answer sends the notice back to the international office for coordination."),
    )

    class Meta:
        model = VisitNotice
        fields = [
            "organisation", "direction", "activity", "partnership", "travellers", "traveller_count",
            "starts_on", "ends_on", "place", "purpose",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "travellers": forms.Textarea(attrs={"rows": 3}),
            "purpose": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "travellers": _("Names or roles of the people travelling, or of the visiting delegation."),
            "activity": _("The activity of an action plan this visit belongs to, if any."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = self.fields["partnership"].queryset.select_related("partner_city")
        # Only activities not yet done or cancelled (or the one already linked): a municipality may
        # have thousands of finished ones. Written by LeanSelect, not a template per option.
        open_or_linked = Q(status__in=OPEN_STATUSES) | Q(pk=self.instance.activity_id)
        self.fields["activity"].queryset = self.fields["activity"].queryset.filter(open_or_linked).order_by("title", "pk")
        lean_selects(self)
        organisations = self.fields["organisation"].queryset
        if not self.instance.pk and self.initial.get("organisation") is None and len(organisations) == 1:
            self.initial["organisation"] = organisations[0].pk
        if self.instance.status != VisitNotice.Status.QUESTION:
            del self.fields["reply"]
        elif not self.coordinator:
            self.fields["reply"].required = True

    @property
    def coordinator(self) -> bool:
        from vanort.plans.visit_selectors import is_coordinator

        return is_coordinator(self.user)

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The visit cannot end before it starts."))
        return data


class VisitAnswerForm(forms.Form):
    """The international office's answer: a confirmation (comment optional) or a question."""

    text = forms.CharField(label=_("Comment or question"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, notice=None, question=False, **kwargs):
        super().__init__(*args, **kwargs)
        if notice is not None and not self.is_bound:
            self.fields["expected_version"].initial = notice.version
        if question:
            self.fields["text"].label = _("Question to the unit")
            self.fields["text"].required = True
        else:
            self.fields["text"].label = _("Comment (optional)")


class VisitReportForm(forms.ModelForm):
    class Meta:
        model = VisitReport
        fields = ["results", "contacts_made", "follow_up"]
        widgets = {
            "results": forms.Textarea(attrs={"rows": 5}),
            "contacts_made": forms.Textarea(attrs={"rows": 3}),
            "follow_up": forms.Textarea(attrs={"rows": 3}),
        }
