"""An administrator creates a user from the user page: the row lands in their municipality."""

import pytest
from django.urls import reverse

from vanort.accounts.models import User
from vanort.core.roles import Role

pytestmark = pytest.mark.engine_independent


def test_administrator_creates_a_user_from_the_page(world, client_for):
    client = client_for(world.users[Role.ADMIN])
    response = client.post(reverse("accounts:user_create"), {
        "username": "nyanvandare", "first_name": "Ny", "last_name": "Användare", "email": "ny@example.se",
        "organisation": world.unit.pk, "role": Role.UNIT_EDITOR.value, "is_active": "on",
        "password": "ett-langt-losenord-2026",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="nyanvandare")
    assert (user.municipality, user.organisation, user.role, user.email) == (
        world.home, world.unit, Role.UNIT_EDITOR, "ny@example.se")
    assert user.check_password("ett-langt-losenord-2026")


def test_a_user_in_another_municipalitys_organisation_is_refused(world, client_for):
    client = client_for(world.users[Role.ADMIN])
    before = User.objects.count()
    response = client.post(reverse("accounts:user_create"), {
        "username": "inte", "organisation": world.foreign_org.pk, "role": Role.UNIT_EDITOR.value,
        "password": "ett-langt-losenord-2026",
    })
    assert response.status_code == 400
    assert User.objects.count() == before
