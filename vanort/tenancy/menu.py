"""What the menu (``vanort.core.navigation``) asks the tenancy app, by dotted path: core imports no app."""

from vanort.core.permissions import can_add
from vanort.tenancy.models import Municipality


def manages_municipalities(user) -> bool:
    """The municipality list is public; as a menu entry ("settings") it is for those who add one."""
    return can_add(user, Municipality)
