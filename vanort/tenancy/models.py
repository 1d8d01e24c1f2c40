"""Home municipalities (the tenants) and the organisations that work in their name."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from vanort.core.models import VersionedModel
from vanort.core.permissions import Scope
from vanort.core.roles import Role
from vanort.places.models import City


class Municipality(VersionedModel):
    """A home municipality: everything non-public in Vänort belongs to exactly one."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), unique=True)
    city = models.ForeignKey(City, verbose_name=_("city"), on_delete=models.PROTECT, related_name="+")
    currency = models.CharField(_("currency"), max_length=3, default="SEK")
    visit_report_days = models.PositiveSmallIntegerField(
        _("days to report a visit"), default=30, help_text=_("A visit report is due this many days after the visit ends.")
    )

    # Terms of office (mandatperioder): by default 15 October of an election year to 14 October
    # four years later, elections in 2014, 2018, 2022, 2026 … (see vanort.governance.mandates).
    election_day = models.PositiveSmallIntegerField(
        _("election day (day of month a term starts)"), default=15, validators=[MinValueValidator(1), MaxValueValidator(28)]
    )
    election_month = models.PositiveSmallIntegerField(
        _("month a term starts"), default=10, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    first_election_year = models.PositiveSmallIntegerField(
        _("a known election year"), default=2014, validators=[MinValueValidator(1900), MaxValueValidator(2200)],
        help_text=_("Any year in which a term of office started; the others follow every term length."),
    )
    term_years = models.PositiveSmallIntegerField(
        _("length of a term of office (years)"), default=4, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    follow_up_grace = models.PositiveSmallIntegerField(
        _("grace period after a term"), default=0, validators=[MaxValueValidator(400)],
        help_text=_("How long after a term of office ends its follow-up still counts as due, not overdue."),
    )
    follow_up_grace_unit = models.CharField(
        _("grace period in"), max_length=6, choices=[("days", _("days")), ("months", _("months"))], default="months",
    )

    # Its settings are kept by its administrators only.
    scope = Scope(tenant="pk", public=("is_active",), editors=frozenset({Role.ADMIN}), owner_editors=frozenset())
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("tenancy:municipality_detail", args=[self.pk])


class Organisation(VersionedModel):
    """A committee, administration, municipal company or partner organisation."""

    class Kind(models.TextChoices):
        BOARD = "board", _("Municipal board")
        COMMITTEE = "committee", _("Committee")
        ADMINISTRATION = "administration", _("Administration")
        OFFICE = "office", _("Office or unit")
        COMPANY = "company", _("Municipal company")
        UNIVERSITY = "university", _("University")
        BUSINESS = "business", _("Company")
        ASSOCIATION = "association", _("Association")
        PUBLIC_BODY = "public_body", _("Other public body")

    #: Kinds that belong to the municipality itself; the others are partner organisations.
    MUNICIPAL_KINDS = frozenset({Kind.BOARD, Kind.COMMITTEE, Kind.ADMINISTRATION, Kind.OFFICE, Kind.COMPANY})

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="organisations"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_public = models.BooleanField(_("public"), default=True, help_text=_("Shown on public pages."))

    scope = Scope(tenant="municipality", owner="pk", public=("is_public",))

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [models.Index(fields=["municipality", "name"], name="org_municipality_name")]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"],
                name="org_unique_name",
                violation_error_message=_("An organisation with this name already exists."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")),
                name="org_not_own_parent",
                violation_error_message=_("An organisation cannot be its own parent unit."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("tenancy:organisation_detail", args=[self.pk])

    @property
    def is_municipal(self) -> bool:
        return self.kind in self.MUNICIPAL_KINDS


class ContactPerson(VersionedModel):
    """A person to contact at an organisation. Personal data: internal unless marked public."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Only with the person's consent: shown on public pages.")
    )

    scope = Scope(tenant="organisation__municipality", owner="organisation", public=("is_public", "organisation__is_public"))

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.organisation})"

    def get_absolute_url(self):
        return reverse("tenancy:contactperson_detail", args=[self.pk])
