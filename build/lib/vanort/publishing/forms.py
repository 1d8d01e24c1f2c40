from django import forms

from vanort.core.forms import ScopedModelForm
from vanort.publishing.models import NewsItem


class NewsItemForm(ScopedModelForm):
    class Meta:
        model = NewsItem
        fields = [
            "title_sv", "title_en", "summary_sv", "summary_en", "body_sv", "body_en",
            "published_at", "partnership", "activity", "is_public",
        ]
        widgets = {
            "published_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "summary_sv": forms.Textarea(attrs={"rows": 3}),
            "summary_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = self.fields["partnership"].queryset.select_related("municipality", "partner_city")
        self.fields["title_sv"].required = True
