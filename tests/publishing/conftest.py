"""Public data on top of ``world``: a plan with public and internal activities, news, contacts.

Every internal record carries a string starting with ``SECRET`` so that a test can assert that
no public page, feed, calendar, export or sitemap ever shows one.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.plans.conftest import make_activity, make_cost
from vanort.plans.models import ActionPlan, NamedParticipant, Participation
from vanort.publishing.models import NewsItem
from vanort.tenancy.models import ContactPerson, Organisation

SECRETS = ("SECRET", "Secret note", "Internt möte", "Anna Andersson", "anna@example.se", "Kim Minor", "Bo Berg", "Internal working group")
MARKUP_TITLE = 'Fika & <b>"bold"</b> <script>alert(1)</script>\nsecond line\r\nthird'


@pytest.fixture(autouse=True)
def _local_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "publishing-tests"}}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def pub(world):
    today = timezone.localdate()
    plan = ActionPlan.objects.create(
        municipality=world.home, partnership=world.partnership, title="Handlingsplan i år", title_en="Action plan this year",
        period_start=today.replace(month=1, day=1), period_end=today.replace(month=12, day=31),
    )
    visit = make_activity(
        world, title="Besök från Palo Alto", title_en="Visit from Palo Alto", organisation=world.unit, areas=[world.area], plan=plan,
        start=today + datetime.timedelta(days=10), planned_end=today + datetime.timedelta(days=12), is_public=True,
        place="Linköping", description="Offentlig beskrivning", goals="SECRET goal", benefit="SECRET benefit",
    )
    markup = make_activity(world, title=MARKUP_TITLE, organisation=world.unit, areas=[world.area], plan=plan,
                           start=today + datetime.timedelta(days=20), is_public=True)
    internal = make_activity(world, title="SECRET internal activity", organisation=world.unit, areas=[world.area], plan=plan,
                             start=today + datetime.timedelta(days=5))
    make_cost(visit, world.unit, 123_45)
    visit.costs.update(note="SECRET cost note")
    Participation.objects.create(activity=visit, total=2, women=1, men=1, under_18=2)
    NamedParticipant.objects.create(activity=visit, name="Kim Minor", is_minor=True)
    association = Organisation.objects.create(municipality=world.home, name="Neighbors Abroad", kind="association")
    public_contact = ContactPerson.objects.create(organisation=association, name="Linda Chen", email="linda@example.org", is_public=True)
    world.partnership.contacts.add(public_contact, world.contact)
    world.partnership.organisations.add(association, world.hidden_org)
    now = timezone.now()
    news = NewsItem.objects.create(
        municipality=world.home, title="Nyhet om Palo Alto", title_en="News about Palo Alto", summary="Kort", summary_en="Short",
        body='<p>Hej <a href="https://example.org" onclick="x()">länk</a></p>', is_public=True,
        published_at=now - datetime.timedelta(hours=1), partnership=world.partnership,
    )
    markup_news = NewsItem.objects.create(municipality=world.home, title=MARKUP_TITLE, is_public=True,
                                          published_at=now - datetime.timedelta(hours=2))
    internal_news = NewsItem.objects.create(municipality=world.home, title="SECRET internal news", is_public=False,
                                            published_at=now - datetime.timedelta(minutes=5))
    future_news = NewsItem.objects.create(municipality=world.home, title="SECRET not yet published", is_public=True,
                                          published_at=now + datetime.timedelta(days=3))
    foreign_news = NewsItem.objects.create(municipality=world.other, title="SECRET foreign news", is_public=False)
    return SimpleNamespace(
        plan=plan, visit=visit, markup=markup, internal=internal, association=association, public_contact=public_contact,
        news=news, markup_news=markup_news, internal_news=internal_news, future_news=future_news, foreign_news=foreign_news,
    )


def assert_no_secrets(text: str, where: str = "") -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} leaked {where}"
