"""The main menu: grouped in sections, and for each role exactly the pages the gate lets it open."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from vanort.core.navigation import NARROWER, SECTIONS, may_open, menu_items
from vanort.core.roles import Role

pytestmark = pytest.mark.engine_independent

ROLES = [None, *Role]
EVERY_ENTRY = [name for _label, entries in SECTIONS for name, _entry_label in entries]


def _user(world, role):
    return None if role is None else world.users[role]


@pytest.mark.parametrize("role", ROLES, ids=lambda role: role or "anonymous")
def test_the_menu_offers_exactly_the_pages_the_role_may_open(world, client_for, role):
    client = client_for(_user(world, role))
    page = client.get(reverse("home"))
    offered = {item["url"] for item in menu_items(page.context["menu"])}

    for name in EVERY_ENTRY:
        url = reverse(name)
        response = client.get(url)
        if url in offered:
            assert response.status_code == 200, f"{name} is in the menu but answers {response.status_code}"
        elif name not in NARROWER:
            assert response.status_code != 200, f"{name} answers 200 but is missing from the menu"
    # Each link of the rendered menu is one of those, and nothing else is linked from the menu.
    nav = re.search(r'<nav aria-label="[^"]+" class="site-nav">(.*?)</nav>', page.text, re.S).group(1)
    assert set(re.findall(r'href="([^"]+)"', nav)) == offered


def test_unit_editors_find_the_partnership_requests_the_gate_lets_them_list(world, client_for):
    editor = world.users[Role.UNIT_EDITOR]
    assert may_open(editor, "governance:partnershiprequest_list")
    page = client_for(editor).get(reverse("home"))
    assert reverse("governance:partnershiprequest_list") in {item["url"] for item in menu_items(page.context["menu"])}


def test_the_public_sees_no_internal_sections_and_the_admin_sees_administration(world, client_for):
    public = client_for(None).get(reverse("home")).context["menu"]
    assert {item["url"] for item in menu_items(public)}.isdisjoint(
        {reverse("plans:cost_totals"), reverse("reports:index"), reverse("accounts:user_list"), reverse("plans:inbox")}
    )
    admin = client_for(world.users[Role.ADMIN]).get(reverse("home")).context["menu"]
    assert [item["url"] for item in admin[-1]["items"]] == [
        reverse("accounts:user_list"), reverse("tenancy:municipality_list"), reverse("privacy:register"),
    ]


def test_the_menu_renders_as_disclosure_sections_that_work_without_javascript(world, client_for):
    page = client_for(world.users[Role.COORDINATOR]).get(reverse("plans:activity_list"), HTTP_ACCEPT_LANGUAGE="en")
    nav = re.search(r'<nav aria-label="Main menu" class="site-nav">(.*?)</nav>', page.text, re.S).group(1)
    summaries = [re.sub(r"<[^>]+>", "", s).strip() for s in re.findall(r"<summary[^>]*>(.*?)</summary>", nav, re.S)]
    assert summaries[0] == "Menu"
    assert summaries[1:] == ["Cooperation", "Planning", "Governance", "Reports", "Publishing", "Administration"]
    # The coordinator's administration is the personal-data register only, not users or settings.
    assert [item["url"] for item in page.context["menu"][-1]["items"]] == [reverse("privacy:register")]
    # The page's own section is marked, and its link says it is the current page.
    assert re.search(r'<summary class="site-nav__current">Planning</summary>', nav)
    assert f'<a href="{reverse("plans:activity_list")}" aria-current="page">' in nav
    # Every section is a <details> disclosure: it opens without JavaScript.
    assert nav.count('<details class="site-nav__section"') == len(summaries) - 1
