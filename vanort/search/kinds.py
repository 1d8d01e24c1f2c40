"""What the search indexes: one :class:`Kind` per model, with the text fields it reads.

Only text that the record's own page shows to whoever may open it is indexed: no internal notes
of a public partnership, no e-mail addresses, telephone numbers, travellers or signatories.
Translated fields (django-modeltranslation) are read in both languages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator


@dataclass(frozen=True)
class Kind:
    label: str  # "app_label.ModelName"
    group: str
    fields: tuple[str, ...]
    related: tuple[str, ...] = ()
    url: Callable | None = None  # obj -> address, when the model has no page of its own
    document: bool = False  # an uploaded file whose text is extracted
    extra: Callable | None = field(default=None)  # obj -> more text
    html: tuple[str, ...] = ()  # rich-text fields, indexed without their tags

    @property
    def model(self):
        return apps.get_model(self.label)

    @property
    def key(self) -> str:
        return self.model._meta.label_lower

    def text_fields(self) -> list[str]:
        try:
            translated = set(translator.get_options_for_model(self.model).all_fields)
        except NotRegistered:
            translated = set()
        names = []
        for name in self.fields:
            names += [f"{name}_sv", f"{name}_en"] if name in translated else [name]
        return names


def _decision_numbers(decision) -> str:
    paragraph = f"§ {decision.paragraph} §{decision.paragraph}" if decision.paragraph else ""
    return f"{decision.case_number} {paragraph}"


#: The groups of results, in the order the page shows them.
GROUPS = {
    "decisions": _("Decisions"),
    "partnerships": _("Partnerships and agreements"),
    "cities": _("Cities"),
    "organisations": _("Organisations and contacts"),
    "plans": _("Action plans"),
    "activities": _("Activities"),
    "visits": _("Visits"),
    "governance": _("Governing documents and guidelines"),
    "reviews": _("Reviews and follow-ups"),
    "news": _("News"),
    "documents": _("Uploaded documents"),
}

KINDS = (
    Kind("registry.Partnership", "partnerships", ("summary",), ("municipality", "partner_city"),
         extra=lambda o: f"{o.partner_city.name} {o.partner_city.alternate_names}"),
    Kind("registry.Agreement", "partnerships", ("title", "parties", "decision_reference")),
    Kind("places.City", "cities", ("name", "alternate_names", "region", "profile")),
    Kind("tenancy.Organisation", "organisations", ("name", "description")),
    Kind("tenancy.ContactPerson", "organisations", ("name", "title"), ("organisation",), extra=lambda o: o.organisation.name),
    Kind("plans.ActionPlan", "plans", ("title", "description")),
    Kind("plans.Activity", "activities", ("title", "description", "goals", "outcome", "place")),
    Kind("plans.VisitNotice", "visits", ("place", "purpose", "response")),
    Kind("plans.VisitReport", "visits", ("results", "follow_up"), ("notice",), url=lambda o: o.notice.get_absolute_url()),
    Kind("governance.Decision", "decisions", ("title", "decision_points"), extra=_decision_numbers),
    Kind("governance.GoverningDocument", "governance", ("title", "summary")),
    Kind("governance.Guideline", "governance", ("text",), ("document",), extra=lambda o: o.document.title),
    Kind("governance.Review", "reviews", ("title", "assessment", "proposal")),
    Kind("governance.FollowUp", "reviews", ("assessment", "proposal"), ("document",)),
    Kind("publishing.NewsItem", "news", ("title", "summary", "body"), html=("body_sv", "body_en")),
    Kind("registry.AgreementDocument", "documents", ("original_name",), ("agreement",),
         url=lambda o: o.agreement.get_absolute_url(), document=True),
    Kind("governance.DecisionAttachment", "documents", ("original_name",), ("decision",),
         url=lambda o: o.decision.get_absolute_url(), document=True),
    Kind("plans.ActivityAttachment", "documents", ("title", "original_name"), ("activity",),
         url=lambda o: o.activity.get_absolute_url(), document=True),
)


def kind_of(model) -> Kind | None:
    label = model._meta.label
    return next((k for k in KINDS if k.label == label), None)


def kinds_by_key() -> dict[str, Kind]:
    return {k.key: k for k in KINDS}
