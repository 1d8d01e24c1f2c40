"""Forms of the reports app: the municipality's Word template."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vanort.reports.word_template import MAX_BYTES

WORD_TYPES = ".docx,.dotx,application/vnd.openxmlformats-officedocument.wordprocessingml.document," \
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template"


class WordTemplateForm(forms.Form):
    file = forms.FileField(
        label=_("Word template (.dotx or .docx)"),
        widget=forms.FileInput(attrs={"accept": WORD_TYPES, "class": "ds-input"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("At most %(mb)s MB. Its styles, page set-up, header and footer are used; its text is not.") % {
            "mb": MAX_BYTES // (1024 * 1024)}
