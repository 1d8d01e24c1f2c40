"""News for the public and the organisation, and private calendar addresses."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vanort.core.models import VersionedModel
from vanort.core.permissions import Scope
from vanort.plans.models import Activity
from vanort.publishing.sanitize import clean_html
from vanort.registry.models import Partnership
from vanort.tenancy.models import Municipality


class NewsItem(VersionedModel):
    """A news item, internal or public, in both languages. The body is rich text, cleaned on save."""

    municipality = models.ForeignKey(Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="news")
    title = models.CharField(_("title"), max_length=250)
    summary = models.TextField(_("summary"), blank=True, help_text=_("A sentence or two, shown in lists and feeds."))
    body = models.TextField(
        _("text"), blank=True,
        help_text=_("Paragraphs, links, bold, italics, lists, headings and quotes are kept; everything else is removed."),
    )
    published_at = models.DateTimeField(_("published"), default=timezone.now, help_text=_("Shown publicly from this time."))
    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), null=True, blank=True, on_delete=models.SET_NULL, related_name="news"
    )
    activity = models.ForeignKey(Activity, verbose_name=_("activity"), null=True, blank=True, on_delete=models.SET_NULL, related_name="news")
    is_public = models.BooleanField(_("public"), default=False, help_text=_("Shown on public pages and in feeds."))

    scope = Scope(tenant="municipality", public=("is_public",))

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["municipality", "-published_at"], name="news_tenant_published")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("publishing:newsitem_detail", args=[self.pk])

    def public_url(self):
        return reverse("publishing:news_detail", args=[self.municipality.slug, self.pk])

    def clean(self):
        super().clean()
        self.sanitise()
        errors = {}
        if self.partnership_id and self.municipality_id and self.partnership.municipality_id != self.municipality_id:
            errors["partnership"] = _("The partnership belongs to another municipality.")
        if self.activity_id and self.municipality_id and self.activity.municipality_id != self.municipality_id:
            errors["activity"] = _("The activity belongs to another municipality.")
        if errors:
            from django.core.exceptions import ValidationError

            raise ValidationError(errors)

    def sanitise(self):
        for language, _name in settings.LANGUAGES:
            field = f"body_{language}"
            setattr(self, field, clean_html(getattr(self, field, "")))

    def save(self, *args, **kwargs):
        # Every door (forms, services, the demo, the API) stores only the cleaned body.
        self.sanitise()
        super().save(*args, **kwargs)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarToken(models.Model):
    """A user's private calendar address. Only the token's hash is stored; deleting it revokes it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="calendar_token")
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar address")
        verbose_name_plural = _("calendar addresses")
        constraints = [models.CheckConstraint(condition=~Q(token_hash=""), name="calendar_token_not_empty")]

    def __str__(self):
        return str(self.user)

    @classmethod
    def issue(cls, user) -> str:
        """A new secret address for ``user``, replacing (revoking) any earlier one. Returns the token."""
        token = secrets.token_urlsafe(32)
        cls.objects.update_or_create(user=user, defaults={"token_hash": hash_token(token), "last_used_at": None})
        return token

    @classmethod
    def user_for(cls, token: str):
        """The active user whose address ``token`` is, or ``None``."""
        if not token or len(token) > 100:
            return None
        found = cls.objects.select_related("user__municipality", "user__organisation").filter(token_hash=hash_token(token)).first()
        if found is None or not found.user.is_active:
            return None
        return found.user
