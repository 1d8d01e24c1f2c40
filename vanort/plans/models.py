"""Action plans, activities, costs, participation and visits — the cooperation's working core.

Money is stored as integer minor units (öre, cents) so that sums are exact on SQLite and
PostgreSQL alike. Activities and cost lines carry their municipality directly, so every list and
aggregate starts from a tenant-first index.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from vanort.core.models import CheckedModel, VersionedModel
from vanort.core.permissions import (
    EditorsChoose,
    OwnOrganisation,
    Proposal,
    Readers,
    Scope,
)
from vanort.core.roles import MUNICIPALITY_EDITORS, MUNICIPALITY_READERS, PROPOSERS
from vanort.registry.models import Network, Partnership, PriorityArea
from vanort.tenancy.models import Municipality, Organisation


class ActionPlan(VersionedModel):
    """Concrete arrangements and activities planned for a period, for a partnership or a network."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        COORDINATION = "coordination", _("In coordination")
        ADOPTED = "adopted", _("Adopted")
        CLOSED = "closed", _("Closed")

    #: The allowed moves: from a status to the statuses it may go to.
    TRANSITIONS = {
        Status.DRAFT: (Status.COORDINATION,),
        Status.COORDINATION: (Status.DRAFT, Status.ADOPTED),
        Status.ADOPTED: (Status.CLOSED, Status.COORDINATION),
        Status.CLOSED: (),
    }

    municipality = models.ForeignKey(Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="action_plans")
    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), null=True, blank=True, on_delete=models.PROTECT, related_name="action_plans"
    )
    network = models.ForeignKey(Network, verbose_name=_("network"), null=True, blank=True, on_delete=models.PROTECT, related_name="action_plans")
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT, editable=False)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("coordinator"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_public = models.BooleanField(_("public"), default=True)

    # Who moved the plan from status to status (people's names): the municipality's own readers.
    scope = Scope(tenant="municipality", public=("is_public",), fields={"status_changes": Readers(MUNICIPALITY_READERS)})

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["-period_start", "title"]
        indexes = [models.Index(fields=["municipality", "-period_start"], name="plan_tenant_period")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(partnership__isnull=False) & Q(network__isnull=True)) | (Q(partnership__isnull=True) & Q(network__isnull=False)),
                name="plan_partnership_xor_network",
                violation_error_message=_("An action plan belongs to either a partnership or a network."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="plan_period_order",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("plans:actionplan_detail", args=[self.pk])

    @property
    def subject(self):
        return self.partnership or self.network


class PlanStatusChange(models.Model):
    """Who moved a plan from one status to another, and when."""

    plan = models.ForeignKey(ActionPlan, verbose_name=_("action plan"), on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=20, choices=ActionPlan.Status)
    to_status = models.CharField(_("to"), max_length=20, choices=ActionPlan.Status)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.plan}: {self.from_status} → {self.to_status}"


class Activity(VersionedModel):
    """A unit of work in an action plan: a visit, exchange, project, event …"""

    class Kind(models.TextChoices):
        VISIT_OUT = "visit_out", _("Visit to the partner city")
        VISIT_IN = "visit_in", _("Incoming visit")
        DELEGATION = "delegation", _("Delegation")
        STUDENT_EXCHANGE = "student_exchange", _("Student exchange")
        YOUTH_EXCHANGE = "youth_exchange", _("Youth exchange")
        STAFF_EXCHANGE = "staff_exchange", _("Staff exchange")
        PROJECT = "project", _("Project")
        CONFERENCE = "conference", _("Conference or network meeting")
        CULTURE = "culture", _("Cultural event")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    class Marker(models.IntegerChoices):
        NOT_TARGETED = 0, _("0 – not targeted")
        SIGNIFICANT = 1, _("1 – significant objective")
        PRINCIPAL = 2, _("2 – principal objective")

    municipality = models.ForeignKey(Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="activities")
    plan = models.ForeignKey(ActionPlan, verbose_name=_("action plan"), null=True, blank=True, on_delete=models.PROTECT, related_name="activities")
    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), null=True, blank=True, on_delete=models.PROTECT, related_name="activities"
    )
    network = models.ForeignKey(Network, verbose_name=_("network"), null=True, blank=True, on_delete=models.PROTECT, related_name="activities")
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    responsible_organisation = models.ForeignKey(
        Organisation, verbose_name=_("responsible organisation"), on_delete=models.PROTECT, related_name="responsible_for"
    )
    participating_organisations = models.ManyToManyField(
        Organisation, verbose_name=_("participating organisations"), blank=True, related_name="participates_in"
    )
    priority_areas = models.ManyToManyField(PriorityArea, verbose_name=_("priority areas"), related_name="activities")
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PROPOSED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    progress_from_milestones = models.BooleanField(
        _("progress from milestones"), default=False,
        help_text=_("Progress is the share of milestones done instead of a figure set by hand."),
    )
    series = models.ForeignKey(
        "ActivitySeries", verbose_name=_("series"), null=True, blank=True, on_delete=models.SET_NULL, related_name="occurrences",
        editable=False,
    )
    series_date = models.DateField(
        _("date in the series"), null=True, blank=True, editable=False,
        help_text=_("The date the series' rule gave this occurrence (its RECURRENCE-ID), even if it was moved."),
    )
    goals = models.TextField(_("goals"), blank=True)
    indicators = models.TextField(_("indicators"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    benefit = models.TextField(_("benefit assessment"), blank=True, help_text=_("The responsible organisation's own assessment of cost and benefit."))
    equality_marker = models.PositiveSmallIntegerField(
        _("democracy and gender equality"), choices=Marker, null=True, blank=True,
        help_text=_("How the activity considers democracy and gender equality (0, 1 or 2)."),
    )
    equality_text = models.TextField(_("democracy and gender-equality consideration"), blank=True)
    is_public = models.BooleanField(_("public"), default=False)
    import_key = models.CharField(_("import key"), max_length=100, blank=True, help_text=_("Identifies the row of an imported file."))

    # Named participants (personal data, often minors): the municipality's administrators and
    # coordinators and the responsible organisation's own editors — not board members, not others.
    scope = Scope(tenant="municipality", owner="responsible_organisation", public=("is_public",), values=(
        ("plan", EditorsChoose(_("Only the international office takes an activity into an action plan."))),
        ("is_public", EditorsChoose(_("Only the international office publishes an activity."))),
        ("responsible_organisation", OwnOrganisation(_("You may only make your own organisation responsible."))),
        ("status", Proposal("proposed", until="plan", roles=PROPOSERS, message=_(
            "A proposal stays proposed until the international office takes it into a plan; once in a plan it is no longer a proposal."))),
    ), fields={"named_participants": Readers(MUNICIPALITY_EDITORS, owner=True)})

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["planned_start", "pk"]
        indexes = [
            models.Index(fields=["municipality", "planned_start"], name="activity_tenant_start"),
            models.Index(fields=["municipality", "status"], name="activity_tenant_status"),
            models.Index(fields=["municipality", "responsible_organisation"], name="activity_tenant_org"),
            models.Index(fields=["plan", "status"], name="activity_plan_status"),
            models.Index(fields=["series", "planned_start"], name="activity_series_start"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="activity_progress_range",
                                   violation_error_message=_("Progress is a percentage from 0 to 100.")),
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True) | Q(planned_start__isnull=True) | Q(planned_end__gte=F("planned_start")),
                name="activity_planned_order", violation_error_message=_("The planned end cannot be before the planned start."),
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True) | Q(actual_start__isnull=True) | Q(actual_end__gte=F("actual_start")),
                name="activity_actual_order", violation_error_message=_("The actual end cannot be before the actual start."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["proposed", "cancelled"]) | (Q(equality_marker__isnull=False) & ~Q(equality_text="")),
                name="activity_equality_before_planning",
                violation_error_message=_("Record the democracy and gender-equality consideration (marker and text) before the activity is planned."),
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | ~Q(outcome=""),
                name="activity_outcome_when_done",
                violation_error_message=_("Record the outcome before the activity is closed as done."),
            ),
            models.UniqueConstraint(
                fields=["municipality", "import_key"], condition=~Q(import_key=""), name="activity_unique_import_key",
                violation_error_message=_("An activity with this import key already exists."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("plans:activity_detail", args=[self.pk])

    @property
    def year(self):
        date = self.actual_start or self.planned_start
        return date.year if date else None


class ActivitySeries(models.Model):
    """Activities that repeat (the mayors' meeting each June): an iCalendar RRULE, and one
    :class:`Activity` per occurrence with its own dates, status, costs and outcome."""

    class Frequency(models.TextChoices):
        YEARLY = "yearly", _("Every year")
        MONTHLY = "monthly", _("Every N months")
        MONTHS = "months", _("On given months each year")

    municipality = models.ForeignKey(Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="+")
    rrule = models.CharField(_("repeat rule"), max_length=250, help_text=_("iCalendar RRULE, e.g. FREQ=YEARLY;COUNT=3."))
    first_start = models.DateField(_("first start"))
    duration_days = models.PositiveIntegerField(_("duration (days)"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    scope = Scope(tenant="municipality", public=())

    class Meta:
        verbose_name = _("activity series")
        verbose_name_plural = _("activity series")
        ordering = ["pk"]

    def __str__(self):
        return self.rrule


class Milestone(models.Model):
    """A dated step of an activity, owed by an organisation (the activity's own if none is named)."""

    activity = models.ForeignKey(Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=250)
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)
    responsible_organisation = models.ForeignKey(
        Organisation, verbose_name=_("responsible organisation"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("The activity's responsible organisation if left empty."),
    )

    scope = Scope(tenant="activity__municipality", owner="activity__responsible_organisation", public=("activity__is_public",))

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["done_on", "due_on"], name="milestone_open_due")]

    def __str__(self):
        return self.title


def _attachment_path(instance, filename):
    # The uploader's file name is never used on disk: only a generated one with a checked suffix.
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"activities/{uuid.uuid4().hex}{suffix}"


class ActivityAttachment(models.Model):
    """A file of an activity (programme, invitation, report, photo), stored under a generated name
    and served only as a download. Public only when marked so and the activity is public."""

    activity = models.ForeignKey(Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=_attachment_path)
    title = models.CharField(_("title"), max_length=200, blank=True, help_text=_("What the file is, e.g. “Programme of the visit”."))
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    is_public = models.BooleanField(_("public"), default=False, help_text=_("Shown on the public pages when the activity is public. Leave off for files with personal data."))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+")

    scope = Scope(tenant="activity__municipality", owner="activity__responsible_organisation", public=("is_public", "activity__is_public"))

    class Meta:
        verbose_name = _("activity attachment")
        verbose_name_plural = _("activity attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.title or self.original_name


class ExchangeRate(models.Model):
    """SEK (or the municipality's currency) per unit of a foreign currency, valid from a date."""

    municipality = models.ForeignKey(Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="exchange_rates")
    currency = models.CharField(_("currency"), max_length=3)
    valid_from = models.DateField(_("valid from"))
    rate = models.DecimalField(_("rate"), max_digits=14, decimal_places=6, help_text=_("Home currency per one unit of the foreign currency."))

    scope = Scope(tenant="municipality")

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["currency", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "currency", "valid_from"], name="rate_unique_day",
                                    violation_error_message=_("A rate for this currency and date already exists.")),
            models.CheckConstraint(condition=Q(rate__gt=0), name="rate_positive", violation_error_message=_("The rate must be above zero.")),
        ]

    def __str__(self):
        return f"{self.currency} {self.rate} ({self.valid_from})"


class CostLine(CheckedModel):
    """What one organisation pays for one activity. Costs are never pooled.

    Amounts are integer minor units in ``currency``; ``*_home`` are the same converted to the
    municipality's currency at the rate valid on ``rate_date``, kept in the same transaction.
    """

    class Type(models.TextChoices):
        TRAVEL = "travel", _("Travel")
        ACCOMMODATION = "accommodation", _("Accommodation")
        PROJECT = "project", _("Project")
        FEES = "fees", _("Fees")
        OTHER = "other", _("Other")

    municipality = models.ForeignKey(Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+")
    activity = models.ForeignKey(Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="costs")
    paying_organisation = models.ForeignKey(Organisation, verbose_name=_("paid by"), on_delete=models.PROTECT, related_name="costs")
    cost_type = models.CharField(_("cost type"), max_length=20, choices=Type)
    currency = models.CharField(_("currency"), max_length=3, default="SEK")
    estimated = models.BigIntegerField(_("estimated (minor units)"), default=0)
    actual = models.BigIntegerField(_("actual (minor units)"), null=True, blank=True)
    rate_date = models.DateField(_("rate date"))
    estimated_home = models.BigIntegerField(_("estimated, home currency (minor units)"), default=0, editable=False)
    actual_home = models.BigIntegerField(_("actual, home currency (minor units)"), null=True, blank=True, editable=False)
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    note = models.CharField(_("note"), max_length=250, blank=True)

    scope = Scope(tenant="municipality", owner="paying_organisation", public=(), values=(
        # Each organisation records its own costs: another organisation records its own.
        ("paying_organisation", OwnOrganisation(_(
            "You can only record costs that your own organisation pays; another organisation records its own."))),
    ))

    class Meta:
        verbose_name = _("cost line")
        verbose_name_plural = _("cost lines")
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["municipality", "year", "paying_organisation"], name="cost_tenant_year_org"),
            models.Index(fields=["activity"], name="cost_activity"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(estimated__gte=0) & (Q(actual__isnull=True) | Q(actual__gte=0)), name="cost_not_negative",
                                   violation_error_message=_("Amounts cannot be negative.")),
        ]

    def __str__(self):
        return f"{self.get_cost_type_display()}: {self.paying_organisation}"


class Participation(CheckedModel):
    """How many took part in an activity, by gender and by age band; both must add up to the total."""

    activity = models.OneToOneField(Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="participation")
    total = models.PositiveIntegerField(_("total"))
    women = models.PositiveIntegerField(_("women"), default=0)
    men = models.PositiveIntegerField(_("men"), default=0)
    other_gender = models.PositiveIntegerField(_("other or unstated gender"), default=0)
    under_18 = models.PositiveIntegerField(_("under 18"), default=0)
    age_18_29 = models.PositiveIntegerField(_("18–29"), default=0)
    age_30_plus = models.PositiveIntegerField(_("30 and over"), default=0)

    scope = Scope(tenant="activity__municipality", owner="activity__responsible_organisation", public=("activity__is_public",))

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participation")
        constraints = [
            models.CheckConstraint(
                condition=Q(total=F("women") + F("men") + F("other_gender")),
                name="participation_gender_sum",
                violation_error_message=_("Women, men and other/unstated must add up to the total."),
            ),
            models.CheckConstraint(
                condition=Q(total=F("under_18") + F("age_18_29") + F("age_30_plus")),
                name="participation_age_sum",
                violation_error_message=_("The age bands must add up to the total."),
            ),
        ]

    def __str__(self):
        return f"{self.activity}: {self.total}"


class NamedParticipant(models.Model):
    """A named person taking part — personal data, often a minor: responsible organisation and coordinators only."""

    activity = models.ForeignKey(Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="named_participants")
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation or school"), max_length=200, blank=True)
    is_minor = models.BooleanField(_("minor (under 18)"), default=False)
    note = models.CharField(_("note"), max_length=250, blank=True)

    scope = Scope(tenant="activity__municipality", owner="activity__responsible_organisation", readers=MUNICIPALITY_EDITORS)

    class Meta:
        verbose_name = _("named participant")
        verbose_name_plural = _("named participants")
        ordering = ["name"]

    def __str__(self):
        return self.name


class VisitNotice(VersionedModel):
    """A unit tells the international office of a planned visit; the office confirms (avstämning) or asks."""

    class Direction(models.TextChoices):
        OUTGOING = "outgoing", _("Outgoing trip to the partner city")
        INCOMING = "incoming", _("Incoming delegation")

    class Status(models.TextChoices):
        NOTIFIED = "notified", _("Awaiting coordination")
        QUESTION = "question", _("Question from the international office")
        CONFIRMED = "confirmed", _("Confirmed")

    municipality = models.ForeignKey(Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, verbose_name=_("notifying organisation"), on_delete=models.PROTECT, related_name="visit_notices")
    activity = models.ForeignKey(Activity, verbose_name=_("activity"), null=True, blank=True, on_delete=models.SET_NULL, related_name="visit_notices")
    partnership = models.ForeignKey(Partnership, verbose_name=_("partnership"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    direction = models.CharField(_("direction"), max_length=10, choices=Direction)
    travellers = models.TextField(_("who travels or visits"))
    traveller_count = models.PositiveIntegerField(_("number of people"), default=1)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    purpose = models.TextField(_("purpose"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.NOTIFIED, editable=False)
    response = models.TextField(_("answer from the international office"), blank=True, editable=False)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answered by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True, editable=False)
    report_due_on = models.DateField(_("report due"), editable=False)
    notified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("notified by"), null=True, on_delete=models.SET_NULL, related_name="+", editable=False)

    scope = Scope(tenant="municipality", owner="organisation")

    class Meta:
        verbose_name = _("visit notice")
        verbose_name_plural = _("visit notices")
        ordering = ["-starts_on", "pk"]
        indexes = [
            models.Index(fields=["municipality", "status"], name="visit_tenant_status"),
            models.Index(fields=["municipality", "report_due_on"], name="visit_tenant_due"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="visit_dates_order",
                                   violation_error_message=_("The visit cannot end before it starts.")),
        ]

    def __str__(self):
        return f"{self.get_direction_display()}: {self.starts_on:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("plans:visitnotice_detail", args=[self.pk])


class VisitReport(models.Model):
    """What came of a visit: results, contacts made, follow-up."""

    notice = models.OneToOneField(VisitNotice, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="report")
    results = models.TextField(_("results"))
    contacts_made = models.TextField(_("contacts made"), blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    scope = Scope(tenant="notice__municipality", owner="notice__organisation")

    class Meta:
        verbose_name = _("visit report")
        verbose_name_plural = _("visit reports")

    def __str__(self):
        return str(self.notice)


class CostSummary(models.Model):
    """Cost lines summed per municipality, year, paying organisation, cost type, plan and partnership.

    Kept by :mod:`vanort.plans.services.costs` in the same transaction as every cost line written or
    deleted and every activity moved to another plan or partnership, so the cost totals read a few
    thousand rows instead of aggregating every cost line. Amounts are home-currency minor units,
    exactly the sums of the lines' ``estimated_home`` and ``actual_home`` (``actual`` is empty when
    no line of the group has an actual amount). Still split by who paid: costs are never pooled.
    """

    municipality = models.ForeignKey(Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    paying_organisation = models.ForeignKey(Organisation, verbose_name=_("paid by"), on_delete=models.CASCADE, related_name="+")
    cost_type = models.CharField(_("cost type"), max_length=20, choices=CostLine.Type)
    plan = models.ForeignKey(ActionPlan, verbose_name=_("action plan"), null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    partnership = models.ForeignKey(Partnership, verbose_name=_("partnership"), null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    lines = models.PositiveIntegerField(_("cost lines"))
    estimated = models.BigIntegerField(_("estimated, home currency (minor units)"))
    actual = models.BigIntegerField(_("actual, home currency (minor units)"), null=True)

    scope = Scope(tenant="municipality", owner="paying_organisation", public=(), values=(
        # Each organisation records its own costs: another organisation records its own.
        ("paying_organisation", OwnOrganisation(_(
            "You can only record costs that your own organisation pays; another organisation records its own."))),
    ))

    class Meta:
        verbose_name = _("cost summary")
        verbose_name_plural = _("cost summaries")
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["municipality", "year", "paying_organisation"], name="costsum_tenant_year_org"),
            models.Index(fields=["plan", "paying_organisation"], name="costsum_plan_org"),
            # Covering indexes: each cost-totals breakdown is read from the index alone, in group order.
            *(
                models.Index(fields=["municipality", *dim, "estimated", "actual"], name=f"costsum_cover_{label}")
                for label, dim in (
                    ("org", ["paying_organisation"]),
                    ("type", ["cost_type", "paying_organisation"]),
                    ("plan", ["plan", "paying_organisation"]),
                    ("ship", ["partnership", "paying_organisation"]),
                )
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.paying_organisation_id} {self.cost_type}"


class CostAreaSummary(models.Model):
    """The same sums per priority area (an activity in several areas counts in each of them)."""

    municipality = models.ForeignKey(Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    paying_organisation = models.ForeignKey(Organisation, verbose_name=_("paid by"), on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey(PriorityArea, verbose_name=_("priority area"), null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(ActionPlan, verbose_name=_("action plan"), null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    partnership = models.ForeignKey(Partnership, verbose_name=_("partnership"), null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    lines = models.PositiveIntegerField(_("cost lines"))
    estimated = models.BigIntegerField(_("estimated, home currency (minor units)"))
    actual = models.BigIntegerField(_("actual, home currency (minor units)"), null=True)

    scope = Scope(tenant="municipality", owner="paying_organisation", public=(), values=(
        # Each organisation records its own costs: another organisation records its own.
        ("paying_organisation", OwnOrganisation(_(
            "You can only record costs that your own organisation pays; another organisation records its own."))),
    ))

    class Meta:
        verbose_name = _("cost summary per priority area")
        verbose_name_plural = _("cost summaries per priority area")
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["municipality", "year", "paying_organisation"], name="costareasum_tenant_year_org"),
            models.Index(fields=["municipality", "area", "paying_organisation", "estimated", "actual"], name="costareasum_cover_area"),
        ]

    def __str__(self):
        return f"{self.year} {self.paying_organisation_id} {self.area_id}"


def _import_path(instance, filename):
    return f"imports/{uuid.uuid4().hex}"


class ImportJob(models.Model):
    """An activity import run by a background task (files of more than a few hundred rows): its
    progress and, when done, its result. The uploaded file is kept only until the task has read it.
    Only the one who uploaded it sees the job (on top of the gate, see ``vanort.plans.views.io``)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being imported")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Not imported")

    municipality = models.ForeignKey(Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("imported by"), on_delete=models.CASCADE, related_name="+")
    file = models.FileField(_("file"), upload_to=_import_path, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, default="sv")
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    #: ``{"created", "updated", "unchanged", "cost_lines", "errors": [[row, column, message], …]}``
    result = models.JSONField(_("result"), default=dict, blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    scope = Scope(tenant="municipality", owner="requested_by__organisation", editors=frozenset(), owner_editors=frozenset())

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="importjob_user_created")]

    def __str__(self):
        return self.file_name

    def get_absolute_url(self):
        return reverse("plans:import_job", args=[self.pk])

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)
