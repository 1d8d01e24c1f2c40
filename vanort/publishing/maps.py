"""A small world map drawn on the server: an equirectangular graticule with the cities as points.

No tiles, no scripts, no network — it works offline. The SVG carries a title and a description;
the list of partner cities beside it is the text alternative.

Every number the template writes is already a string here (``_n``): SVG takes a decimal point,
whatever the page's language (Swedish would write ``187,3``). Labels are placed greedily so that
none overlaps another label, a marker or the frame; a label moved away from its city gets a
leader line.

The land comes from Natural Earth's 1:110 million land polygons (public domain), as TopoJSON from
the npm package world-atlas 2.0.2 (ISC), vendored in ``data/`` — see docs/decisions/0003.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

WIDTH, HEIGHT = 720, 360  # 2 px per degree
FONT_SIZE = 11
CHAR_WIDTH = 0.62 * FONT_SIZE  # a generous average for the sans-serif at 11 px
ASCENT, DESCENT = 9, 3
MARKER = 5  # half the size of the box a marker takes
GAP = 6  # between marker and label


def _n(value: float) -> str:
    """A coordinate as SVG writes it: decimal point, at most one decimal, no locale."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return self.left < other.right and other.left < self.right and self.top < other.bottom and other.top < self.bottom

    def inside(self, width: float, height: float) -> bool:
        return self.left >= 0 and self.top >= 0 and self.right <= width and self.bottom <= height

    def overlap_area(self, other: Box) -> float:
        w = min(self.right, other.right) - max(self.left, other.left)
        h = min(self.bottom, other.bottom) - max(self.top, other.top)
        return max(w, 0) * max(h, 0)


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    kind: str  # "home", "partner", "network"
    label_x: float = 0.0
    label_y: float = 0.0  # the text's baseline
    anchor: str = "start"
    box: Box | None = None  # the label's box, None for unlabelled points
    leader: tuple[float, float, float, float] | None = None  # from the marker to the label

    @property
    def svg(self) -> dict:
        """The point's numbers as the template writes them (strings with a decimal point)."""
        values = {"x": _n(self.x), "y": _n(self.y), "x0": _n(self.x - 2), "y0": _n(self.y - 2),
                  "label_x": _n(self.label_x), "label_y": _n(self.label_y)}
        if self.leader:
            values |= dict(zip(("lx1", "ly1", "lx2", "ly2"), map(_n, self.leader), strict=True))
        return values


def project(latitude, longitude) -> tuple[float, float]:
    """Equirectangular: longitude −180…180 → x 0…WIDTH, latitude 90…−90 → y 0…HEIGHT."""
    x = (float(longitude) + 180.0) / 360.0 * WIDTH
    y = (90.0 - float(latitude)) / 180.0 * HEIGHT
    return round(x, 1), round(y, 1)


LAND = Path(__file__).resolve().parent / "data" / "land-110m.json"


@functools.cache
def land_path() -> str:
    """The land as one SVG path in whole map pixels (½ degree), decoded from TopoJSON once per process."""
    topology = json.loads(LAND.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:  # quantized and delta-encoded positions
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append(project(y * sy + ty, x * sx + tx))
        arcs.append(points)
    parts = []
    for geometry in topology["objects"]["land"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            for ring in polygon:
                points = []
                for index in ring:
                    arc = arcs[index] if index >= 0 else arcs[~index][::-1]
                    points.extend(arc if not points else arc[1:])
                pixels = []
                for x, y in points:
                    pixel = (round(x), round(y))
                    if not pixels or pixels[-1] != pixel:
                        pixels.append(pixel)
                for piece in _split_at_antimeridian(pixels):
                    if len(piece) > 2:
                        parts.append("M" + "L".join(f"{x} {y}" for x, y in piece) + "Z")
    return "".join(parts)


def _split_at_antimeridian(ring: list) -> list[list]:
    """A ring that crosses ±180° as pieces on either side, each closed along the map's edge.

    Drawn whole, such a ring (Chukotka, Fiji) would cut a band across the entire map."""
    pieces = [[ring[0]]]
    for previous, point in zip(ring, ring[1:], strict=False):
        if abs(point[0] - previous[0]) > WIDTH / 2:
            pieces.append([])
        pieces[-1].append(point)
    if len(pieces) > 1:  # the ring began inside a piece: its last and first parts are one
        pieces[0] = pieces.pop() + pieces[0]
    return pieces


def graticule(step: int = 30) -> dict:
    meridians = [_n((lon + 180) / 360 * WIDTH) for lon in range(-180 + step, 180, step)]
    parallels = [_n((90 - lat) / 180 * HEIGHT) for lat in range(-90 + step, 90, step)]
    return {"meridians": meridians, "parallels": parallels, "equator": _n(HEIGHT / 2), "prime": _n(WIDTH / 2)}


def label_width(label: str) -> float:
    return len(label) * CHAR_WIDTH


def _label_box(x: float, y: float, width: float, anchor: str) -> Box:
    left = x if anchor == "start" else x - width
    return Box(left, y - ASCENT, left + width, y + DESCENT)


def _candidates(x: float, y: float):
    """Label positions around a marker, nearest first: (baseline x, baseline y, anchor, leader?)."""
    near = [(GAP, -GAP, "start"), (-GAP, -GAP, "end"), (GAP, GAP + ASCENT, "start"), (-GAP, GAP + ASCENT, "end"),
            (GAP + 2, ASCENT / 2 - 1, "start"), (-GAP - 2, ASCENT / 2 - 1, "end")]
    for dx, dy, anchor in near:
        yield x + dx, y + dy, anchor, False
    for step in range(1, 8):
        for dy in (-GAP - 13 * step, GAP + ASCENT + 13 * step):
            for dx, anchor in ((GAP + 6, "start"), (-GAP - 6, "end")):
                yield x + dx, y + dy, anchor, True


def place_labels(points: list[Point], width: float = WIDTH, height: float = HEIGHT) -> list[Point]:
    """Give each labelled point (in order: home, partners) a label box clear of the others.

    Greedy: each label takes the nearest candidate that stays inside the map and overlaps neither
    a marker nor a label placed before; when none is free it takes the one overlapping least.
    """
    markers = [Box(p.x - MARKER, p.y - MARKER, p.x + MARKER, p.y + MARKER) for p in points]
    placed: list[Box] = []
    result = []
    for index, point in enumerate(points):
        if point.kind == "network":
            result.append(point)
            continue
        own = markers[index]
        obstacles = [box for i, box in enumerate(markers) if i != index]
        w = label_width(point.label)
        best = None
        for lx, ly, anchor, leader in _candidates(point.x, point.y):
            box = _label_box(lx, ly, w, anchor)
            if not box.inside(width, height) or box.overlaps(own):
                continue
            cost = sum(box.overlap_area(other) for other in obstacles + placed)
            if best is None or cost < best[0]:
                best = (cost, lx, ly, anchor, leader, box)
            if cost == 0:
                break
        if best is None:  # a map too small for the label: keep it beside the marker
            anchor = "end" if point.x > width / 2 else "start"
            lx = point.x + (-GAP if anchor == "end" else GAP)
            best = (0, lx, point.y - GAP, anchor, False, _label_box(lx, point.y - GAP, w, anchor))
        _, lx, ly, anchor, leader, box = best
        placed.append(box)
        line = None
        if leader:
            edge_x = box.left if anchor == "start" else box.right
            edge_y = box.bottom if ly < point.y else box.top
            line = (point.x, point.y, edge_x, edge_y)
        result.append(Point(point.x, point.y, point.label, point.kind, lx, ly, anchor, box, line))
    return result


def build(home_city, partner_cities, network_cities) -> dict:
    """The map's drawing instructions: graticule lines and labelled points (cities without coordinates are left out)."""
    points: list[Point] = []
    seen: set[int] = set()

    def add(city, kind):
        if city is None or city.pk in seen or city.latitude is None or city.longitude is None:
            return
        seen.add(city.pk)
        x, y = project(city.latitude, city.longitude)
        points.append(Point(x, y, city.name, kind))

    add(home_city, "home")
    for city in partner_cities:
        add(city, "partner")
    for city in network_cities:
        add(city, "network")
    return {"width": _n(WIDTH), "height": _n(HEIGHT), "grid": graticule(), "land": land_path(),
            "points": place_labels(points)}
