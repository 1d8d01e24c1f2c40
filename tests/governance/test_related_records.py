"""Records linked both ways (issue 13): the partnership page shows what concerns it — decisions,
reviews, agreements with their decision, action plans, recent activities (and a link to the
filtered list), visits, requests and follow-ups — the decision page links to each record it
concerns and each links back, reviews and follow-ups link to their decision and report, and the
network page shows its plans and activities. Only what the reader may see; a fixed number of
queries however many related records there are."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.governance.conftest import make_decision
from tests.plans.conftest import make_activity
from vanort.core.roles import Role
from vanort.governance.models import FollowUp, PartnershipRequest, Review
from vanort.plans.models import ActionPlan, VisitNotice
from vanort.plans.services.visits import visit_notify
from vanort.registry.models import Agreement

pytestmark = pytest.mark.engine


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def plan(world, title, *, is_public=True, **where) -> ActionPlan:
    return ActionPlan.objects.create(municipality=world.home, title=title, is_public=is_public,
                                     period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31), **where)


def notice(world, **fields) -> VisitNotice:
    return visit_notify(notice=VisitNotice(
        organisation=world.unit, direction=VisitNotice.Direction.OUTGOING, travellers="Rektorer", purpose="Skolbesök",
        starts_on=datetime.date(2026, 3, 1), ends_on=datetime.date(2026, 3, 5), **fields,
    ), by=world.users[Role.UNIT_EDITOR])


@pytest.fixture
def linked(world, gov):
    """Records about the partnership Linköping – Palo Alto: public and internal ones."""
    gov.s513.partnerships.add(world.partnership)
    gov.s513.agreements_resting.add(world.agreement)
    gov.internal_decision.partnerships.add(world.partnership)
    gov.receiving.partnerships.add(world.partnership)
    public_plan = plan(world, "Handlingsplan Palo Alto", partnership=world.partnership)
    internal_plan = plan(world, "Intern plan Palo Alto", is_public=False, partnership=world.partnership)
    gov.internal_decision.plans.add(internal_plan)
    gov.s513.plans.add(public_plan)
    public_activity = make_activity(world, title="Publikt skolutbyte", organisation=world.unit, areas=[world.area],
                                    plan=public_plan, is_public=True, partnership=world.partnership)
    internal_activity = make_activity(world, title="Internt projekt", organisation=world.other_unit, areas=[world.area],
                                      plan=public_plan, partnership=world.partnership)
    visit = notice(world, partnership=world.partnership, activity=public_activity)
    accepted = PartnershipRequest.objects.create(municipality=world.home, city=world.cities.palo_alto,
                                                 received_on=datetime.date(1986, 5, 1), sender="City of Palo Alto")
    network_plan = plan(world, "Alliansplan", network=world.network)
    network_activity = make_activity(world, title="Alliansmöte", organisation=world.unit, areas=[world.area], is_public=True,
                                     network=world.network)
    return dict(public_plan=public_plan, internal_plan=internal_plan, public_activity=public_activity,
                internal_activity=internal_activity, visit=visit, request=accepted, network_plan=network_plan,
                network_activity=network_activity)


def test_the_partnership_page_shows_what_concerns_it(world, gov, linked, client_for):
    html = page(client_for(world.users[Role.BOARD]), world.partnership.get_absolute_url())
    for record in (gov.s513, gov.internal_decision, gov.receiving, gov.review, linked["public_plan"], linked["internal_plan"],
                   linked["public_activity"], linked["internal_activity"], linked["visit"], linked["request"], gov.done,
                   world.agreement):
        assert f'href="{record.get_absolute_url()}"' in html, record
    # The agreement names the decision it rests on; the activities link to the filtered list.
    assert "vilar på KS 2017-494 § 513" in html
    assert f'href="{reverse("plans:activity_list")}?partnership={world.partnership.pk}"' in html
    for heading in ("Beslut", "Översyner", "Handlingsplaner", "Senaste aktiviteter", "Besök", "Förfrågningar om partnerstadssamarbete",
                    "Uppföljningar", "Avtal"):
        assert f">{heading}</h2>" in html, heading


@pytest.mark.parametrize("who", ["partner", "anonymous"])
def test_a_partner_and_the_public_see_no_internal_related_records(world, gov, linked, client_for, who):
    client = client_for(world.users[Role.PARTNER] if who == "partner" else None)
    html = page(client, world.partnership.get_absolute_url())
    # Public records are there …
    for record in (gov.s513, linked["public_plan"], linked["public_activity"], world.agreement):
        assert f'href="{record.get_absolute_url()}"' in html, record
    # … internal ones are not, not even by name; reviews, requests and follow-ups not at all.
    for record in (gov.internal_decision, linked["internal_plan"], linked["internal_activity"], linked["visit"], gov.review,
                   linked["request"], gov.done):
        assert f'href="{record.get_absolute_url()}"' not in html, record
    for text in ("Internt beslut", "Intern plan Palo Alto", "Internt projekt", "Översyn Palo Alto", ">Översyner</h2>",
                 ">Uppföljningar</h2>", ">Förfrågningar om partnerstadssamarbete</h2>"):
        assert text not in html, text
    if who == "anonymous":
        assert ">Besök</h2>" not in html  # visit notices are never public


def test_the_decision_page_links_to_what_it_concerns_and_each_links_back(world, gov, linked, client_for):
    client = client_for(world.users[Role.COORDINATOR])
    html = page(client, gov.s513.get_absolute_url())
    for record in (world.partnership, world.agreement, linked["public_plan"], gov.paper, gov.review):
        assert f'href="{record.get_absolute_url()}"' in html, record
    back = f'href="{gov.s513.get_absolute_url()}"'
    for record in (world.partnership, world.agreement, linked["public_plan"], gov.paper, gov.review):
        assert back in page(client, record.get_absolute_url()), record
    # The internal plan's page names the internal decision about it; the public do not see it.
    assert f'href="{gov.internal_decision.get_absolute_url()}"' in page(client, linked["internal_plan"].get_absolute_url())
    public = page(client_for(None), linked["public_plan"].get_absolute_url())
    assert back in public and "Internt beslut" not in public


def test_reviews_and_follow_ups_link_to_their_decision_and_report(world, gov, client_for):
    client = client_for(world.users[Role.COORDINATOR])
    html = page(client, gov.review.get_absolute_url())
    assert f'href="{gov.s513.get_absolute_url()}"' in html and f'href="{world.partnership.get_absolute_url()}"' in html
    assert reverse("reports:review", args=[world.partnership.pk]) in html
    html = page(client, gov.done.get_absolute_url())
    assert f'href="{gov.receiving.get_absolute_url()}"' in html and f'href="{gov.paper.get_absolute_url()}"' in html
    assert reverse("reports:followup", args=[gov.paper.pk, 2014]) in html
    # The agreement a review prepared links back to it.
    gov.review.agreement = world.agreement
    gov.review.save()
    assert f'href="{gov.review.get_absolute_url()}"' in page(client, world.agreement.get_absolute_url())


def test_the_network_page_shows_its_plans_and_activities(world, linked, client_for):
    html = page(client_for(None), world.network.get_absolute_url())
    assert f'href="{linked["network_plan"].get_absolute_url()}"' in html
    assert f'href="{linked["network_activity"].get_absolute_url()}"' in html
    assert f'href="{reverse("plans:activity_list")}?network={world.network.pk}"' in html


def test_the_pages_do_not_grow_with_related_records(world, gov, linked, client_for):
    client = client_for(world.users[Role.COORDINATOR])
    urls = [world.partnership.get_absolute_url(), world.agreement.get_absolute_url(), world.network.get_absolute_url(),
            linked["public_plan"].get_absolute_url(), gov.s513.get_absolute_url()]

    def counts():
        found = {}
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                page(client, url)
            found[url] = len(captured)
        return found

    before = counts()
    for i in range(8):
        decision = make_decision(world, title=f"Beslut {i}", meeting_date=datetime.date(2019, 1, 1 + i))
        decision.partnerships.add(world.partnership)
        agreement = Agreement.objects.create(partnership=world.partnership, title=f"Avtal {i}", parties="A\nB")
        decision.agreements_resting.add(agreement, world.agreement)
        decision.plans.add(linked["public_plan"])
        Review.objects.create(partnership=world.partnership, title=f"Översyn {i}", period_start=datetime.date(2000 + i, 1, 1),
                              period_end=datetime.date(2001 + i, 1, 1), decision=decision, agreement=world.agreement)
        FollowUp.objects.create(document=gov.paper, period_start=datetime.date(1990 + i, 1, 1), period_end=datetime.date(1990 + i, 6, 1),
                                decision=decision)
        PartnershipRequest.objects.create(municipality=world.home, city=world.cities.palo_alto, received_on=datetime.date(1980 + i, 1, 1),
                                          sender=f"Avsändare {i}")
        plan(world, f"Plan {i}", partnership=world.partnership, is_public=i % 2 == 0)
        plan(world, f"Nätverksplan {i}", network=world.network)
        make_activity(world, title=f"Aktivitet {i}", organisation=world.unit, areas=[world.area], partnership=world.partnership,
                      network=world.network)
        notice(world, partnership=world.partnership)
    assert counts() == before
