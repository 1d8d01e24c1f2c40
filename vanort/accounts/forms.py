from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from vanort.accounts.models import User
from vanort.core.forms import ScopedModelForm


class LoginForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "ds-input"


class UserForm(ScopedModelForm):
    """An administrator's form for the users of their municipality."""

    password = forms.CharField(
        label=_("New password"),
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Leave empty to keep the current password. Required for a new user."),
    )

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "organisation", "role", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].required = True
        self.fields["role"].required = True
        if self.instance._state.adding and self.user is not None:
            # A new user belongs to the administrator's municipality; set it before the model's own
            # validation runs (User.clean asks for it), not only on save.
            self.instance.municipality_id = self.user.municipality_id

    def clean_password(self):
        password = self.cleaned_data.get("password")
        if not self.instance.pk and not password:
            raise forms.ValidationError(_("A new user needs a password."))
        if password:
            password_validation.validate_password(password, self.instance)
        return password

    def save(self, commit=True):
        user = super().save(commit=False)
        user.municipality_id = self.user.municipality_id
        if self.cleaned_data.get("password"):
            user.set_password(self.cleaned_data["password"])
        if commit:
            user.save()
        return user


class CodeForm(forms.Form):
    """The six-digit one-time code from an authenticator app."""

    code = forms.CharField(
        label=_("Code from the app"),
        max_length=12,
        widget=forms.TextInput(attrs={"class": "ds-input", "autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}),
        help_text=_("Six digits; a new code appears every 30 seconds."),
    )
