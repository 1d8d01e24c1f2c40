from django import forms

from vanort.core.forms import ScopedModelForm
from vanort.tenancy.models import ContactPerson, Organisation


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
