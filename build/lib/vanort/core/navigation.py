"""The main menu: each entry names its URL and the model whose list it opens."""

from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.text import format_lazy
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
    ("plans:actionplan_list", _("Action plans"), None),
    ("plans:activity_list", _("Activities"), None),
    ("plans:cost_totals", _("Costs"), "signed-in"),
    ("plans:visitnotice_list", _("Visits"), "signed-in"),
    ("plans:inbox", _("Inbox"), frozenset({Role.ADMIN, Role.COORDINATOR})),
    ("governance:decision_list", _("Decisions"), None),
    ("governance:governingdocument_list", _("Governing documents"), None),
    ("governance:followup_status", _("Follow-ups"), frozenset({Role.ADMIN, Role.COORDINATOR, Role.BOARD, Role.UNIT_EDITOR})),
    ("governance:review_list", _("Reviews"), frozenset({Role.ADMIN, Role.COORDINATOR, Role.BOARD, Role.UNIT_EDITOR})),
    ("governance:partnershiprequest_list", _("Partnership requests"), frozenset({Role.ADMIN, Role.COORDINATOR, Role.BOARD})),
    ("reports:index", _("Reports"), "signed-in"),
    ("publishing:newsitem_list", _("News"), "signed-in"),
    ("publishing:index", _("Public pages"), None),
    ("accounts:user_list", _("Users"), frozenset({Role.ADMIN})),
    ("tenancy:municipality_list", _("Municipality settings"), frozenset({Role.ADMIN})),
    ("privacy:register", _("Personal data"), frozenset({Role.ADMIN, Role.COORDINATOR})),
]

#: url name → dotted path of a function(user) whose count is shown beside the entry's label.
COUNTS = {"plans:inbox": "vanort.plans.visit_selectors.inbox_count"}


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
        if name in COUNTS:
            label = format_lazy("{} ({})", label, import_string(COUNTS[name])(user))
        prefix = name.rsplit("_", 1)[0]
        items.append({"url": url, "label": label, "current": current == name or (name != "home" and current.startswith(prefix))})
    return items
