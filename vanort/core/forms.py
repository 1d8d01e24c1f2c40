"""Form helpers: choice lists through the permission gate, and optimistic locking."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vanort.core.permissions import CHANGE, VIEW, can_add, restrict


class ScopedModelForm(forms.ModelForm):
    """A model form for one user: every choice list shows only what that user may see.

    ``parent_fields`` name foreign keys whose choices are limited to what the user may *change*
    (adding a timeline event needs the right to change its partnership). The hidden
    ``expected_version`` carries the version the user opened, for :func:`save_versioned`.
    """

    parent_fields: tuple[str, ...] = ()
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version
        for name, field in self.fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is None or not hasattr(queryset.model, "scope"):
                continue
            action = CHANGE if name in self.parent_fields else VIEW
            field.queryset = restrict(queryset, user, action)
            if queryset.model._meta.label == "places.City":
                # "City missing? Look it up" beside the field, for those who may register one.
                field.city_lookup = user.is_authenticated and can_add(user, queryset.model)

    def clean_expected_version(self):
        value = self.cleaned_data.get("expected_version")
        if self.instance.pk and value is None:
            raise forms.ValidationError(_("The form is missing the record's version; reload the page."))
        return value


def bootstrap_widgets(form: forms.Form) -> None:
    """Give each widget the design system's classes and an error state for screen readers."""
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)):
            widget.attrs.setdefault("class", "ds-input")
        else:
            widget.attrs.setdefault("class", "ds-input")
        if form.is_bound and name in form.errors:
            widget.attrs["aria-invalid"] = "true"
            widget.attrs["aria-describedby"] = f"id_{name}_error"
