"""The main menu: a few sections that follow the work, each listing the pages a user may open.

Who sees an entry is the permission gate's answer for the page behind it (``reach_of``): a list
of a model shows to those who may list it (``can_list``), any other page declares its own
``reach(user)``, which the page itself obeys. There is no second table of roles here.
"""

from django.urls import resolve, reverse
from django.utils.module_loading import import_string
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vanort.core.permissions import reach_of

#: (section label, [(url name, label), …]) in the order a reader meets the work.
SECTIONS = [
    (_("Cooperation"), [
        ("registry:partnership_list", _("Partnerships")),
        ("registry:network_list", _("Networks")),
        ("registry:agreement_list", _("Agreements")),
        ("places:city_list", _("Cities")),
        ("tenancy:organisation_list", _("Organisations")),
    ]),
    (_("Planning"), [
        ("registry:priorityarea_list", _("Priority areas")),
        ("plans:actionplan_list", _("Action plans")),
        ("plans:activity_list", _("Activities")),
        ("plans:visitnotice_list", _("Visits")),
        ("plans:inbox", _("Inbox")),
    ]),
    (_("Governance"), [
        ("governance:governingdocument_list", _("Governing documents")),
        ("governance:decision_list", _("Decisions")),
        ("governance:partnershiprequest_list", _("Partnership requests")),
        ("governance:review_list", _("Reviews")),
    ]),
    (_("Reports"), [
        ("reports:index", _("Reports")),
        ("governance:followup_status", _("Follow-ups")),
        ("plans:cost_totals", _("Costs")),
    ]),
    (_("Publishing"), [
        ("publishing:newsitem_list", _("News")),
        ("publishing:index", _("Public pages")),
    ]),
    (pgettext_lazy("menu section", "Administration"), [
        ("accounts:user_list", _("Users")),
        ("tenancy:municipality_list", _("Municipality settings")),
        ("privacy:register", _("Personal data")),
    ]),
]

#: Entries the gate would show more widely than the menu means: the list of municipalities is
#: public, but as "settings" it is for those who change a municipality.
NARROWER = {"tenancy:municipality_list": "vanort.tenancy.menu.manages_municipalities"}

#: url name → dotted path of a function(user) whose count is shown beside the entry's label.
COUNTS = {"plans:inbox": "vanort.plans.visit_selectors.inbox_count"}


def may_open(user, url_name: str) -> bool:
    """Whether the menu offers ``url_name`` to ``user``: the gate's answer for that page."""
    if url_name in NARROWER:
        return import_string(NARROWER[url_name])(user)
    return reach_of(resolve(reverse(url_name)).func)(user)


def _is_current(current: str, url_name: str) -> bool:
    prefix = url_name.rsplit("_", 1)[0]
    return current == url_name or current.startswith(prefix + "_")


def menu_for(request):
    """The sections with at least one entry the user may open; each entry with its URL."""
    user = getattr(request, "user", None)
    current = request.resolver_match.view_name if getattr(request, "resolver_match", None) else ""
    sections = []
    for section_label, entries in SECTIONS:
        items = []
        for name, label in entries:
            if not may_open(user, name):
                continue
            if name in COUNTS:
                label = format_lazy("{} ({})", label, import_string(COUNTS[name])(user))
            items.append({"name": name, "url": reverse(name), "label": label, "current": _is_current(current, name)})
        if items:
            sections.append({"label": section_label, "items": items, "current": any(item["current"] for item in items)})
    return sections


def menu_items(sections) -> list[dict]:
    """Every entry of ``menu_for``'s sections, in order."""
    return [item for section in sections for item in section["items"]]
