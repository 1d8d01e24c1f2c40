"""Abstract building blocks shared by Vänort's domain models."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from vanort.core.permissions import RestrictedQuerySet


class VersionedModel(models.Model):
    """A record edited by people: it carries a version for optimistic locking and timestamps.

    The version rises by one on every save through :func:`vanort.core.versioning.save_versioned`;
    a form opened on version 3 cannot overwrite version 4.
    """

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True
