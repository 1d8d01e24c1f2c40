from modeltranslation.translator import TranslationOptions, register

from vanort.core.history import track_history
from vanort.tenancy.models import ContactPerson, Municipality, Organisation


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name", "description")


track_history(Organisation, app="vanort.tenancy")
track_history(ContactPerson, app="vanort.tenancy", excluded_fields=[])
track_history(Municipality, app="vanort.tenancy")
