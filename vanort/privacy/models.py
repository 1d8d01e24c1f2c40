"""The erasure log: who anonymised what kinds of personal data, when — never whose."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vanort.core.permissions import Scope
from vanort.core.roles import Role
from vanort.tenancy.models import Municipality


class ErasureLog(models.Model):
    """One erasure (on request) or retention run in a municipality. Holds counts per kind of
    record, never a name, an address or the search terms: the log must not undo the erasure."""

    class Trigger(models.TextChoices):
        REQUEST = "request", _("Erasure on request")
        RETENTION = "retention", _("Retention period passed")

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="+"
    )
    trigger = models.CharField(_("reason"), max_length=20, choices=Trigger)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("when"))
    counts = models.JSONField(_("records anonymised per kind"), default=dict)
    history_counts = models.JSONField(_("history rows scrubbed per kind"), default=dict)
    refused = models.JSONField(_("public records left unchanged per kind"), default=dict)

    # The register is read by administrators and coordinators; only administrators erase.
    scope = Scope(
        tenant="municipality",
        editors=frozenset({Role.ADMIN}),
        owner_editors=frozenset(),
        readers=frozenset({Role.ADMIN, Role.COORDINATOR}),
    )

    class Meta:
        verbose_name = _("erasure")
        verbose_name_plural = _("erasure log")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["municipality", "at"], name="erasure_tenant_at")]

    def __str__(self):
        return f"{self.get_trigger_display()} {self.at:%Y-%m-%d %H:%M}"
