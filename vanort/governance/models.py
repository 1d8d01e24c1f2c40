"""Governance: governing documents and their guidelines, the case and decision register,
requests for new partnerships, reviews of partnerships and follow-ups of governing documents.

The board (kommunstyrelsen) decides; its presidium handles requests; the international office
(coordinators) prepares. Terms of office (mandate periods) are not stored: they are computed from
the municipality's settings by :mod:`vanort.governance.mandates`, and what follow-ups are due,
done or overdue comes from :func:`vanort.governance.selectors.follow_up_statuses`.

Nothing below this app (registry, plans, tenancy, core) imports it: links to partnerships,
agreements, plans and documents are kept here, on the decision side.
"""

import datetime
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from vanort.core.archival import ArchivableRecord, PublicRecordFile, archive_constraint
from vanort.core.models import VersionedModel
from vanort.core.permissions import Scope
from vanort.core.roles import MUNICIPALITY_EDITORS, Role
from vanort.governance.mandates import period_label
from vanort.places.models import City
from vanort.plans.models import ActionPlan, Activity
from vanort.registry.models import Agreement, Partnership, PriorityArea
from vanort.tenancy.models import Municipality, Organisation

#: Decisions are registered by the international office and by board members.
DECISION_EDITORS = MUNICIPALITY_EDITORS | {Role.BOARD}
#: Pattern of a case number: body prefix, year, running number — "KS 2017-494".
CASE_NUMBER_RE = r"^(?P<prefix>[A-ZÅÄÖ]{1,10}) (?P<year>\d{4})-(?P<serial>\d{1,7})$"
PREFIX_RE = r"^[A-ZÅÄÖ]{1,10}$"


class Decision(ArchivableRecord, VersionedModel):
    """A case (ärende) and the decision taken on it by the board, its presidium or a committee.

    ``case_number`` is the municipality's own diary number, e.g. "KS 2017-494": ``case_prefix``
    (the body), ``case_year`` and ``case_serial`` (the running number). New numbers come from
    :func:`vanort.governance.services.decisions.decision_register`, which draws them from a
    locked :class:`CaseCounter` so there are no gaps and no duplicates; a historical number may be
    entered by hand instead (it must still be unique, and moves the counter only when it is the
    series' next number). ``paragraph`` is the minute paragraph (§ 513), used once per meeting. Decisions are public records unless marked otherwise; registered, they are kept for
    good: archived with a reason, never deleted (:mod:`vanort.core.archival`).
    """

    class Body(models.TextChoices):
        BOARD = "board", _("Municipal board")
        PRESIDIUM = "presidium", _("Board presidium")
        COMMITTEE = "committee", _("Committee")

    municipality = models.ForeignKey(Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="decisions")
    body = models.CharField(_("decided by"), max_length=20, choices=Body, default=Body.BOARD)
    committee = models.ForeignKey(
        Organisation, verbose_name=_("committee"), null=True, blank=True, on_delete=models.PROTECT, related_name="decisions",
        help_text=_("Only for decisions taken by a committee."),
    )
    meeting_date = models.DateField(_("meeting date"))
    paragraph = models.CharField(_("minute paragraph (§)"), max_length=20, blank=True, help_text=_("E.g. 513 for § 513."))
    case_prefix = models.CharField(_("case number prefix"), max_length=10, default="KS", help_text=_("The body's letters, e.g. KS."))
    case_year = models.PositiveSmallIntegerField(_("case year"), editable=False)
    case_serial = models.PositiveIntegerField(_("running number"), editable=False)
    case_number = models.CharField(_("case number"), max_length=40, editable=False)
    title = models.CharField(_("title"), max_length=250)
    decision_points = models.TextField(_("decision points"), blank=True, help_text=_("One point per line."))
    decision_basis = models.TextField(_("decision basis"), blank=True, help_text=_("E.g. “Tjänsteskrivelse 2017-11-14”; one document per line."))
    partnerships = models.ManyToManyField(Partnership, verbose_name=_("partnerships concerned"), blank=True, related_name="+")
    agreements = models.ManyToManyField(Agreement, verbose_name=_("agreements concerned"), blank=True, related_name="+")
    agreements_resting = models.ManyToManyField(
        Agreement, verbose_name=_("agreements that rest on this decision"), blank=True, related_name="+",
    )
    plans = models.ManyToManyField(ActionPlan, verbose_name=_("action plans concerned"), blank=True, related_name="+")
    documents = models.ManyToManyField("GoverningDocument", verbose_name=_("governing documents concerned"), blank=True, related_name="decisions")
    is_public = models.BooleanField(_("public"), default=True, help_text=_("Decisions are public records unless they hold confidential matters."))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    scope = Scope(tenant="municipality", public=("is_public",), editors=DECISION_EDITORS)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-meeting_date", "-pk"]
        indexes = [models.Index(fields=["municipality", "-meeting_date"], name="decision_tenant_date")]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "case_number"], name="decision_unique_case_number",
                violation_error_message=_("This case number is already in use."),
            ),
            models.UniqueConstraint(
                fields=["municipality", "case_prefix", "case_year", "case_serial"], name="decision_unique_case_parts",
                violation_error_message=_("This case number is already in use."),
            ),
            # One minute paragraph once per meeting: the board's or presidium's meeting of a date,
            # or a named committee's (two constraints, as NULL committees never compare equal).
            models.UniqueConstraint(
                fields=["municipality", "body", "meeting_date", "paragraph"], condition=Q(committee__isnull=True) & ~Q(paragraph=""),
                name="decision_unique_paragraph", violation_error_message=_("This minute paragraph is already used at that meeting."),
            ),
            models.UniqueConstraint(
                fields=["municipality", "committee", "meeting_date", "paragraph"],
                condition=Q(committee__isnull=False) & ~Q(paragraph=""),
                name="decision_unique_committee_paragraph",
                violation_error_message=_("This minute paragraph is already used at that meeting."),
            ),
            models.CheckConstraint(
                condition=~Q(body="committee") | Q(committee__isnull=False),
                name="decision_committee_named",
                violation_error_message=_("Name the committee that took the decision."),
            ),
            archive_constraint("decision"),
        ]

    def __str__(self):
        paragraph = f" § {self.paragraph}" if self.paragraph else ""
        return f"{self.case_number}{paragraph}: {self.title}"

    def get_absolute_url(self):
        return reverse("governance:decision_detail", args=[self.pk])

    @property
    def points(self) -> list[str]:
        return [line.strip() for line in (self.decision_points or "").splitlines() if line.strip()]


class CaseCounter(models.Model):
    """The last running number handed out for one municipality, prefix and year.

    Locked with ``select_for_update`` while a number is drawn, inside the transaction that saves
    the decision: concurrent registrations wait for each other, and a failed save gives its
    number back (no gaps).
    """

    municipality = models.ForeignKey(Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="+")
    prefix = models.CharField(_("prefix"), max_length=10)
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("case number counter")
        verbose_name_plural = _("case number counters")
        constraints = [models.UniqueConstraint(fields=["municipality", "prefix", "year"], name="case_counter_unique")]

    def __str__(self):
        return f"{self.prefix} {self.year}: {self.last_number}"


class Distribution(ArchivableRecord, VersionedModel):
    """One recipient of a decision ("Beslutet skickas till"), with the date it was sent.

    Part of the decision's record: archived with a reason, never deleted."""

    decision = models.ForeignKey(Decision, verbose_name=_("decision"), on_delete=models.PROTECT, related_name="distribution")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recipient = models.CharField(_("recipient"), max_length=250, blank=True, help_text=_("E.g. “Samtliga nämnder” or a person's name."))
    note = models.CharField(_("what is sent"), max_length=250, blank=True, help_text=_("E.g. “§ and the position paper”."))
    sent_on = models.DateField(_("sent on"), null=True, blank=True)

    scope = Scope(tenant="decision__municipality", public=("decision__is_public",), editors=DECISION_EDITORS)

    class Meta:
        verbose_name = _("distribution")
        verbose_name_plural = _("distribution list")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | ~Q(recipient=""),
                name="distribution_has_recipient",
                violation_error_message=_("Name a recipient or choose an organisation."),
            ),
            archive_constraint("distribution"),
        ]

    def __str__(self):
        return self.recipient or str(self.organisation)

    def get_absolute_url(self):
        return reverse("governance:distribution_detail", args=[self.pk])


def _attachment_path(instance, filename):
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"decisions/{uuid.uuid4().hex}{suffix}"


class DecisionAttachment(PublicRecordFile):
    """A file of a decision (minutes extract, officer's report …), served only as a download.

    Part of the decision's record: kept with it, never deleted."""

    decision = models.ForeignKey(Decision, verbose_name=_("decision"), on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(_("file"), upload_to=_attachment_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+")

    scope = Scope(tenant="decision__municipality", public=("decision__is_public",), editors=DECISION_EDITORS)

    class Meta:
        verbose_name = _("decision attachment")
        verbose_name_plural = _("decision attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class GoverningDocument(VersionedModel):
    """A governing document (styrdokument): a strategy, a position paper …

    ``adopted_by`` is the decision that adopted it. ``follow_up_rule`` says how often the board
    follows it up: once per mandate period (term of office), every ``follow_up_years`` years, or
    not at all. Only documents ``in_force`` have follow-ups due.
    """

    class Kind(models.TextChoices):
        STRATEGY = "strategy", _("Strategy")
        POSITION_PAPER = "position_paper", _("Position paper")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("In force")
        REPLACED = "replaced", _("Replaced")

    class FollowUpRule(models.TextChoices):
        PER_MANDATE = "per_mandate", _("At least once per mandate period")
        EVERY_N_YEARS = "every_n_years", _("Every N years")
        NONE = "none", _("No follow-up rule")

    municipality = models.ForeignKey(Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="governing_documents")
    title = models.CharField(_("title"), max_length=250)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.STRATEGY)
    summary = models.TextField(_("summary"), blank=True)
    adopted_on = models.DateField(_("adopted on"))
    adopted_by = models.ForeignKey(
        Decision, verbose_name=_("adopted by decision"), null=True, blank=True, on_delete=models.PROTECT, related_name="adopted_documents"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.IN_FORCE)
    replaced_by = models.ForeignKey(
        "self", verbose_name=_("replaced by"), null=True, blank=True, on_delete=models.PROTECT, related_name="replaces"
    )
    priority_areas = models.ManyToManyField(PriorityArea, verbose_name=_("priority areas"), blank=True, related_name="+")
    follow_up_rule = models.CharField(_("follow-up rule"), max_length=20, choices=FollowUpRule, default=FollowUpRule.PER_MANDATE)
    follow_up_years = models.PositiveSmallIntegerField(_("follow up every … years"), null=True, blank=True)
    is_public = models.BooleanField(_("public"), default=True)

    scope = Scope(tenant="municipality", public=("is_public",))

    class Meta:
        verbose_name = _("governing document")
        verbose_name_plural = _("governing documents")
        ordering = ["-adopted_on", "pk"]
        indexes = [models.Index(fields=["municipality", "status"], name="govdoc_tenant_status")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(follow_up_rule="every_n_years") | Q(follow_up_years__gte=1),
                name="govdoc_years_for_rule",
                violation_error_message=_("Say every how many years the document is followed up."),
            ),
            models.CheckConstraint(
                condition=~Q(status="replaced") | Q(replaced_by__isnull=False),
                name="govdoc_replaced_by",
                violation_error_message=_("Name the document that replaced it."),
            ),
            models.CheckConstraint(
                condition=Q(replaced_by__isnull=True) | ~Q(replaced_by=models.F("pk")),
                name="govdoc_not_replaced_by_itself",
                violation_error_message=_("A document cannot replace itself."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("governance:governingdocument_detail", args=[self.pk])


class Guideline(VersionedModel):
    """A guideline (riktlinje) of a governing document; activities are assessed against it.

    A guideline with assessments is never deleted (they refer to it, ``PROTECT``): it is retired
    from a date instead, and no longer offered for new assessments."""

    document = models.ForeignKey(GoverningDocument, verbose_name=_("governing document"), on_delete=models.CASCADE, related_name="guidelines")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("guideline"))
    retired_on = models.DateField(
        _("retired on"), null=True, blank=True,
        help_text=_("From this day the guideline is no longer offered for new assessments; earlier assessments keep it."),
    )

    scope = Scope(tenant="document__municipality", public=("document__is_public",))

    class Meta:
        verbose_name = _("guideline")
        verbose_name_plural = _("guidelines")
        ordering = ["document", "position", "pk"]

    def __str__(self):
        text = self.text or ""
        return f"{self.position}. {text[:80]}{'…' if len(text) > 80 else ''}"

    def get_absolute_url(self):
        return reverse("governance:guideline_detail", args=[self.pk])

    def is_retired(self, on: datetime.date) -> bool:
        return self.retired_on is not None and self.retired_on <= on


class FollowUp(VersionedModel):
    """The board's follow-up of a governing document for one period (usually a mandate period).

    The international office writes its ``assessment`` and ``proposal``; the report is compiled
    from the data (activities, costs, participation … of the period) by ``vanort.reports``; the
    follow-up is closed by the ``decision`` that received it. ``period_start``/``period_end`` are
    the first and last day of the period (a mandate period: 15 Oct 2022 – 14 Oct 2026).

    ``term_start``/``term_end`` record the term of office (or rule period) the follow-up answers
    for, set by :func:`vanort.governance.services.follow_up_save` from the settings of the day it
    is created and frozen when it is received: a later change of the municipality's term
    settings moves follow-ups not yet received, never received ones.
    """

    document = models.ForeignKey(GoverningDocument, verbose_name=_("governing document"), on_delete=models.PROTECT, related_name="follow_ups")
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    assessment = models.TextField(_("the office's assessment"), blank=True)
    proposal = models.TextField(_("proposal to the board"), blank=True)
    decision = models.ForeignKey(
        Decision, verbose_name=_("received by decision"), null=True, blank=True, on_delete=models.PROTECT, related_name="follow_ups"
    )
    term_start = models.DateField(_("term starts"), null=True, editable=False)
    term_end = models.DateField(_("term ends"), null=True, editable=False)

    scope = Scope(tenant="document__municipality")

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["document", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "period_start"], name="followup_unique_period",
                violation_error_message=_("This document already has a follow-up for that period."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="followup_period_order",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.document}: {self.period_label}"

    @property
    def period_label(self) -> str:
        """E.g. "2022–2026" for 15 Oct 2022 – 14 Oct 2026, "2015–2018" for 1 Jan 2015 – 31 Dec 2018."""
        return period_label(self.period_start, self.period_end)

    @property
    def term_label(self) -> str:
        return period_label(self.term_start, self.term_end) if self.term_start and self.term_end else self.period_label

    @property
    def is_closed(self) -> bool:
        return self.decision_id is not None

    def get_absolute_url(self):
        return reverse("governance:followup_detail", args=[self.pk])


class Review(VersionedModel):
    """The international office's review (översyn) of a partnership before a new agreement.

    Covers ``period_start``–``period_end``; the report is compiled from the data by
    ``vanort.reports``; ``assessment`` and ``proposal`` are the office's; closed by the
    ``decision`` that received it. ``agreement`` is the new agreement it prepared, once signed.
    """

    partnership = models.ForeignKey(Partnership, verbose_name=_("partnership"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=250)
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    assessment = models.TextField(_("the office's assessment"), blank=True)
    proposal = models.TextField(_("proposal to the board"), blank=True)
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("new agreement"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("The agreement the review prepared, once there is one."),
    )
    decision = models.ForeignKey(
        Decision, verbose_name=_("received by decision"), null=True, blank=True, on_delete=models.PROTECT, related_name="reviews"
    )

    scope = Scope(tenant="partnership__municipality")

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-period_end", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="review_period_order",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.decision_id is not None

    def get_absolute_url(self):
        return reverse("governance:review_detail", args=[self.pk])


class PartnershipRequest(ArchivableRecord, VersionedModel):
    """A request from another city to establish a partnership.

    Flow: received → with the presidium → prepared by the international office → decided by the
    board (accepted or declined). Preparation is judged against the strategy's criteria: the
    priority areas it serves, community support, a first-year plan and budget (integer minor
    units of the municipality's currency). Accepting creates the partnership
    (:func:`vanort.governance.services.requests.request_accept`); a declined request keeps its
    reasons. A registered case: archived with a reason, never deleted.
    """

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        PRESIDIUM = "presidium", _("With the presidium")
        PREPARED = "prepared", _("Prepared by the international office")
        ACCEPTED = "accepted", _("Accepted by the board")
        DECLINED = "declined", _("Declined by the board")

    #: The allowed moves by the transition page (deciding goes through accept/decline).
    TRANSITIONS = {
        Status.RECEIVED: (Status.PRESIDIUM,),
        Status.PRESIDIUM: (Status.RECEIVED, Status.PREPARED),
        Status.PREPARED: (Status.PRESIDIUM,),
        Status.ACCEPTED: (),
        Status.DECLINED: (),
    }

    municipality = models.ForeignKey(Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="partnership_requests")
    city = models.ForeignKey(City, verbose_name=_("from city"), on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField(_("received on"))
    sender = models.CharField(_("from whom"), max_length=250, help_text=_("Who sent the request, e.g. the mayor's office."))
    message = models.TextField(_("the request"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.RECEIVED, editable=False)
    proposed_category = models.CharField(
        _("proposed category"), max_length=20, choices=Partnership.Category, default=Partnership.Category.FRIENDSHIP
    )
    presidium_note = models.TextField(_("the presidium's handling"), blank=True)
    priority_areas = models.ManyToManyField(PriorityArea, verbose_name=_("priority areas served"), blank=True, related_name="+")
    community_support = models.TextField(_("community support"), blank=True, help_text=_("Who in the community supports and would carry the cooperation."))
    first_year_plan = models.TextField(_("first-year plan"), blank=True)
    first_year_budget = models.BigIntegerField(_("first-year budget (minor units)"), null=True, blank=True)
    preparation_note = models.TextField(_("the office's preparation"), blank=True)
    decision = models.ForeignKey(
        Decision, verbose_name=_("board decision"), null=True, blank=True, on_delete=models.PROTECT, related_name="requests", editable=False
    )
    decline_reasons = models.TextField(_("reasons for declining"), blank=True, editable=False)
    partnership = models.ForeignKey(
        Partnership, verbose_name=_("resulting partnership"), null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )

    scope = Scope(tenant="municipality")

    class Meta:
        verbose_name = _("partnership request")
        verbose_name_plural = _("partnership requests")
        ordering = ["-received_on", "pk"]
        indexes = [models.Index(fields=["municipality", "status"], name="request_tenant_status")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["accepted", "declined"]) | Q(decision__isnull=False),
                name="request_decided_has_decision",
                violation_error_message=_("A decided request needs the board's decision."),
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reasons=""),
                name="request_declined_has_reasons",
                violation_error_message=_("Give the reasons for declining."),
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(partnership__isnull=False),
                name="request_accepted_has_partnership",
                violation_error_message=_("An accepted request becomes a partnership."),
            ),
            models.CheckConstraint(
                condition=Q(first_year_budget__isnull=True) | Q(first_year_budget__gte=0),
                name="request_budget_not_negative",
                violation_error_message=_("The budget cannot be negative."),
            ),
            archive_constraint("request"),
        ]

    def __str__(self):
        return _("Request from %(city)s (%(date)s)") % {"city": self.city.name, "date": self.received_on.isoformat()}

    def get_absolute_url(self):
        return reverse("governance:partnershiprequest_detail", args=[self.pk])

    @property
    def is_decided(self) -> bool:
        return self.status in (self.Status.ACCEPTED, self.Status.DECLINED)


class ActivityGuidelineAssessment(VersionedModel):
    """How one activity meets one guideline of a governing document, with a short justification."""

    class Judgement(models.TextChoices):
        FULFILS = "fulfils", _("Fulfils")
        PARTLY = "partly", _("Partly")
        NO = "no", _("Does not fulfil")
        NOT_RELEVANT = "not_relevant", _("Not relevant")

    activity = models.ForeignKey(Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="+")
    guideline = models.ForeignKey(Guideline, verbose_name=_("guideline"), on_delete=models.PROTECT, related_name="assessments")
    judgement = models.CharField(_("judgement"), max_length=20, choices=Judgement)
    justification = models.CharField(_("justification"), max_length=500, blank=True)

    scope = Scope(tenant="activity__municipality", owner="activity__responsible_organisation")

    class Meta:
        verbose_name = _("guideline assessment")
        verbose_name_plural = _("guideline assessments")
        ordering = ["guideline__document", "guideline__position", "guideline__pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "guideline"], name="assessment_unique",
                violation_error_message=_("This activity is already assessed against that guideline."),
            ),
        ]

    def __str__(self):
        return f"{self.activity}: {self.guideline} — {self.get_judgement_display()}"
