"""A city's page shows the city's own local time and its difference to ours, as a person reads it.

The clock is frozen on either side of the weeks in March and October–November when the United
States and Europe change to and from summer time on different dates: Palo Alto is 8 hours behind
Linköping then, and 9 hours behind the rest of the year.
"""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine

pytestmark = pytest.mark.engine_independent

UTC = datetime.UTC
TIME = re.compile(r'<time datetime="([^"]+)">(\d\d:\d\d)</time>\s*\((?:hos oss|ours): (\d\d:\d\d); (?:skillnad|difference) (-?[\d,.]+) h\)')


@pytest.mark.parametrize(("utc", "there", "ours", "difference"), [
    (datetime.datetime(2026, 3, 1, 20, 41, tzinfo=UTC), "12:41", "21:41", "-9"),   # both on winter time
    (datetime.datetime(2026, 3, 15, 20, 41, tzinfo=UTC), "13:41", "21:41", "-8"),  # the US on summer time, Sweden not yet
    (datetime.datetime(2026, 4, 2, 20, 41, tzinfo=UTC), "13:41", "22:41", "-9"),   # both on summer time
    (datetime.datetime(2026, 10, 28, 20, 41, tzinfo=UTC), "13:41", "21:41", "-8"), # Sweden back on winter time, the US not yet
    (datetime.datetime(2026, 11, 5, 20, 41, tzinfo=UTC), "12:41", "21:41", "-9"),
])
@pytest.mark.parametrize("language", ["sv", "en"])
def test_partner_city_shows_its_own_local_time(client, world, utc, there, ours, difference, language):
    client.cookies["django_language"] = language
    with time_machine.travel(utc, tick=False):
        html = client.get(f"/cities/{world.cities.palo_alto.pk}/").content.decode()
    match = TIME.search(html)
    assert match, "no local time on the city page"
    iso, shown, shown_ours, shown_difference = match.groups()
    assert (shown, shown_ours, shown_difference) == (there, ours, difference)
    # The machine-readable time is the same instant, written in the city's own offset.
    stamp = datetime.datetime.fromisoformat(iso)
    assert stamp == utc
    assert stamp.strftime("%H:%M") == there


def test_a_city_in_our_own_zone_shows_no_difference(client, world):
    with time_machine.travel(datetime.datetime(2026, 6, 1, 10, 0, tzinfo=UTC), tick=False):
        html = client.get(f"/cities/{world.cities.enschede.pk}/").content.decode()
    assert TIME.search(html).groups()[1:] == ("12:00", "12:00", "0")
