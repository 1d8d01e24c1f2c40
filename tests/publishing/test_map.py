"""The public map as a person sees it, read from the rendered page with an XML parser.

On the demo's own page (``/m/linkoping/``) in Swedish and English: every coordinate is a number
with a decimal point, every city lies inside the drawing and in the right place relative to the
others, and no label overlaps another label, a marker or the frame.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command

from vanort.publishing import maps
from vanort.publishing.maps import Box

pytestmark = pytest.mark.engine_independent

SVG = "{http://www.w3.org/2000/svg}"
NUMERIC = ("x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height", "stroke-width", "font-size")


@pytest.fixture
def demo(db):
    call_command("loaddemo", stdout=io.StringIO())


def rendered_map(client, language) -> ET.Element:
    client.cookies["django_language"] = language
    html = client.get("/m/linkoping/").content.decode()
    match = re.search(r"<svg class=\"public-map__svg\".*?</svg>", html, re.S)
    assert match, "no map on the page"
    return ET.fromstring(match.group(0))


def label_box(text: ET.Element) -> Box:
    x, y, width = float(text.get("x")), float(text.get("y")), maps.label_width(text.text)
    left = x if text.get("text-anchor") == "start" else x - width
    return Box(left, y - maps.ASCENT, left + width, y + maps.DESCENT)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_demo_map_draws_every_city_in_its_place(client, demo, language):
    svg = rendered_map(client, language)
    left, top, width, height = (float(v) for v in svg.get("viewBox").split())
    for element in svg.iter():
        for name in NUMERIC:
            if element.get(name) is not None:
                float(element.get(name))  # "187,3" would raise here
        if element.tag == f"{SVG}path":
            assert re.fullmatch(r"(?:[MmLlZz]|-?\d+(?:\.\d+)?| )+", element.get("d")), "a path with a decimal comma"
    lines = svg.findall(f"{SVG}g/{SVG}line")
    assert len(lines) >= 10, "the graticule is drawn"

    # Each label stands next to its own marker (the nearest one, or at the end of its leader line).
    places = {}
    markers = [(float(c.get("cx")), float(c.get("cy"))) for c in svg.iter(f"{SVG}circle")]
    star = next(p for p in svg.iter(f"{SVG}path") if p.get("class") != "public-map__land").get("d")
    markers.append(tuple(float(v) for v in re.match(r"M(-?[\d.]+) (-?[\d.]+)", star).groups()))
    for x, y in markers:
        assert left <= x <= left + width and top <= y <= top + height
    texts = list(svg.iter(f"{SVG}text"))
    for text in texts:
        box = label_box(text)
        cx, cy = (box.left + box.right) / 2, (box.top + box.bottom) / 2
        places[text.text] = min(markers, key=lambda m: (m[0] - cx) ** 2 + (m[1] - cy) ** 2)
    assert {"Linköping", "Palo Alto", "Tartu"} <= set(places)

    # The right places: Palo Alto west and south of Linköping, Tartu east of it at the same latitude.
    def at(name):
        return next(m for m in markers if abs(m[0] - maps.project(*COORDINATES[name])[0]) < 0.2
                    and abs(m[1] - maps.project(*COORDINATES[name])[1]) < 0.2)

    linkoping, palo_alto, tartu = at("Linköping"), at("Palo Alto"), at("Tartu")
    assert palo_alto[0] < width / 4 < linkoping[0] < tartu[0]
    assert palo_alto[1] > linkoping[1] and abs(tartu[1] - linkoping[1]) < 1

    # No label overlaps another, a marker, or leaves the frame.
    boxes = [label_box(text) for text in texts]
    for i, box in enumerate(boxes):
        assert box.inside(width, height), texts[i].text
        for j, other in enumerate(boxes[:i]):
            assert not box.overlaps(other), f"{texts[i].text} overlaps {texts[j].text}"
        for x, y in markers:
            marker = Box(x - 4.5, y - 4.5, x + 4.5, y + 4.5)
            assert not box.overlaps(marker), f"{texts[i].text} covers a city at {x}, {y}"


COORDINATES = {"Linköping": (58.41086, 15.62157), "Palo Alto": (37.44188, -122.14302), "Tartu": (58.38062, 26.72509)}


def test_label_placement_on_a_crowded_map():
    """Seven close cities in a small frame: every label finds a free place or stays clear of markers."""
    names = ["Linköping", "Tartu", "Enschede", "Münster", "Heidelberg", "Joensuu", "Kaiserslautern"]
    points = [maps.Point(*maps.project(52 + i * 0.6, 7 + i * 0.5), name, "partner") for i, name in enumerate(names)]
    placed = maps.place_labels(points)
    boxes = [p.box for p in placed]
    for i, box in enumerate(boxes):
        assert box.inside(maps.WIDTH, maps.HEIGHT)
        assert not any(box.overlaps(other) for other in boxes[:i]), names[i]
    assert any(p.leader for p in placed), "a crowded map moves some labels away with a leader line"


def rings(d: str) -> list[list[tuple[float, float]]]:
    return [[(float(x), float(y)) for x, y in re.findall(r"(-?[\d.]+) (-?[\d.]+)", part)] for part in d.split("M")[1:]]


def on_land(x: float, y: float, land: list) -> bool:
    """Even-odd ray casting over every ring of the land path."""
    inside = False
    for ring in land:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_map_draws_the_land_under_the_cities(client, demo, language):
    svg = rendered_map(client, language)
    land = rings(svg.find(f"{SVG}path[@class='public-map__land']").get("d"))
    assert len(land) > 100
    for ring in land:
        assert all(0 <= x <= maps.WIDTH and 0 <= y <= maps.HEIGHT for x, y in ring)
        # No ring jumps across the map (a polygon crossing ±180° would cut a band through it).
        assert all(abs(a[0] - b[0]) < maps.WIDTH / 2 for a, b in zip(ring, ring[1:], strict=False))
    for name in ("Linköping", "Palo Alto", "Tartu"):
        assert on_land(*maps.project(*COORDINATES[name]), land), f"{name} is drawn in the sea"
    assert not on_land(*maps.project(0, -30), land), "the middle of the Atlantic is land"
    assert not on_land(*maps.project(-40, 90), land), "the Indian Ocean is land"
