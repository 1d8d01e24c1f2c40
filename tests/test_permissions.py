"""The permission gate itself: restrict(), can() and can_add(), model by model, role by role.

Each table names, per role, which of the world's records the role may act on. Roles are
``anonymous``, the five roles of Linköping and ``foreign`` (the other municipality's coordinator).
"""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.test import override_settings

from tests import conftest
from vanort.accounts.models import User
from vanort.core.permissions import (
    ADD,
    CHANGE,
    DELETE,
    HISTORY,
    VIEW,
    can,
    can_add,
    can_list,
    restrict,
)
from vanort.core.roles import Role
from vanort.places.models import City
from vanort.plans.models import Activity, CostLine, ExchangeRate, NamedParticipant, VisitNotice
from vanort.registry.models import (
    Agreement,
    AgreementDocument,
    Network,
    Partnership,
    PriorityArea,
    TimelineEvent,
)
from vanort.tenancy.models import ContactPerson, Organisation

pytestmark = pytest.mark.engine

ROLES = ("anonymous", "admin", "coordinator", "board", "unit_editor", "partner", "foreign")
READERS = ("admin", "coordinator", "board", "unit_editor")
EDITORS = ("admin", "coordinator")


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    """conftest's ``world`` built once for this module (rolled back at the end), plus a few records."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
                w = conftest.world.__wrapped__(None)
            w.partner_contact = ContactPerson.objects.create(organisation=w.university, name="Per Partner")
            w.public_contact = ContactPerson.objects.create(organisation=w.unit, name="Publika Petra", is_public=True)
            w.hidden_contact = ContactPerson.objects.create(organisation=w.hidden_org, name="Dold", is_public=True)
            w.foreign_contact = ContactPerson.objects.create(organisation=w.foreign_org, name="Fia Foreign", is_public=True)
            w.old_area = PriorityArea.objects.create(municipality=w.home, name="Gammalt område", is_active=False)
            w.internal_agreement = Agreement.objects.create(
                partnership=w.partnership, title="Internt avtal", parties="A\nB", signed_on=datetime.date(2020, 1, 1), is_public=False
            )
            w.internal_partnership_agreement = Agreement.objects.create(
                partnership=w.internal_partnership, title="Avtal, intern vänort", parties="A\nB"
            )
            w.document = AgreementDocument.objects.create(
                agreement=w.agreement, file="agreements/a.pdf", original_name="a.pdf", content_type="application/pdf", size=1
            )
            w.internal_document = AgreementDocument.objects.create(
                agreement=w.internal_agreement, file="agreements/b.pdf", original_name="b.pdf", content_type="application/pdf", size=1
            )
            w.internal_partnership_document = AgreementDocument.objects.create(
                agreement=w.internal_partnership_agreement, file="agreements/c.pdf", original_name="c.pdf",
                content_type="application/pdf", size=1,
            )
            w.foreign_network = Network.objects.create(municipality=w.other, name="Foreign network")
            w.internal_network = Network.objects.create(municipality=w.home, name="Internt nätverk", is_public=False)
            w.foreign_event = TimelineEvent.objects.create(partnership=w.foreign_partnership, date=datetime.date(2000, 1, 1), title="X")
            yield w
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def w(module_world, db):
    return module_world


def user_for(world, role):
    if role == "anonymous":
        return None
    if role == "foreign":
        return world.foreign_user
    return world.users[Role(role)]


def table(default=(), **per_role):
    """Expected record names per role; roles not named get ``default``."""
    return {role: set(per_role.get(role, default)) for role in ROLES}


USERS_OF_LINKOPING = ("admin_user", "coordinator_user", "board_user", "unit_editor_user", "partner_user")

#: model → (the world's records to look at, action → role → the records the role may act on)
CASES = {
    Partnership: (
        ("partnership", "internal_partnership", "foreign_partnership"),
        {
            VIEW: table(("partnership", "internal_partnership"), anonymous={"partnership"}, partner={"partnership"},
                        foreign={"foreign_partnership"}),
            CHANGE: table((), admin={"partnership", "internal_partnership"}, coordinator={"partnership", "internal_partnership"},
                          foreign={"foreign_partnership"}),
            HISTORY: table(("partnership", "internal_partnership"), anonymous=(), partner=(), foreign={"foreign_partnership"}),
        },
    ),
    TimelineEvent: (
        ("event", "internal_event", "foreign_event"),
        {
            VIEW: table(("event", "internal_event"), anonymous={"event"}, partner={"event"}, foreign={"foreign_event"}),
            CHANGE: table((), admin={"event", "internal_event"}, coordinator={"event", "internal_event"}, foreign={"foreign_event"}),
            HISTORY: table(("event", "internal_event"), anonymous=(), partner=(), foreign={"foreign_event"}),
        },
    ),
    Agreement: (
        ("agreement", "internal_agreement", "internal_partnership_agreement"),
        {
            # An agreement is public only if its partnership is public too.
            VIEW: table(("agreement", "internal_agreement", "internal_partnership_agreement"),
                        anonymous={"agreement"}, partner={"agreement"}, foreign=()),
        },
    ),
    AgreementDocument: (
        ("document", "internal_document", "internal_partnership_document"),
        {
            VIEW: table(("document", "internal_document", "internal_partnership_document"),
                        anonymous={"document"}, partner={"document"}, foreign=()),
        },
    ),
    PriorityArea: (
        ("area", "old_area"),
        {
            VIEW: table(("area", "old_area"), anonymous={"area"}, partner={"area"}, foreign=()),
            CHANGE: table((), admin={"area", "old_area"}, coordinator={"area", "old_area"}),
        },
    ),
    Network: (
        ("network", "internal_network", "foreign_network"),
        {
            # The other municipality's network is public: the public sees it; signed-in users
            # work within their own municipality.
            VIEW: table(("network", "internal_network"), anonymous={"network", "foreign_network"}, partner={"network"},
                        foreign={"foreign_network"}),
            CHANGE: table((), admin={"network", "internal_network"}, coordinator={"network", "internal_network"},
                          foreign={"foreign_network"}),
        },
    ),
    Organisation: (
        ("office", "unit", "university", "hidden_org", "foreign_org"),
        {
            VIEW: table(("office", "unit", "university", "hidden_org"),
                        anonymous={"office", "unit", "university", "foreign_org"},
                        partner={"office", "unit", "university"}, foreign={"foreign_org"}),
            CHANGE: table((), admin={"office", "unit", "university", "hidden_org"},
                          coordinator={"office", "unit", "university", "hidden_org"},
                          unit_editor={"unit"}, partner={"university"}, foreign={"foreign_org"}),
            HISTORY: table(("office", "unit", "university", "hidden_org"), anonymous=(), partner={"university"},
                           foreign={"foreign_org"}),
        },
    ),
    ContactPerson: (
        ("contact", "other_contact", "partner_contact", "public_contact", "hidden_contact", "foreign_contact"),
        {
            # A contact marked public stays internal while its organisation is not public.
            VIEW: table(("contact", "other_contact", "partner_contact", "public_contact", "hidden_contact"),
                        anonymous={"public_contact", "foreign_contact"}, partner={"partner_contact", "public_contact"},
                        foreign={"foreign_contact"}),
            CHANGE: table((), admin={"contact", "other_contact", "partner_contact", "public_contact", "hidden_contact"},
                          coordinator={"contact", "other_contact", "partner_contact", "public_contact", "hidden_contact"},
                          unit_editor={"contact", "public_contact"}, partner={"partner_contact"}, foreign={"foreign_contact"}),
            HISTORY: table(("contact", "other_contact", "partner_contact", "public_contact", "hidden_contact"),
                           anonymous=(), partner={"partner_contact"}, foreign={"foreign_contact"}),
        },
    ),
    City: (
        ("linkoping", "palo_alto", "enschede"),
        {
            VIEW: table(("linkoping", "palo_alto", "enschede")),
            CHANGE: table((), admin={"linkoping", "palo_alto", "enschede"}, coordinator={"linkoping", "palo_alto", "enschede"},
                          foreign={"linkoping", "palo_alto", "enschede"}),
            HISTORY: table(("linkoping", "palo_alto", "enschede"), anonymous=(), partner=()),
        },
    ),
    User: (
        (*USERS_OF_LINKOPING, "foreign_user"),
        {
            VIEW: table((), admin=USERS_OF_LINKOPING),
            CHANGE: table((), admin=USERS_OF_LINKOPING),
        },
    ),
}
# Deleting follows changing wherever a model is deletable.
for _model in (ContactPerson, TimelineEvent):
    CASES[_model][1][DELETE] = CASES[_model][1][CHANGE]


def record(world, name):
    if name in world.cities.__dict__:
        return getattr(world.cities, name)
    if name.endswith("_user") and name != "foreign_user":
        return world.users[Role(name.removesuffix("_user"))]
    return getattr(world, name)


GATE_CELLS = [
    pytest.param(model, action, role, id=f"{model.__name__}-{action}-{role}")
    for model, (_names, actions) in CASES.items()
    for action in actions
    for role in ROLES
]


@pytest.mark.parametrize(("model", "action", "role"), GATE_CELLS)
def test_restrict_and_can(w, model, action, role):
    names, actions = CASES[model]
    objects = {name: record(w, name) for name in names}
    user = user_for(w, role)
    allowed = restrict(model._default_manager.filter(pk__in=[o.pk for o in objects.values()]), user, action)
    got = {name for name, obj in objects.items() if obj.pk in set(allowed.values_list("pk", flat=True))}
    assert got == actions[action][role]
    for name, obj in objects.items():
        assert can(user, action, obj) is (name in actions[action][role]), name


#: model → the roles that may open its create form
ADDERS = {
    Partnership: {"admin", "coordinator", "foreign"},
    TimelineEvent: {"admin", "coordinator", "foreign"},
    Agreement: {"admin", "coordinator", "foreign"},
    PriorityArea: {"admin", "coordinator", "foreign"},
    Network: {"admin", "coordinator", "foreign"},
    City: {"admin", "coordinator", "foreign"},
    # Owner-editors add records under their organisation, never organisations.
    Organisation: {"admin", "coordinator", "foreign"},
    ContactPerson: {"admin", "coordinator", "unit_editor", "partner", "foreign"},
    User: {"admin"},
}


@pytest.mark.parametrize(
    ("model", "role"), [pytest.param(m, r, id=f"{m.__name__}-{r}") for m in ADDERS for r in ROLES]
)
def test_can_add(w, model, role):
    assert can_add(user_for(w, role), model) is (role in ADDERS[model])


#: model → the roles that may open its list (the rows are then restricted); the rest get a 403,
#: the anonymous public a login page.
LISTERS = {
    City: set(ROLES),  # shared reference data
    Partnership: set(ROLES),  # has public flags
    ContactPerson: set(ROLES),
    Activity: set(ROLES),
    User: {"admin"},  # no public flags, administrators read and edit, no owners
    ExchangeRate: {"admin", "coordinator", "board", "unit_editor", "foreign"},  # no public flags, no owner
    VisitNotice: {"admin", "coordinator", "board", "unit_editor", "partner", "foreign"},  # a partner lists its own
    CostLine: {"admin", "coordinator", "board", "unit_editor", "partner", "foreign"},
    NamedParticipant: {"admin", "coordinator", "unit_editor", "partner", "foreign"},  # readers: coordinators; owners
}


@pytest.mark.parametrize(
    ("model", "role"), [pytest.param(m, r, id=f"{m.__name__}-{r}") for m in LISTERS for r in ROLES]
)
def test_can_list(w, model, role):
    assert can_list(user_for(w, role), model) is (role in LISTERS[model])


def test_user_list_is_for_administrators(w, client_for):
    from django.urls import reverse

    url = reverse("accounts:user_list")
    response = client_for(None).get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    for role in ("coordinator", "board", "unit_editor", "partner", "foreign"):
        assert client_for(user_for(w, role)).get(url).status_code == 403, role
    assert client_for(w.users[Role.ADMIN]).get(url).status_code == 200


def test_add_restricts_nothing_by_itself(w):
    # ADD is a valid action; its rows are what the user may change (the parents it may add under).
    assert set(restrict(ContactPerson.objects.all(), w.users[Role.PARTNER], ADD)) == {w.partner_contact}


def test_unknown_action_and_unscoped_model_are_refused(w):
    with pytest.raises(ValueError):
        restrict(Partnership.objects.all(), w.users[Role.ADMIN], "publish")
    from django.contrib.sessions.models import Session

    with pytest.raises(TypeError):
        restrict(Session.objects.all(), w.users[Role.ADMIN])


@pytest.mark.parametrize("change", ["inactive", "no_role", "superuser_without_role"])
def test_users_without_an_active_role_are_the_public(w, change):
    user = w.users[Role.COORDINATOR]
    if change == "inactive":
        user.is_active = False
    elif change == "no_role":
        user.role = ""
    else:
        user.role, user.is_superuser = "", True
    assert set(restrict(Partnership.objects.all(), user)) == {w.partnership}
    assert not restrict(Partnership.objects.all(), user, CHANGE).exists()
    assert not restrict(Partnership.objects.all(), user, HISTORY).exists()
    assert not can_add(user, Partnership)


def test_board_changes_nothing(w):
    board = w.users[Role.BOARD]
    for model in (Partnership, TimelineEvent, Agreement, PriorityArea, Network, Organisation, ContactPerson, City, User):
        assert not restrict(model._default_manager.all(), board, CHANGE).exists(), model
        assert not can_add(board, model), model


def test_nothing_non_public_crosses_municipalities(w):
    foreign = w.foreign_user
    for model in (Partnership, TimelineEvent, Agreement, AgreementDocument, PriorityArea, Network, Organisation, ContactPerson, User):
        for action in (VIEW, CHANGE, HISTORY):
            rows = restrict(model._default_manager.all(), foreign, action)
            tenant = model.scope.tenant
            assert not rows.filter(**{tenant: w.home.pk}).exists(), (model, action)


# --- pages read related records through the gate too -----------------------------------------


@pytest.mark.parametrize("role", ["anonymous", "partner"])
def test_network_page_lists_only_visible_organisations_and_areas(w, client_for, role):
    w.network.organisations.add(w.hidden_org, w.unit)
    w.network.priority_areas.add(w.old_area, w.area)
    page = client_for(user_for(w, role)).get(w.network.get_absolute_url()).content.decode()
    assert w.unit.name in page and w.area.name in page
    assert w.hidden_org.name not in page
    assert w.old_area.name not in page


def test_organisation_page_hides_an_internal_parent(w, client_for):
    w.unit.parent = w.hidden_org
    w.unit.save()
    page = client_for(None).get(w.unit.get_absolute_url()).content.decode()
    assert w.hidden_org.name not in page
    page = client_for(w.users[Role.BOARD]).get(w.unit.get_absolute_url()).content.decode()
    assert w.hidden_org.name in page


@pytest.mark.parametrize(("role", "sees"), [("anonymous", False), ("partner", False), ("board", True), ("coordinator", True)])
def test_organisation_list_hides_an_internal_parent(w, client_for, role, sees):
    from django.urls import reverse

    w.unit.parent = w.hidden_org
    w.unit.save()
    page = client_for(user_for(w, role)).get(reverse("tenancy:organisation_list")).content.decode()
    assert w.unit.name in page
    assert (w.hidden_org.name in page) is sees


def test_partnership_page_hides_internal_records_from_the_partner(w, client_for):
    w.partnership.contacts.add(w.contact, w.public_contact)
    page = client_for(w.users[Role.PARTNER]).get(w.partnership.get_absolute_url()).content.decode()
    assert w.event.title in page and w.internal_event.title not in page
    assert w.public_contact.name in page and w.contact.name not in page
    assert "Secret note" not in page and w.internal_agreement.title not in page
    page = client_for(w.users[Role.BOARD]).get(w.partnership.get_absolute_url()).content.decode()
    assert w.internal_event.title in page and w.contact.name in page
    assert "Secret note" not in page  # internal notes: for those who may change the record
