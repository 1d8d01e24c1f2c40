"""The main menu: each entry names its URL and the model whose list it opens."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from vanort.core.roles import Role

#: (url name, label, roles that see it; None = everyone)
MENU = [
    ("home", _("Start"), None),
    ("registry:partnership_list", _("Partnerships"), None),
    ("registry:network_list", _("Networks"), None),
    ("registry:agreement_list", _("Agreements"), "signed-in"),
    ("places:city_list", _("Cities"), None),
    ("tenancy:organisation_list", _("Organisations"), None),
    ("registry:priorityarea_list", _("Priority areas"), "signed-in"),
    ("accounts:user_list", _("Users"), frozenset({Role.ADMIN})),
]


def menu_for(request):
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    current = request.resolver_match.view_name if getattr(request, "resolver_match", None) else ""
    items = []
    for name, label, who in MENU:
        if who == "signed-in" and not signed_in:
            continue
        if isinstance(who, frozenset) and not (signed_in and user.role in who):
            continue
        url = reverse(name)
        prefix = name.rsplit("_", 1)[0]
        items.append({"url": url, "label": label, "current": current == name or (name != "home" and current.startswith(prefix))})
    return items
