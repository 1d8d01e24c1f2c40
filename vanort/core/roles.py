"""The roles a signed-in user can hold. The anonymous public has no role (``None``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    COORDINATOR = "coordinator", _("Coordinator (international office)")
    BOARD = "board", _("Board member")
    UNIT_EDITOR = "unit_editor", _("Unit editor")
    PARTNER = "partner", _("Partner contributor")


#: Roles that edit every record of their municipality.
MUNICIPALITY_EDITORS = frozenset({Role.ADMIN, Role.COORDINATOR})
#: Roles that see every non-public record of their municipality.
MUNICIPALITY_READERS = frozenset({Role.ADMIN, Role.COORDINATOR, Role.BOARD, Role.UNIT_EDITOR})
#: Roles that edit only the records their own organisation owns.
OWNER_EDITORS = frozenset({Role.UNIT_EDITOR, Role.PARTNER})
#: Roles that propose activities: a proposal stays proposed until the international office takes
#: it into a plan (the gate's ``Proposal`` rule).
PROPOSERS = frozenset({Role.PARTNER})
