"""A small world map drawn on the server: an equirectangular graticule with the cities as points.

No tiles, no scripts, no network — it works offline. The SVG carries a title and a description;
the list of partner cities beside it is the text alternative.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT = 720, 360  # 2 px per degree


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    kind: str  # "home", "partner", "network"
    anchor: str = "start"
    dx: int = 6


def project(latitude, longitude) -> tuple[float, float]:
    """Equirectangular: longitude −180…180 → x 0…WIDTH, latitude 90…−90 → y 0…HEIGHT."""
    x = (float(longitude) + 180.0) / 360.0 * WIDTH
    y = (90.0 - float(latitude)) / 180.0 * HEIGHT
    return round(x, 1), round(y, 1)


def graticule(step: int = 30) -> dict:
    meridians = [round((lon + 180) / 360 * WIDTH, 1) for lon in range(-180 + step, 180, step)]
    parallels = [round((90 - lat) / 180 * HEIGHT, 1) for lat in range(-90 + step, 90, step)]
    return {"meridians": meridians, "parallels": parallels, "equator": HEIGHT / 2, "prime": WIDTH / 2}


def build(home_city, partner_cities, network_cities) -> dict:
    """The map's drawing instructions: graticule lines and labelled points (cities without coordinates are left out)."""
    points: list[Point] = []
    seen: set[int] = set()

    def add(city, kind):
        if city is None or city.pk in seen or city.latitude is None or city.longitude is None:
            return
        seen.add(city.pk)
        x, y = project(city.latitude, city.longitude)
        right_edge = x > WIDTH - 110
        points.append(Point(x, y, city.name, kind, "end" if right_edge else "start", -6 if right_edge else 6))

    add(home_city, "home")
    for city in partner_cities:
        add(city, "partner")
    for city in network_cities:
        add(city, "network")
    return {"width": WIDTH, "height": HEIGHT, "grid": graticule(), "points": points}
