from django import forms

from vanort.core.forms import ScopedModelForm
from vanort.places.models import City
from vanort.places.validators import country_choices, time_zones


class CityForm(ScopedModelForm):
    country = forms.ChoiceField(choices=[], label=City._meta.get_field("country").verbose_name)

    class Meta:
        model = City
        fields = [
            "name", "alternate_names", "country", "region", "population", "daytime_population",
            "latitude", "longitude", "time_zone", "profile_sv", "profile_en",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—"), *country_choices()]
        self.fields["time_zone"].widget = forms.Select(choices=[("", "—"), *((z, z) for z in sorted(time_zones()))])
