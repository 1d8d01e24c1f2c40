"""Numbers that are not prose (form values, query strings, progress bars) never take a locale's grouping.

With thousands separators on (as a Swedish page may show "5 000"), a city's GeoNames id in the
lookup's register button must still post back as the plain number.
"""

from __future__ import annotations

import re

import pytest

from vanort.core.roles import Role
from vanort.places.models import City

pytestmark = pytest.mark.engine_independent


def test_city_lookup_posts_plain_ids_with_thousands_separators_on(client_for, world, settings):
    settings.USE_THOUSAND_SEPARATOR = True
    client = client_for(world.users[Role.COORDINATOR])
    html = client.get("/cities/lookup/", {"q": "Tartu"}).content.decode()
    ids = re.findall(r'name="geonames_id" value="([^"]*)"', html)
    assert ids, "the lookup offers no city"
    assert all(value.isdigit() and int(value) > 1000 for value in ids), ids
    response = client.post("/cities/lookup/?q=Tartu", {"geonames_id": ids[0]})
    assert response.status_code == 302
    assert City.objects.filter(geonames_id=int(ids[0]), name="Tartu").exists()
