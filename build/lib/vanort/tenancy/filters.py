import django_filters
from django.utils.translation import gettext_lazy as _

from vanort.core.filters import ScopedFilterSet
from vanort.tenancy.models import ContactPerson, Municipality, Organisation


class OrganisationFilterSet(ScopedFilterSet):
    search_fields = ("name_sv", "name_en", "description_sv", "description_en")
    kind = django_filters.ChoiceFilter(choices=Organisation.Kind.choices, label=_("Kind"))

    class Meta:
        model = Organisation
        fields = ["q", "kind"]


class ContactPersonFilterSet(ScopedFilterSet):
    search_fields = ("name", "title", "email")
    organisation = django_filters.ModelChoiceFilter(queryset=Organisation.objects.all(), label=_("Organisation"))

    class Meta:
        model = ContactPerson
        fields = ["q", "organisation"]


class MunicipalityFilterSet(ScopedFilterSet):
    search_fields = ("name",)

    class Meta:
        model = Municipality
        fields = ["q"]
