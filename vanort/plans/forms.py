"""Forms of action plans, activities, costs, participation, milestones and exchange rates.

Every choice list goes through the permission gate (:class:`ScopedModelForm`); the seed's rules
are checked here too, so that a violation shows beside the field it concerns, in the user's
language. The services in ``vanort.plans.services`` check them again for every other door.
"""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from vanort.core.forms import NumberField, ScopedModelForm, number_help, offer_settable_values
from vanort.core.numbers import parse_number
from vanort.core.permissions import CHANGE, VIEW, restrict, settable
from vanort.plans.models import (
    ActionPlan,
    Activity,
    ActivitySeries,
    CostLine,
    ExchangeRate,
    Milestone,
    NamedParticipant,
    Participation,
)
from vanort.plans.services.activities import activity_plan_warnings, activity_save
from vanort.plans.services.attachments import check_attachment
from vanort.plans.services.costs import parse_amount
from vanort.plans.services.milestones import milestone_save, share_done
from vanort.plans.services.series import (
    MAX_OCCURRENCES,
    SCOPES,
    THIS,
    build_rule,
    rule_dates,
    series_create,
    series_message,
    series_question,
    series_update,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

#: Activity statuses that need the democracy and gender-equality consideration recorded.
NEEDS_EQUALITY = {Activity.Status.PLANNED, Activity.Status.ONGOING, Activity.Status.DONE}


class PlainScopedForm(forms.ModelForm):
    """A model form for a record without a version (cost lines, milestones …): every choice list
    through the gate, as in :class:`ScopedModelForm`."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and hasattr(queryset.model, "scope"):
                field.queryset = restrict(queryset, user, VIEW)
        offer_settable_values(self, user)


class ActionPlanForm(ScopedModelForm):
    class Meta:
        model = ActionPlan
        fields = [
            "partnership", "network", "title_sv", "title_en", "description_sv", "description_en",
            "period_start", "period_end", "is_public",
        ]
        widgets = {"period_start": DATE, "period_end": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = self.fields["partnership"].queryset.select_related("municipality", "partner_city")

    def clean(self):
        data = super().clean()
        partnership, network = data.get("partnership"), data.get("network")
        if bool(partnership) == bool(network):
            self.add_error("partnership", _("An action plan belongs to either a partnership or a network."))
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return data


class PlanTransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, plan: ActionPlan, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(ActionPlan.Status.choices)
        allowed = ActionPlan.TRANSITIONS[ActionPlan.Status(plan.status)]
        self.fields["to_status"].choices = [(status.value, labels[status]) for status in allowed]


class ActivityForm(ScopedModelForm):
    """Unit editors and partners pick only their own organisation as responsible; partners
    propose, a coordinator takes an activity into a plan and publishes it (the gate's value rules)."""

    parent_fields = ("responsible_organisation",)

    class Meta:
        model = Activity
        fields = [
            "plan", "partnership", "network", "title_sv", "title_en", "description_sv", "description_en",
            "kind", "responsible_organisation", "participating_organisations", "priority_areas",
            "planned_start", "planned_end", "actual_start", "actual_end", "place", "status", "progress",
            "progress_from_milestones", "goals", "indicators", "outcome", "benefit", "equality_marker", "equality_text", "is_public",
        ]
        widgets = {
            "planned_start": DATE, "planned_end": DATE, "actual_start": DATE, "actual_end": DATE,
            "priority_areas": forms.CheckboxSelectMultiple,
            "participating_organisations": forms.CheckboxSelectMultiple,
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100}),
        }

    def __init__(self, *args, **kwargs):
        # The gate shapes the plan, status, publication and responsible organisation
        # (``Activity.scope.values``): only the international office chooses a plan, partners propose.
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = self.fields["partnership"].queryset.select_related("municipality", "partner_city")
        # The rule "at least one area" is the service's, so its message is the one shown.
        self.fields["priority_areas"].required = False
        self.fields["priority_areas"].help_text = _("At least one.")
        if "plan" in self.fields:
            plans = restrict(ActionPlan.objects.all(), self.user, CHANGE).exclude(status=ActionPlan.Status.CLOSED)
            if self.instance.plan_id:
                plans = plans | restrict(ActionPlan.objects.filter(pk=self.instance.plan_id), self.user, CHANGE)
            self.fields["plan"].queryset = plans.select_related("partnership__partner_city", "partnership__municipality", "network")
        self._series_fields()

    repeat = forms.ChoiceField(label=_("Repeats"), required=False, choices=[("", _("Does not repeat")), *ActivitySeries.Frequency.choices])
    repeat_interval = forms.IntegerField(label=_("Every how many months or years"), required=False, min_value=1, max_value=60, initial=1)
    repeat_months = forms.TypedMultipleChoiceField(
        label=_("In the months"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple, choices=[(n, n) for n in range(1, 13)],
    )
    repeat_until = forms.DateField(label=_("Repeats until"), required=False, widget=DATE)
    repeat_count = forms.IntegerField(label=_("Number of occurrences"), required=False, min_value=2, max_value=MAX_OCCURRENCES)
    repeat_next_plan = forms.BooleanField(label=_("Put occurrences after this plan into the next plan"), required=False)
    repeat_confirmed = forms.BooleanField(label=_("Create the occurrences that fall in the plan"), required=False)
    apply_to = forms.ChoiceField(label=_("Apply the change to"), choices=SCOPES, initial=THIS, required=False,
                                 widget=forms.RadioSelect, help_text=_(
                                     "The other occurrences take the title, description, kind, organisation, place, goals and "
                                     "publication; they keep their own dates, status, costs and results. Done and cancelled "
                                     "occurrences are left as they are."))
    new_milestones = forms.CharField(
        label=_("Milestones"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One a line: the due date (YYYY-MM-DD) and what is due, e.g. “2025-02-10 Planning call 1/4”. "
                    "A repeating activity gives each occurrence its own, moved with its dates."))

    #: The RRULE of a new series, when the form asks for one (set by ``clean``).
    series_rule = ""

    def _series_fields(self):
        """Repeating is offered on an activity not yet in a series; the scope of a change on one that is."""
        if self.instance.pk:
            del self.fields["new_milestones"]  # the activity page adds them one by one
        if self.instance.series_id:
            for name in [n for n in self.fields if n.startswith("repeat")]:
                del self.fields[name]
        else:
            del self.fields["apply_to"]
            self.fields["repeat_months"].choices = [
                (n, formats.date_format(datetime.date(2000, n, 1), "F")) for n in range(1, 13)]

    def _clean_series(self, data):
        if not data.get("repeat"):
            return
        start = data.get("planned_start")
        if start is None:
            self.add_error("planned_start", _("A repeating activity needs a planned start."))
            return
        try:
            self.series_rule = build_rule(
                frequency=data["repeat"], first=start, interval=data.get("repeat_interval") or 1, months=data.get("repeat_months"),
                until=data.get("repeat_until"), count=data.get("repeat_count"))
            dates = rule_dates(self.series_rule, start)
        except ValidationError as error:
            self.add_error(None, error)
            return
        plan = data.get("plan") or self.instance.plan
        if plan is None or data.get("repeat_confirmed"):
            return
        question = series_question(dates, plan, use_next_plan=bool(data.get("repeat_next_plan")))
        if question:
            self.add_error("repeat_confirmed", question)

    def clean_new_milestones(self) -> list[tuple[datetime.date, str]]:
        found = []
        for number, line in enumerate((self.cleaned_data.get("new_milestones") or "").splitlines(), start=1):
            day, _space, title = line.strip().partition(" ")
            if not day:
                continue
            try:
                due = datetime.date.fromisoformat(day)
            except ValueError:
                due = None
            if due is None or not title.strip():
                raise ValidationError(_("Line %(n)s: give the due date as YYYY-MM-DD, then what is due.") % {"n": number})
            found.append((due, title.strip()[:250]))
        return found

    def clean_progress(self):
        value = self.cleaned_data.get("progress")
        if value is not None and value > 100:
            raise ValidationError(_("Progress is a percentage from 0 to 100."))
        return value

    def clean(self):
        data = super().clean()
        status = data.get("status")
        if status in NEEDS_EQUALITY:
            if data.get("equality_marker") is None:
                self.add_error("equality_marker", _("Set the democracy and gender-equality marker (0, 1 or 2) before the activity is planned."))
            if not (data.get("equality_text") or "").strip():
                self.add_error("equality_text", _("Describe how democracy and gender equality are considered before the activity is planned."))
        if status == Activity.Status.DONE and not (data.get("outcome") or "").strip():
            self.add_error("outcome", _("Record the outcome before the activity is closed as done."))
        if not data.get("priority_areas") and "priority_areas" not in self.errors:
            self.add_error("priority_areas", _("Link the activity to at least one priority area."))
        self._clean_series(data)
        if data.get("progress_from_milestones"):
            # The share of milestones done replaces a figure typed by hand.
            data["progress"] = share_done([self.instance.pk]).get(self.instance.pk, 0) if self.instance.pk else 0
        return data

    def save_through_services(self, instance: Activity, *, by, expected_version) -> tuple[list[str], list[str]]:
        """Save ``instance`` (this form's, its municipality set) through ``activity_save``, then
        make its series or carry the change to the series (``series_create``/``series_update``).
        Returns (what was done, what is odd but allowed) for the door — page or API — to show."""
        data = self.cleaned_data
        areas, participating = data.get("priority_areas") or [], data.get("participating_organisations") or []
        notes = []
        with transaction.atomic():
            activity_save(activity=instance, by=by, areas=areas, participating=participating, expected_version=expected_version)
            warnings = []
            for due, title in data.get("new_milestones") or ():
                warnings += milestone_save(milestone=Milestone(activity=instance, title=title, due_on=due), by=by)
            if self.series_rule:
                result = series_create(activity=instance, rule=self.series_rule, by=by, areas=areas, participating=participating,
                                       use_next_plan=bool(data.get("repeat_next_plan")))
                notes.append(series_message(result))
            elif data.get("apply_to") and data["apply_to"] != THIS:
                changed = series_update(activity=instance, scope=data["apply_to"], by=by, areas=areas)
                notes.append(_("Also changed: %(count)s other occurrences of the series.") % {"count": len(changed)})
        return notes, [*activity_plan_warnings(instance), *warnings]

    def _post_clean(self):
        # The rules above name their fields; the model's constraints would repeat them as
        # form-wide errors, so they are left to the save (where they still hold).
        if self.errors:
            return
        super()._post_clean()


class CarryForwardForm(forms.Form):
    """"Prepare the next plan": its title and period, and which activities it takes."""

    title = forms.CharField(label=_("Title of the new plan"), max_length=250)
    period_start = forms.DateField(label=_("Period starts"), widget=DATE)
    period_end = forms.DateField(label=_("Period ends"), widget=DATE)
    activities = forms.TypedMultipleChoiceField(label=_("Activities to carry forward"), required=False, coerce=int,
                                                widget=forms.CheckboxSelectMultiple,
                                                help_text=_("Recurring and unfinished activities; untick those to leave out."))

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        recurring = _("recurring")

        def label(activity):
            parts = [activity.planned_start.isoformat() if activity.planned_start else "–", str(activity.get_status_display())]
            if activity.series_id:
                parts.append(str(recurring))
            return f"{activity.title} ({', '.join(parts)})"

        self.fields["activities"].choices = [(a.pk, label(a)) for a in candidates]

    def clean(self):
        data = super().clean()
        if data.get("period_start") and data.get("period_end") and data["period_end"] < data["period_start"]:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return data


class ActivityAcceptForm(forms.Form):
    plan = forms.ModelChoiceField(label=_("Action plan"), queryset=ActionPlan.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = restrict(ActionPlan.objects.all(), user, CHANGE).exclude(status=ActionPlan.Status.CLOSED)


class AmountField(forms.CharField):
    """An amount typed as the reader's language writes it ("1 234,50" in Swedish, "1,234.50" in
    English, or the other common way: :mod:`vanort.core.numbers`), cleaned to integer minor units."""

    def __init__(self, **kwargs):
        kwargs["help_text"] = number_help(kwargs.get("help_text", ""))
        super().__init__(max_length=30, **kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def prepare_value(self, value):
        if isinstance(value, int):
            whole, part = divmod(value, 100)
            return f"{whole}{formats.get_format('DECIMAL_SEPARATOR', use_l10n=True)}{part:02d}"
        return value

    def clean(self, value):
        value = super().clean(value)
        return parse_amount(parse_number(value) if value else None)


class CostLineForm(PlainScopedForm):
    estimated = AmountField(label=_("Estimated amount"))
    actual = AmountField(label=_("Actual amount"), required=False)

    class Meta:
        model = CostLine
        fields = ["paying_organisation", "cost_type", "currency", "estimated", "actual", "rate_date", "note"]
        widgets = {"rate_date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rate_date"].required = False
        if settable(self.user, self.instance, "paying_organisation", None) is not None:
            # The gate has left only the user's own organisation (cost_line_save checks it again).
            self.fields["paying_organisation"].help_text = _("Your own organisation: every organisation records what it pays.")
        self.fields["rate_date"].help_text = _("The date whose exchange rate applies; the activity's start if left empty.")
        self.fields["currency"].help_text = _("Three letters, e.g. SEK, USD or EUR.")

    def clean_currency(self):
        value = (self.cleaned_data.get("currency") or "").strip().upper()
        if len(value) != 3 or not value.isalpha():
            raise ValidationError(_("Give the currency as three letters, e.g. SEK."))
        return value

    def _post_clean(self):
        # The home-currency amounts, tenant and year are filled by ``cost_line_save``.
        if self.errors:
            return
        opts = self._meta
        from django.forms.models import construct_instance

        self.instance = construct_instance(self, self.instance, opts.fields, opts.exclude)


class ParticipationForm(PlainScopedForm):
    class Meta:
        model = Participation
        fields = ["total", "women", "men", "other_gender", "under_18", "age_18_29", "age_30_plus"]

    def clean(self):
        data = super().clean()
        names = ("total", "women", "men", "other_gender", "under_18", "age_18_29", "age_30_plus")
        if any(data.get(name) is None for name in names):
            return data
        total = data["total"]
        genders = data["women"] + data["men"] + data["other_gender"]
        ages = data["under_18"] + data["age_18_29"] + data["age_30_plus"]
        if genders != total:
            self.add_error("total", _(
                "Women, men and other/unstated add up to %(sum)s, but the total is %(total)s; they must be equal."
            ) % {"sum": genders, "total": total})
        if ages != total:
            self.add_error("total", _(
                "The age bands (under 18, 18–29, 30 and over) add up to %(sum)s, but the total is %(total)s; they must be equal."
            ) % {"sum": ages, "total": total})
        return data


class NamedParticipantForm(PlainScopedForm):
    class Meta:
        model = NamedParticipant
        fields = ["name", "organisation", "is_minor", "note"]


class ActivityAttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))
    title = forms.CharField(label=_("Title"), max_length=200, required=False, help_text=_("What the file is, e.g. “Programme of the visit”."))
    is_public = forms.BooleanField(
        label=_("Public"), required=False,
        help_text=_("Shown on the public pages when the activity is public. Leave off for files with personal data."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["file"].help_text = _("PDF, Word, OpenDocument text, plain text, JPEG or PNG, at most %(mb)s MB.") % {
            "mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.content_type = check_attachment(upload)
        return upload


class MilestoneForm(PlainScopedForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_on", "done_on", "responsible_organisation"]
        widgets = {"due_on": DATE, "done_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["done_on"].help_text = _("Leave empty while the milestone is not done.")


class ExchangeRateForm(PlainScopedForm):
    class Meta:
        model = ExchangeRate
        fields = ["currency", "valid_from", "rate"]
        widgets = {"valid_from": DATE}
        field_classes = {"rate": NumberField}

    def clean_currency(self):
        value = (self.cleaned_data.get("currency") or "").strip().upper()
        if len(value) != 3 or not value.isalpha():
            raise ValidationError(_("Give the currency as three letters, e.g. USD."))
        return value


class CostFilterForm(forms.Form):
    """Filters of the cost totals page; its choice lists through the gate."""

    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2200)
    partnership = forms.ModelChoiceField(label=_("Partnership"), required=False, queryset=None)
    plan = forms.ModelChoiceField(label=_("Action plan"), required=False, queryset=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from vanort.registry.models import Partnership

        self.fields["partnership"].queryset = restrict(
            Partnership.objects.select_related("partner_city", "municipality"), user, VIEW
        )
        self.fields["plan"].queryset = restrict(ActionPlan.objects.all(), user, VIEW)
