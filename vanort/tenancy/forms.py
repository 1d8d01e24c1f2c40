from django import forms
from django.utils.translation import gettext_lazy as _

from vanort.core.forms import ScopedModelForm
from vanort.tenancy.models import ContactPerson, Municipality, Organisation


class OrganisationForm(ScopedModelForm):
    class Meta:
        model = Organisation
        fields = ["name_sv", "name_en", "kind", "parent", "description_sv", "description_en", "website", "is_public"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(pk=self.instance.pk)


class ContactPersonForm(ScopedModelForm):
    parent_fields = ("organisation",)

    class Meta:
        model = ContactPerson
        fields = ["organisation", "name", "title", "email", "phone", "is_public"]
        widgets = {"phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"})}


class MunicipalityForm(ScopedModelForm):
    """A municipality's own settings. Its short name, city and whether it is active are the host's."""

    class Meta:
        model = Municipality
        fields = [
            "name", "currency", "visit_report_days", "election_day", "election_month", "first_election_year", "term_years",
            "follow_up_grace", "follow_up_grace_unit",
        ]

    def clean_currency(self):
        value = (self.cleaned_data.get("currency") or "").strip().upper()
        if len(value) != 3 or not value.isalpha():
            raise forms.ValidationError(_("Give the currency as three letters, e.g. SEK."))
        return value

    def clean_visit_report_days(self):
        value = self.cleaned_data.get("visit_report_days")
        if value is not None and not 1 <= value <= 365:
            raise forms.ValidationError(_("Give a number of days between 1 and 365."))
        return value
