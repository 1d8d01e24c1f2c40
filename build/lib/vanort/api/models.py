"""Personal API tokens: one per user, stored only as a digest, revocable at any time."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    """A user's token for integrations. It acts with exactly its user's role and organisation.

    The key itself is shown once, when it is created; only its SHA-256 digest is stored, so a
    copy of the database does not give anyone access. Revoking deletes the row.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_token")
    digest = models.CharField(_("digest"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("starts with"), max_length=8, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.prefix}… ({self.user})"

    @classmethod
    def issue(cls, user) -> str:
        """Replace ``user``'s token with a new one and return its key (shown once)."""
        key = secrets.token_urlsafe(32)
        with transaction.atomic():
            cls.objects.filter(user=user).delete()
            cls.objects.create(user=user, digest=digest(key), prefix=key[:8])
        return key

    @classmethod
    def revoke(cls, user) -> bool:
        deleted, _count = cls.objects.filter(user=user).delete()
        return bool(deleted)
