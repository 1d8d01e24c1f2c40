"""The person search (name and/or e-mail) and the erasure confirmation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vanort.core.forms import bootstrap_widgets
from vanort.privacy.register import Subject

MIN_NAME = 3


class PersonForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        help_text=_("The full name, as written in Vänort."),
    )
    email = forms.EmailField(label=_("E-mail"), max_length=254, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap_widgets(self)

    def full_clean(self):
        super().full_clean()
        bootstrap_widgets(self)  # again, now that errors are known (aria-invalid)

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if name and len(name) < MIN_NAME:
            raise forms.ValidationError(
                _("Give at least %(n)d characters of the name."), params={"n": MIN_NAME}
            )
        return name

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("name") or data.get("email")):
            raise forms.ValidationError(_("Give a name or an e-mail address."))
        return data

    @property
    def subject(self) -> Subject:
        return Subject(
            name=self.cleaned_data.get("name", ""),
            email=(self.cleaned_data.get("email") or "").strip(),
        )


class EraseForm(PersonForm):
    confirm = forms.BooleanField(
        label=_(
            "I have checked the records above: anonymise this person's data. This cannot be undone."
        ),
        required=True,
    )
