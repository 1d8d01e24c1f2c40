"""Report files produced in the background, and the reminders already sent."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from vanort.core.permissions import Scope
from vanort.core.roles import MUNICIPALITY_EDITORS, Role
from vanort.tenancy.models import Municipality


def _report_path(instance, filename):
    suffix = filename.rsplit(".", 1)[-1][:8]
    return f"reports/{uuid.uuid4().hex}.{suffix}"


class ReportJob(models.Model):
    """A report file produced by a background task: its progress and, when ready, the file.

    The file holds what its requester could see when it was produced, so only the requester may
    open it (on top of the gate, see ``vanort.reports.views``).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being produced")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    municipality = models.ForeignKey(Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("report"), max_length=20)
    params = models.JSONField(_("parameters"), default=dict)
    fmt = models.CharField(_("format"), max_length=5)
    title = models.CharField(_("title"), max_length=250)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to=_report_path, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    scope = Scope(tenant="municipality", owner="requested_by__organisation", editors=frozenset(), owner_editors=frozenset())

    class Meta:
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="reportjob_user_created")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reports:job", args=[self.pk])

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)


def _template_path(instance, filename):
    return f"report-templates/{uuid.uuid4().hex}.docx"


class WordTemplate(models.Model):
    """A municipality's own Word template for its reports (.docx or .dotx, stored as .docx): the
    reports' Word files take its styles, page set-up, header and footer (``vanort.reports.word_template``).
    Only the municipality's administrators change it; everyone who reads its reports gets it."""

    municipality = models.OneToOneField(Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="+")
    file = models.FileField(_("file"), upload_to=_template_path)
    file_name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.SET_NULL,
                                    null=True, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now=True)

    scope = Scope(tenant="municipality", editors=frozenset({Role.ADMIN}), owner_editors=frozenset())

    class Meta:
        verbose_name = _("Word template for reports")
        verbose_name_plural = _("Word templates for reports")

    def __str__(self):
        return self.file_name


class SentReminder(models.Model):
    """One reminder e-mail sent: a due item, a recipient and the due date — never sent twice."""

    key = models.CharField(_("item"), max_length=120)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField(_("due"))
    municipality = models.ForeignKey(Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    scope = Scope(tenant="municipality", editors=frozenset(), owner_editors=frozenset(),
                  readers=MUNICIPALITY_EDITORS)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["key", "recipient", "due_on"], name="reminder_once_per_item_recipient_due"),
        ]

    def __str__(self):
        return f"{self.key} → {self.recipient} ({self.due_on})"
