from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vanort.core.permissions import VIEW, restrict
from vanort.core.resources import Column, Resource
from vanort.core.views import ResourceUpdateView
from vanort.tenancy import filters, forms, setting_effects
from vanort.tenancy.models import ContactPerson, Municipality, Organisation


class MunicipalitySettingsView(ResourceUpdateView):
    """The settings form, with a confirm step: a change that moves other records (follow-ups'
    due dates when the terms of office change) is shown in numbers first, and saved only when
    the administrator confirms (a second submit of the same form; no JavaScript needed)."""

    CONFIRM = "confirm_effects"

    @staticmethod
    def confirmation(form) -> str:
        """The values the warning was about: a confirmation holds for them only, so changing a
        value again on the confirm page warns anew."""
        return "|".join(str(form.cleaned_data.get(name)) for name in form.fields)

    def save(self, form, obj):
        stored = type(obj).objects.get(pk=obj.pk)
        effects = setting_effects.warnings(stored, form.instance, timezone.localdate())
        if effects and self.request.POST.get(self.CONFIRM) != self.confirmation(form):
            form.effects, form.confirmation = effects, self.confirmation(form)
            return self.render_form(form, obj)
        with transaction.atomic():
            response = super().save(form, obj)
            if effects and response.status_code == 302:
                setting_effects.apply(form.instance)
        return response


class MunicipalityResource(Resource):
    """The municipality's own settings (currency, days to report a visit, terms of office), which
    its administrators keep; municipalities themselves are created by the host (`vanort createuser`
    and the demo), never from a page."""

    model = Municipality
    prefix = "municipalities"
    form_class = forms.MunicipalityForm
    filterset_class = filters.MunicipalityFilterSet
    update_view = MunicipalitySettingsView
    form_template = "tenancy/municipality_form.html"
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
        "follow_up_grace", "follow_up_grace_unit",
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
