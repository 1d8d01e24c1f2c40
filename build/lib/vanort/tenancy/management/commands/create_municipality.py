"""``vanort create-municipality``: set up a new home municipality on a host."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from vanort.tenancy.models import Organisation
from vanort.tenancy.services import find_city, municipality_create


class Command(BaseCommand):
    help = (
        "Create a home municipality with its first organisation (e.g. the international office), so that "
        "`vanort createuser` can add its first administrator."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="the municipality's name, e.g. “Linköpings kommun”")
        parser.add_argument("--city", required=True, help="its city: a GeoNames id, or a name such as Linköping")
        parser.add_argument("--country", default="", help="ISO country code, when the city's name repeats (e.g. SE)")
        parser.add_argument("--slug", default="", help="short name in addresses (default: made from the name)")
        parser.add_argument("--currency", default="SEK", help="home currency, three letters (default SEK)")
        parser.add_argument("--organisation", required=True, help="its first organisation, e.g. “Internationella kontoret”")
        parser.add_argument("--organisation-kind", default=Organisation.Kind.OFFICE, choices=[kind.value for kind in Organisation.Kind])

    def handle(self, *args, name, city, country, slug, currency, organisation, organisation_kind, **options):
        slug = slug or slugify(name)
        if not slug:
            raise CommandError(_("--slug: give a short name of letters, digits and hyphens."))
        if len(currency) != 3 or not currency.isalpha():
            raise CommandError(_("--currency: give the currency as three letters, e.g. SEK."))
        try:
            found = find_city(city, country)
            municipality = municipality_create(
                name=name, slug=slug, city=found, currency=currency, organisation=organisation, organisation_kind=organisation_kind,
            )
        except ValidationError as error:
            raise CommandError("; ".join(f"--{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())) from error
        self.stdout.write(self.style.SUCCESS(
            _("Created %(municipality)s (%(slug)s, %(city)s) with the organisation %(organisation)s. Next: "
              "vanort createuser USERNAME --municipality %(slug)s --organisation \"%(organisation)s\" --role admin")
            % {"municipality": municipality.name, "slug": municipality.slug, "city": found.name, "organisation": organisation}
        ))
