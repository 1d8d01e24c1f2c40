from django import forms

from vanort.core.forms import ScopedModelForm
from vanort.places.models import City
from vanort.places.validators import country_choices, time_zone_choices


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
        country = self.data.get(self.add_prefix("country")) if self.is_bound else self.initial.get("country", self.instance.country)
        self.fields["time_zone"].widget = forms.Select(choices=time_zone_choices(country or ""))
