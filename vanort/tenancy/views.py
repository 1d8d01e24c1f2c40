from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from vanort.core.permissions import VIEW, restrict
from vanort.core.resources import Column, Resource
from vanort.tenancy import filters, forms
from vanort.tenancy.models import ContactPerson, Organisation


class OrganisationResource(Resource):
    model = Organisation
    prefix = "organisations"
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


RESOURCES = (OrganisationResource, ContactPersonResource)
