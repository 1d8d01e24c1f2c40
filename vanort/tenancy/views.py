from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from vanort.core.permissions import VIEW, restrict
from vanort.core.resources import Column, Resource
from vanort.tenancy import filters, forms
from vanort.tenancy.models import ContactPerson, Municipality, Organisation


class MunicipalityResource(Resource):
    """The municipality's own settings (currency, days to report a visit, terms of office), which
    its administrators keep; municipalities themselves are created by the host (`vanort createuser`
    and the demo), never from a page."""

    model = Municipality
    prefix = "municipalities"
    form_class = forms.MunicipalityForm
    filterset_class = filters.MunicipalityFilterSet
    creatable = False
    columns = (
        Column("name", _("Name"), "name", link=True),
        Column("city", _("City")),
        Column("currency", _("Currency")),
    )
    default_sort = "name"
    select_related = ("city",)
    detail_select_related = ("city",)
    detail_fields = (
        "name", "city", "currency", "visit_report_days", "election_day", "election_month", "first_election_year", "term_years",
    )


class OrganisationResource(Resource):
    model = Organisation
    prefix = "organisations"
    related_lists = ("tenancy:contactperson_list",)
    form_class = forms.OrganisationForm
    filterset_class = filters.OrganisationFilterSet
    columns = (
        Column("name", _("Name"), "name", link=True),
        Column("kind", _("Kind"), "kind"),
        Column("parent", _("Parent unit")),
        Column("municipality.name", _("Municipality"), "municipality__name"),
    )
    default_sort = "name"
    select_related = ("municipality",)
    detail_select_related = ("municipality", "parent")
    detail_template = "tenancy/organisation_detail.html"
    detail_fields = ("name", "kind", "parent", "description", "website", "is_public")

    @staticmethod
    def list_queryset(request, queryset):
        """Each row's parent unit only where the gate lets the user see it (one query for the page).

        A parent the user may not see (an internal unit, for the public or a partner) is left
        empty rather than named.
        """
        return queryset.prefetch_related(
            Prefetch("parent", queryset=restrict(Organisation.objects.all(), request.user, VIEW))
        )

    @staticmethod
    def detail_context(request, organisation):
        return {"contacts": restrict(organisation.contacts.all(), request.user, VIEW)}


class ContactPersonResource(Resource):
    model = ContactPerson
    prefix = "contacts"
    form_class = forms.ContactPersonForm
    filterset_class = filters.ContactPersonFilterSet
    parent_field = "organisation"
    deletable = True
    columns = (
        Column("name", _("Name"), "name", link=True),
        Column("title", _("Title"), "title"),
        Column("organisation", _("Organisation"), "organisation__name"),
        Column("email", _("E-mail")),
    )
    default_sort = "name"
    select_related = ("organisation",)
    detail_select_related = ("organisation",)
    detail_fields = ("organisation", "name", "title", "email", "phone", "is_public")

    @staticmethod
    def after_delete_url(contact):
        return contact.organisation.get_absolute_url()


RESOURCES = (MunicipalityResource, OrganisationResource, ContactPersonResource)
