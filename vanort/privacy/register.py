"""The register of personal data (registerförteckning, GDPR art. 30) — declared once, as data.

Every kind of record that holds personal data is a :class:`Kind`: its model, the fields that hold
the personal data and how each is anonymised, why it is kept, on which legal basis, who sees it and
how long it is kept. The register page, the export of a person's data, the erasure and the
retention job all read this list; ``tests/privacy/test_register.py`` fails when a model gains a
field that looks personal and is neither declared here nor listed in :data:`NOT_PERSONAL`.

Public records (allmänna handlingar: decisions, agreements, received requests) declare themselves
(``is_public_record`` from ``vanort.core.archival``): they are searched and exported, but never
changed by an erasure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db.models import CharField, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

#: How a personal field is anonymised.
PLACEHOLDER = "placeholder"  # replaced by “Anonymised person”
BLANK = "blank"  # emptied
SCRUB = (
    "scrub"  # free text: each occurrence of the person's name or e-mail replaced by the placeholder
)
UNIQUE = "unique"  # a unique field (user name): “anonymised-<pk>”

PUBLIC_TASK = _(
    "Public task (GDPR art. 6.1 e): the municipality's international cooperation is a task in the public interest (allmänt intresse)."
)
PUBLIC_TASK_CONSENT = _(
    "Public task (GDPR art. 6.1 e); shown on public pages only with the person's consent (art. 6.1 a)."
)
LEGAL_OBLIGATION = _(
    "Public record (GDPR art. 6.1 c and e): kept under the principle of public access "
    "(offentlighetsprincipen) and the Archives Act (arkivlagen)."
)
SECURITY = _(
    "Legitimate security of the service (GDPR art. 6.1 e, security of processing art. 32)."
)


def placeholder() -> str:
    """The neutral text that replaces a name; stored in the site's default language."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("Anonymised person")


@dataclass(frozen=True)
class Subject:
    """A person looked for: a name, an e-mail address, or both."""

    name: str = ""
    email: str = ""

    def __bool__(self) -> bool:
        return bool(self.name or self.email)

    @property
    def terms(self) -> list[str]:
        return [term for term in (self.name, self.email) if term]


def exact(*name_fields: str, email_fields: tuple[str, ...] = ()) -> Callable[[Subject], Q]:
    """Rows whose name field equals the name, or whose e-mail field equals the address (any case)."""

    def match(subject: Subject) -> Q:
        q = Q(pk__in=[])
        for name in name_fields if subject.name else ():
            q |= Q(**{f"{name}__iexact": subject.name})
        for name in email_fields if subject.email else ():
            q |= Q(**{f"{name}__iexact": subject.email})
        return q

    return match


def contains(*text_fields: str) -> Callable[[Subject], Q]:
    """Rows whose free text mentions the name or the e-mail address."""

    def match(subject: Subject) -> Q:
        q = Q(pk__in=[])
        for name in text_fields:
            for term in subject.terms:
                q |= Q(**{f"{name}__icontains": term})
        return q

    return match


def users_named(subject: Subject) -> Q:
    return exact("_full_name", "username", email_fields=("email",))(subject)


@dataclass(frozen=True)
class Kind:
    """One kind of record holding personal data."""

    key: str
    model_label: str
    label: object
    fields: dict[str, str]  # field → PLACEHOLDER / BLANK / SCRUB / UNIQUE
    purpose: object
    legal_basis: object
    visible_to: object
    retention: object
    tenant: str | Callable[[int], Q]  # lookup to the municipality's pk, or a function of it
    match: Callable[[Subject], Q]
    delete: bool = False  # erased by deleting the rows (logs), not by anonymising them
    annotate: dict = field(default_factory=dict)
    select_related: tuple[str, ...] = ()

    @property
    def model(self):
        return apps.get_model(self.model_label)

    @property
    def public_record(self) -> bool:
        """Declared by the model itself (``vanort.core.archival``): never changed by an erasure."""
        return getattr(self.model, "is_public_record", False)

    @property
    def history_model(self):
        """The simple-history table of the model, or ``None``."""
        manager = getattr(self.model, "history", None)
        return getattr(manager, "model", None) if manager is not None else None

    def in_municipality(self, municipality_id) -> Q:
        return (
            self.tenant(municipality_id)
            if callable(self.tenant)
            else Q(**{self.tenant: municipality_id})
        )

    def rows(self, municipality_id) -> QuerySet:
        return self.model._default_manager.annotate(**self.annotate).filter(
            self.in_municipality(municipality_id)
        )

    def history_rows(self, municipality_id) -> QuerySet | None:
        model = self.history_model
        if model is None:
            return None
        return model.objects.annotate(**self.annotate).filter(self.in_municipality(municipality_id))

    def find(self, municipality_id: int, subject: Subject) -> QuerySet:
        rows = self.rows(municipality_id).filter(self.match(subject))
        return rows.select_related(*self.select_related) if self.select_related else rows

    def find_history(self, municipality_id: int, subject: Subject, pks) -> QuerySet | None:
        """History rows of the records found, and of deleted records that match the person."""
        history = self.history_rows(municipality_id)
        if history is None:
            return None
        return history.filter(Q(id__in=pks) | self.match(subject)).order_by(
            "id", "history_date", "history_id"
        )


FULL_NAME = {"_full_name": Concat("first_name", Value(" "), "last_name", output_field=CharField())}


def _usernames(queryset_filter) -> QuerySet:
    return (
        apps.get_model("accounts.User")
        .objects.annotate(**FULL_NAME)
        .filter(queryset_filter)
        .values("username")
    )


def _login_records(model_label: str, label) -> Kind:
    """django-axes' sign-in records: they name users by user name only."""
    return Kind(
        key=model_label.split(".")[1].lower(),
        model_label=model_label,
        label=label,
        fields={"username": BLANK, "ip_address": BLANK, "user_agent": BLANK},
        delete=True,
        purpose=_(
            "Stopping password guessing: failed and successful sign-ins with address and browser."
        ),
        legal_basis=SECURITY,
        visible_to=_("System operators only (not shown in Vänort)."),
        retention=_(
            "Failed attempts end with the lockout period; remove old sign-in logs regularly with “vanort axes_reset_logs --age 90”."
        ),
        tenant=lambda municipality_id: Q(username__in=_usernames(Q(municipality=municipality_id))),
        match=lambda subject: Q(username__in=_usernames(users_named(subject))),
    )


KINDS: list[Kind] = [
    Kind(
        key="users",
        model_label="accounts.User",
        label=_("Users"),
        fields={"first_name": PLACEHOLDER, "last_name": BLANK, "email": BLANK, "username": UNIQUE},
        purpose=_(
            "Signing in, reminders by e-mail, and showing who registered, answered or changed what."
        ),
        legal_basis=PUBLIC_TASK,
        visible_to=_(
            "Administrators of the municipality; colleagues see the name where the user did something."
        ),
        retention=_(
            "While the person works with the cooperation; then deactivated, and anonymised on request."
        ),
        tenant="municipality",
        match=users_named,
        annotate=FULL_NAME,
    ),
    Kind(
        key="contact_persons",
        model_label="tenancy.ContactPerson",
        label=_("Contact persons"),
        fields={"name": PLACEHOLDER, "title": BLANK, "email": BLANK, "phone": BLANK},
        purpose=_("Knowing whom to contact at an organisation taking part in the cooperation."),
        legal_basis=PUBLIC_TASK_CONSENT,
        visible_to=_("Everyone signed in to the municipality; the public only when marked public."),
        retention=_(
            "While the person is the organisation's contact; anonymised on request or when the role ends."
        ),
        tenant="organisation__municipality",
        match=exact("name", email_fields=("email",)),
        select_related=("organisation",),
    ),
    Kind(
        key="named_participants",
        model_label="plans.NamedParticipant",
        label=_("Named participants (often minors)"),
        fields={"name": PLACEHOLDER, "organisation": BLANK, "note": BLANK},
        purpose=_(
            "Knowing who took part in an activity (safety, insurance, exchanges of pupils); counts are kept separately."
        ),
        legal_basis=PUBLIC_TASK,
        visible_to=_("The responsible organisation, coordinators and administrators."),
        retention=_(
            "Anonymised automatically when the retention period after the activity's end has passed."
        ),
        tenant="activity__municipality",
        match=exact("name"),
        select_related=("activity",),
    ),
    Kind(
        key="visit_notices",
        model_label="plans.VisitNotice",
        label=_("Visit notices (who travels or visits)"),
        fields={"travellers": SCRUB, "response": SCRUB},
        purpose=_(
            "Coordinating trips and incoming delegations, and knowing who is abroad in the municipality's name."
        ),
        legal_basis=PUBLIC_TASK,
        visible_to=_(
            "The notifying organisation, coordinators, administrators, board members and unit editors of the municipality."
        ),
        retention=_(
            "Kept as the record of the visit; names in it are replaced on request, the number of people is kept."
        ),
        tenant="municipality",
        match=contains("travellers", "response"),
        select_related=("organisation",),
    ),
    Kind(
        key="visit_reports",
        model_label="plans.VisitReport",
        label=_("Visit reports (contacts made)"),
        fields={"contacts_made": SCRUB, "follow_up": SCRUB},
        purpose=_(
            "Following up what came of a visit and whom it put the municipality in contact with."
        ),
        legal_basis=PUBLIC_TASK,
        visible_to=_(
            "The notifying organisation, coordinators, administrators, board members and unit editors of the municipality."
        ),
        retention=_("Kept as the record of the visit; names in it are replaced on request."),
        tenant="notice__municipality",
        match=contains("contacts_made", "follow_up"),
        select_related=("notice",),
    ),
    Kind(
        key="activity_attachments",
        model_label="plans.ActivityAttachment",
        label=_("Activity attachments (titles and file names)"),
        fields={"title": SCRUB, "original_name": SCRUB},
        purpose=_(
            "Documents of an activity, such as programmes; the content of the files is not searched."
        ),
        legal_basis=PUBLIC_TASK,
        visible_to=_("Everyone signed in to the municipality; the public only when marked public."),
        retention=_(
            "As long as the activity's documentation is needed; a file holding personal data is deleted by the activity's editors."
        ),
        tenant="activity__municipality",
        match=contains("title", "original_name"),
        select_related=("activity",),
    ),
    _login_records("axes.AccessAttempt", _("Failed sign-in attempts")),
    _login_records("axes.AccessFailureLog", _("Sign-in failure log")),
    _login_records("axes.AccessLog", _("Sign-in log")),
    # --- public records: searched and exported, never changed --------------------------------------
    Kind(
        key="decisions",
        model_label="governance.Decision",
        label=_("Decisions (case register)"),
        fields={"title": SCRUB, "decision_points": SCRUB, "decision_basis": SCRUB},
        purpose=_("The board's decisions and the case register."),
        legal_basis=LEGAL_OBLIGATION,
        visible_to=_("The public unless confidential; everyone signed in to the municipality."),
        retention=_("Archived under the archives act; never erased."),
        tenant="municipality",
        match=contains("title", "decision_points", "decision_basis"),
    ),
    Kind(
        key="distributions",
        model_label="governance.Distribution",
        label=_("Distribution of decisions"),
        fields={"recipient": SCRUB},
        purpose=_("To whom a decision was sent."),
        legal_basis=LEGAL_OBLIGATION,
        visible_to=_("Everyone signed in to the municipality."),
        retention=_("Archived with the decision; never erased."),
        tenant="decision__municipality",
        match=contains("recipient"),
        select_related=("decision",),
    ),
    Kind(
        key="agreements",
        model_label="registry.Agreement",
        label=_("Agreements"),
        fields={"parties": SCRUB, "signatories": SCRUB},
        purpose=_("Agreements with partner cities and who signed them."),
        legal_basis=LEGAL_OBLIGATION,
        visible_to=_("The public unless internal; everyone signed in to the municipality."),
        retention=_("Archived under the archives act; never erased."),
        tenant="partnership__municipality",
        match=contains("parties", "signatories"),
    ),
    Kind(
        key="partnership_requests",
        model_label="governance.PartnershipRequest",
        label=_("Partnership requests"),
        fields={"sender": SCRUB, "message": SCRUB, "community_support": SCRUB},
        purpose=_(
            "Requests for a new partnership and their handling; a received letter is a public record on arrival."
        ),
        legal_basis=LEGAL_OBLIGATION,
        visible_to=_("Administrators, coordinators and board members of the municipality."),
        retention=_("Archived under the archives act; never erased."),
        tenant="municipality",
        match=contains("sender", "message", "community_support"),
    ),
]

KINDS_BY_KEY = {kind.key: kind for kind in KINDS}

#: Public records whose files may hold names but are never searched or changed here.
PUBLIC_RECORD_MODELS = (
    "governance.Decision",
    "governance.DecisionAttachment",
    "governance.Distribution",
    "governance.PartnershipRequest",
    "registry.Agreement",
    "registry.AgreementDocument",
)

#: Fields that point at a user: who did what. They are kept when a user is anonymised (the user
#: row itself is), and listed in the export of that user. ``history_user`` of every history table too.
USER_LINKS: list[tuple[str, str]] = [
    ("plans.ActionPlan", "coordinator"),
    ("plans.PlanStatusChange", "by"),
    ("plans.VisitNotice", "notified_by"),
    ("plans.VisitNotice", "responded_by"),
    ("plans.VisitReport", "submitted_by"),
    ("plans.ActivityAttachment", "uploaded_by"),
    ("governance.Decision", "registered_by"),
    ("governance.Decision", "archived_by"),
    ("governance.Distribution", "archived_by"),
    ("governance.PartnershipRequest", "archived_by"),
    ("registry.Agreement", "archived_by"),
    ("governance.DecisionAttachment", "uploaded_by"),
    ("registry.AgreementDocument", "uploaded_by"),
    ("reports.ReportJob", "requested_by"),
    ("plans.ImportJob", "requested_by"),
    ("reports.WordTemplate", "uploaded_by"),
    ("reports.SentReminder", "recipient"),
    ("api.ApiToken", "user"),
    ("publishing.CalendarToken", "user"),
    ("privacy.ErasureLog", "by"),
]

#: Fields that look personal by their name but are not, and why (checked by the register test).
NOT_PERSONAL: dict[str, str] = {
    "places.City.name": "a city",
    "tenancy.Municipality.name": "a municipality",
    "tenancy.Organisation.name": "an organisation",
    "registry.PriorityArea.name": "a priority area",
    "registry.Network.name": "a network",
    "registry.AgreementDocument.original_name": "a file name of a public record",
    "governance.DecisionAttachment.original_name": "a file name of a public record",
    "reports.ReportJob.file_name": "a generated report file name",
    "plans.ImportJob.file_name": "the name of an imported spreadsheet, kept with its import's progress",
    "reports.WordTemplate.file_name": "the name of the municipality's Word template for its reports",
}
