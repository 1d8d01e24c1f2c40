"""Form helpers: choice lists through the permission gate, optimistic locking, numbers as typed."""

from decimal import Decimal

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from vanort.core.numbers import example_help, parse_number
from vanort.core.permissions import (
    CHANGE,
    VIEW,
    can_add,
    may_choose,
    restrict,
    scope_of,
    settable,
    values_of,
)


class NumberField(forms.DecimalField):
    """A decimal number typed as the reader's language writes it, or the other common way
    ("1 234,50" and "1234.50" on a Swedish page, "1,234.50" and "1234,50" on an English one; see
    :mod:`vanort.core.numbers`). A text input (a number input would refuse the decimal comma)
    that shows its value in the reader's language and ends its help text with an example."""

    def __init__(self, *, example: Decimal | None = None, **kwargs):
        kwargs["localize"] = True
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")
        self.help_text = number_help(self.help_text, example)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, (Decimal, int, float)):
            return Decimal(str(value))
        return parse_number(str(value))


def number_help(help_text, example: Decimal | None = None):
    """``help_text`` followed by an example of a number in the reader's language (both lazy)."""
    hint = example_help() if example is None else example_help(example)
    return format_lazy("{} {}", help_text, hint) if help_text else hint


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
        mark_languages(self)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField):
                refuse_ids_out_of_range(field)
            queryset = getattr(field, "queryset", None)
            if queryset is None or not hasattr(queryset.model, "scope"):
                continue
            action = CHANGE if name in self.parent_fields else VIEW
            field.queryset = restrict(queryset, user, action)
            if queryset.model._meta.label == "places.City":
                # "City missing? Look it up" beside the field, for those who may register one.
                field.city_lookup = user.is_authenticated and can_add(user, queryset.model)
        offer_settable_values(self, user)

    def clean_expected_version(self):
        value = self.cleaned_data.get("expected_version")
        if self.instance.pk and value is None:
            raise forms.ValidationError(_("The form is missing the record's version; reload the page."))
        return value


def offer_settable_values(form: forms.ModelForm, user) -> None:
    """Shape ``form`` by the gate's value rules (the model's ``Scope.values``): a field the user
    does not choose is left out (the row keeps its value), and the others offer only the values the
    user may set. The service checks the same rules again for every door."""
    model = form._meta.model
    if not hasattr(model, "scope"):
        return
    instance = form.instance
    stored = values_of(instance) if instance.pk else None
    for name, _rule in scope_of(model).values:
        if name not in form.fields:
            continue
        if not may_choose(user, model, name):
            del form.fields[name]
            continue
        allowed = settable(user, instance, name, stored)
        if allowed is None:
            continue
        field = form.fields[name]
        if hasattr(field, "queryset"):
            field.queryset = field.queryset.filter(pk__in=[pk for pk in allowed if pk is not None])
        elif hasattr(field, "choices"):
            field.choices = [(value, label) for value, label in field.choices if value in allowed]
            if len(field.choices) == 1:
                field.initial = field.choices[0][0]


ID_RANGE = range(-(2**63), 2**63)


def refuse_ids_out_of_range(field: forms.ModelChoiceField) -> None:
    """Let ``field`` refuse an id that no 64-bit key can hold with its own "invalid choice" message.

    Django looks a multiple choice up with ``pk__in``, which SQLite cannot bind past 64 bits
    (OverflowError, a 500) and PostgreSQL refuses; a single choice it already drops.
    """
    model = getattr(field.queryset, "model", None)
    if field.to_field_name is not None or model is None or not isinstance(model._meta.pk, models.IntegerField):
        return
    clean = field.clean

    def checked(value):
        for item in value if isinstance(value, (list, tuple)) else [value]:
            try:
                number = int(str(item))
            except ValueError:
                continue  # not a number: the field's own check refuses it
            if number not in ID_RANGE:
                raise ValidationError(field.error_messages["invalid_choice"], code="invalid_choice", params={"value": item})
        return clean(value)

    field.clean = checked


def mark_languages(form: forms.ModelForm) -> None:
    """An input for one language of a translated text (``title_en``) says which (``lang="en"``), so
    that browsers, spelling checkers and screen readers read it in that language (WCAG 3.1.2)."""
    fields = form._meta.model._meta
    for name, field in form.fields.items():
        try:
            language = getattr(fields.get_field(name), "language", None)
        except FieldDoesNotExist:
            continue
        if language:
            field.widget.attrs.setdefault("lang", language)


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
