"""People who sign in: each belongs to one organisation of one municipality and holds one role."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from vanort.core.permissions import Scope
from vanort.core.roles import Role
from vanort.tenancy.models import Municipality, Organisation


class VanortUserManager(UserManager):
    pass


class User(AbstractUser):
    """A signed-in user. ``municipality`` is kept beside ``organisation`` for fast scoping."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = VanortUserManager()
    # Users are managed by their municipality's administrators only.
    scope = Scope(tenant="municipality", editors=frozenset({Role.ADMIN}), owner_editors=frozenset(), readers=frozenset({Role.ADMIN}))

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username

    def get_absolute_url(self):
        return reverse("accounts:user_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.organisation_id and self.municipality_id and self.organisation.municipality_id != self.municipality_id:
            raise ValidationError({"organisation": _("The organisation belongs to another municipality.")})
        if self.role and not (self.organisation_id and self.municipality_id):
            raise ValidationError({"organisation": _("A user with a role must belong to an organisation.")})
