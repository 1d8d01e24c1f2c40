"""Loading the demo content of :mod:`vanort.demo.data` into the database.

Every record is validated and saved one by one with ``save()``, so each has its first history
entry. The caller wraps :func:`load` in one transaction.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import translation

from vanort.accounts.models import User
from vanort.accounts.services import user_create
from vanort.places import geonames
from vanort.places.models import City
from vanort.registry.models import Agreement, Network, Partnership, PriorityArea, TimelineEvent
from vanort.tenancy.models import ContactPerson, Municipality, Organisation

from . import data, governance_loader, plans_loader, publishing_loader

CHANGE_REASON = "Demo"


@dataclass
class Loaded:
    municipality: Municipality
    users: list[User]


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _save(instance):
    instance.full_clean()
    instance._change_reason = CHANGE_REASON
    instance.save()
    return instance


def _city(spec: dict) -> City:
    existing = City.objects.filter(geonames_id=spec["geonames_id"]).first()
    if existing is not None:
        return existing  # shared reference data: reuse, never overwrite
    candidate = geonames.get(spec["geonames_id"])
    if candidate is not None:
        city = geonames.city_from_candidate(candidate)
    else:
        city = City(source=City.Source.MANUAL, **spec["manual"])  # full_clean converts the strings
    for field, value in spec.get("extra", {}).items():
        setattr(city, field, value)
    return _save(city)


def load(*, today: datetime.date) -> Loaded:
    with translation.override("sv"):
        return _load(today)


def _load(today: datetime.date) -> Loaded:
    cities = {key: _city(spec) for key, spec in data.CITIES.items()}

    spec = data.MUNICIPALITY
    municipality = _save(
        Municipality(
            name=spec["name"],
            slug=spec["slug"],
            currency=spec["currency"],
            city=cities[spec["city"]],
        )
    )

    orgs: dict[str, Organisation] = {}
    for key, parent, kind, name_sv, name_en, desc_sv, desc_en, website in data.ORGANISATIONS:
        orgs[key] = _save(
            Organisation(
                municipality=municipality,
                parent=orgs[parent] if parent else None,
                kind=kind,
                name_sv=name_sv,
                name_en=name_en,
                description_sv=desc_sv,
                description_en=desc_en,
                website=website,
            )
        )

    contacts: dict[str, ContactPerson] = {}
    for key, org, name, title, email, phone, is_public in data.CONTACTS:
        contacts[key] = _save(
            ContactPerson(
                organisation=orgs[org],
                name=name,
                title=title,
                email=email,
                phone=phone,
                is_public=is_public,
            )
        )

    areas: dict[str, PriorityArea] = {}
    for position, (key, name_sv, name_en, desc_sv, desc_en) in enumerate(
        data.PRIORITY_AREAS, start=1
    ):
        areas[key] = _save(
            PriorityArea(
                municipality=municipality,
                position=position,
                name_sv=name_sv,
                name_en=name_en,
                description_sv=desc_sv,
                description_en=desc_en,
            )
        )

    def partnership(spec: dict, **extra) -> Partnership:
        record = _save(
            Partnership(
                municipality=municipality,
                partner_city=cities[spec["city"]],
                category=spec["category"],
                status=spec["status"],
                start_year=spec["start_year"],
                summary_sv=spec["summary_sv"],
                summary_en=spec["summary_en"],
                **extra,
            )
        )
        record.priority_areas.set([areas[key] for key in spec["areas"]])
        record.organisations.set([orgs[key] for key in spec["organisations"]])
        record.contacts.set([contacts[key] for key in spec["contacts"]])
        return record

    palo_alto = partnership(data.PALO_ALTO, internal_notes=data.PALO_ALTO["internal_notes"])
    for when, precision, is_public, title_sv, title_en, desc_sv, desc_en in data.PALO_ALTO_TIMELINE:
        _save(
            TimelineEvent(
                partnership=palo_alto,
                date=_date(when),
                precision=precision,
                is_public=is_public,
                title_sv=title_sv,
                title_en=title_en,
                description_sv=desc_sv,
                description_en=desc_en,
            )
        )
    for spec, renewal_on in (
        (data.AGREEMENT_1987, None),
        (data.AGREEMENT_2018, today + datetime.timedelta(days=data.RENEWAL_IN_DAYS)),
    ):
        _save(
            Agreement(
                partnership=palo_alto,
                title_sv=spec["title_sv"],
                title_en=spec["title_en"],
                parties=spec["parties"],
                signatories=spec.get("signatories", ""),
                signed_on=_date(spec.get("signed_on")),
                valid_from=_date(spec.get("valid_from")),
                valid_until=_date(spec.get("valid_until")),
                renewal_on=renewal_on,
                decision_reference=spec["decision_reference"],
                notes=spec.get("notes", ""),
            )
        )

    for spec in data.OTHER_PARTNERSHIPS:
        partnership(spec)

    spec = data.NETWORK
    network = _save(
        Network(
            municipality=municipality,
            name_sv=spec["name_sv"],
            name_en=spec["name_en"],
            description_sv=spec["description_sv"],
            description_en=spec["description_en"],
            home_role=spec["home_role"],
            founded_year=spec["founded_year"],
        )
    )
    network.member_cities.set([cities[key] for key in spec["members"]])
    network.priority_areas.set([areas[key] for key in spec["areas"]])
    network.organisations.set([orgs[key] for key in spec["organisations"]])

    users = [
        user_create(
            username=username,
            password=data.DEMO_PASSWORD,
            organisation=orgs[org],
            role=role,
            email=email,
            first_name=first_name,
            last_name=last_name,
            validate_password=False,
        )
        for username, role, org, first_name, last_name, email in data.USERS
    ]

    activities = plans_loader.load(
        municipality=municipality,
        orgs=orgs,
        areas=areas,
        palo_alto=palo_alto,
        network=network,
        users={user.username: user for user in users},
        today=today,
    )
    governance_loader.load(
        municipality=municipality, orgs=orgs, areas=areas, palo_alto=palo_alto,
        users={user.username: user for user in users}, activities=activities, city_for=_city, today=today,
    )
    publishing_loader.load(municipality=municipality, palo_alto=palo_alto, activities=activities, today=today)
    return Loaded(municipality=municipality, users=users)
