"""The register: priority areas, partnerships with their timelines, agreements and networks."""

import datetime
import uuid
from pathlib import PurePath

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from vanort.core.archival import ArchivableRecord, PublicRecordFile, archive_constraint
from vanort.core.models import VersionedModel
from vanort.core.permissions import Readers, Scope
from vanort.core.roles import MUNICIPALITY_EDITORS
from vanort.places.models import City
from vanort.tenancy.models import ContactPerson, Municipality, Organisation


class PriorityArea(VersionedModel):
    """A priority area of cooperation (prioriterat samverkansområde), e.g. smart city."""

    municipality = models.ForeignKey(Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="priority_areas")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    scope = Scope(tenant="municipality", public=("is_active",))

    class Meta:
        verbose_name = _("priority area")
        verbose_name_plural = _("priority areas")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"],
                name="area_unique_name",
                violation_error_message=_("A priority area with this name already exists."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("registry:priorityarea_detail", args=[self.pk])


class Partnership(VersionedModel):
    """The home municipality's relation with one partner city."""

    class Category(models.TextChoices):
        FRIENDSHIP = "friendship", _("Friendship town (vänort)")
        COOPERATION = "cooperation", _("Cooperation town (samverkansort)")
        SISTER = "sister", _("Sister city (systerort)")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACTIVE = "active", _("Active")
        DORMANT = "dormant", _("Dormant")
        ENDED = "ended", _("Ended")

    municipality = models.ForeignKey(Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="partnerships")
    partner_city = models.ForeignKey(City, verbose_name=_("partner city"), on_delete=models.PROTECT, related_name="partnerships")
    category = models.CharField(_("category"), max_length=20, choices=Category, default=Category.FRIENDSHIP)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PROPOSED)
    start_year = models.PositiveSmallIntegerField(_("since (year)"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.TextField(_("reason for ending"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    internal_notes = models.TextField(_("internal notes"), blank=True, help_text=_("Never shown publicly."))
    priority_areas = models.ManyToManyField(PriorityArea, verbose_name=_("priority areas"), blank=True, related_name="partnerships")
    organisations = models.ManyToManyField(Organisation, verbose_name=_("organisations involved"), blank=True, related_name="partnerships")
    contacts = models.ManyToManyField(ContactPerson, verbose_name=_("contacts"), blank=True, related_name="partnerships")
    is_public = models.BooleanField(_("public"), default=True, help_text=_("Shown on public pages."))

    # The internal notes: the municipality's administrators and coordinators only.
    scope = Scope(tenant="municipality", public=("is_public",), fields={"internal_notes": Readers(MUNICIPALITY_EDITORS)})

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["partner_city__name"]
        indexes = [models.Index(fields=["municipality", "status"], name="partnership_tenant_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "partner_city"],
                name="partnership_unique_city",
                violation_error_message=_("This municipality already has a partnership with that city."),
            ),
            models.CheckConstraint(
                condition=~Q(status="ended") | Q(ended_on__isnull=False),
                name="partnership_ended_has_date",
                violation_error_message=_("An ended partnership needs the date it ended."),
            ),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True) | Q(start_year__gte=1800, start_year__lte=2200),
                name="partnership_start_year_range",
                violation_error_message=_("The start year must be between 1800 and 2200."),
            ),
        ]

    def __str__(self):
        return f"{self.municipality.name} – {self.partner_city.name}"

    def get_absolute_url(self):
        return reverse("registry:partnership_detail", args=[self.pk])


class TimelineEvent(VersionedModel):
    """A dated event in a partnership's history (1986 student exchange, 1987 agreement …)."""

    class Precision(models.TextChoices):
        DAY = "day", _("Day")
        MONTH = "month", _("Month")
        YEAR = "year", _("Year")

    partnership = models.ForeignKey(Partnership, verbose_name=_("partnership"), on_delete=models.CASCADE, related_name="timeline")
    date = models.DateField(_("date"))
    precision = models.CharField(_("date precision"), max_length=5, choices=Precision, default=Precision.DAY)
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    is_public = models.BooleanField(_("public"), default=True)

    scope = Scope(tenant="partnership__municipality", public=("is_public", "partnership__is_public"))

    class Meta:
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.date.year}: {self.title}"

    def get_absolute_url(self):
        return reverse("registry:timelineevent_detail", args=[self.pk])


class Agreement(ArchivableRecord, VersionedModel):
    """A signed cooperation agreement (samverkansöverenskommelse) of a partnership.

    A public record: archived with a reason, never deleted (:mod:`vanort.core.archival`)."""

    partnership = models.ForeignKey(Partnership, verbose_name=_("partnership"), on_delete=models.PROTECT, related_name="agreements")
    title = models.CharField(_("title"), max_length=250)
    parties = models.TextField(_("parties"), help_text=_("One party per line."))
    signatories = models.TextField(_("signatories"), blank=True, help_text=_("One per line: name, title, party."))
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    renewal_on = models.DateField(_("renewal date"), null=True, blank=True)
    decision_reference = models.CharField(
        _("decision"), max_length=200, blank=True, help_text=_("The decision it rests on, e.g. “KS 2017-494, § 513”.")
    )
    notes = models.TextField(_("notes"), blank=True)
    is_public = models.BooleanField(_("public"), default=True)

    scope = Scope(tenant="partnership__municipality", public=("is_public", "partnership__is_public"))

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_from__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="agreement_valid_until_after_from",
                violation_error_message=_("The agreement cannot end before it starts."),
            ),
            archive_constraint("agreement"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("registry:agreement_detail", args=[self.pk])

    def is_in_force(self, on: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (self.valid_until is None or on <= self.valid_until)


def _document_path(instance, filename):
    # The uploader's file name is never used on disk: only a generated one with a checked suffix.
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"agreements/{uuid.uuid4().hex}{suffix}"


class AgreementDocument(PublicRecordFile):
    """A document file of an agreement, stored under a generated name and served as a download.

    Part of the agreement's record: kept with it, never deleted."""

    agreement = models.ForeignKey(Agreement, verbose_name=_("agreement"), on_delete=models.PROTECT, related_name="documents")
    file = models.FileField(_("file"), upload_to=_document_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey("accounts.User", verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+")

    scope = Scope(tenant="agreement__partnership__municipality", public=("agreement__is_public", "agreement__partnership__is_public"))

    class Meta:
        verbose_name = _("agreement document")
        verbose_name_plural = _("agreement documents")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name


class Network(VersionedModel):
    """A multilateral network of cities, e.g. the Smart City Alliance."""

    municipality = models.ForeignKey(Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="networks")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    home_role = models.CharField(_("our role"), max_length=200, blank=True, help_text=_("E.g. member, founding member, chair."))
    founded_year = models.PositiveSmallIntegerField(_("founded (year)"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    member_cities = models.ManyToManyField(City, verbose_name=_("member cities"), blank=True, related_name="networks")
    priority_areas = models.ManyToManyField(PriorityArea, verbose_name=_("priority areas"), blank=True, related_name="networks")
    organisations = models.ManyToManyField(Organisation, verbose_name=_("organisations involved"), blank=True, related_name="networks")
    is_public = models.BooleanField(_("public"), default=True)

    scope = Scope(tenant="municipality", public=("is_public",))

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"],
                name="network_unique_name",
                violation_error_message=_("A network with this name already exists."),
            ),
            models.CheckConstraint(
                condition=Q(founded_year__isnull=True) | Q(founded_year__gte=1800, founded_year__lte=2200),
                name="network_founded_year_range",
                violation_error_message=_("The founding year must be between 1800 and 2200."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("registry:network_detail", args=[self.pk])
