"""``vanort import-twins``: both real data sets, re-runs, bad files, partnerships for a municipality.

The data sets are in ``shared/data/twin-towns`` beside the clone (``../shared`` from the repository
root, as on CI); ``VANORT_SHARED_DATA`` may point elsewhere. Missing data fails the test: it is
part of what CI must check.
"""

from __future__ import annotations

import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from vanort.places.models import City
from vanort.registry.models import Partnership
from vanort.tenancy.models import Municipality
from vanort.twins.importer import country_code, import_twins, normalise
from vanort.twins.models import TwinRelation

pytestmark = pytest.mark.engine


@pytest.fixture(autouse=True)
def _english():
    """The command speaks the operator's language; these tests read its English wording."""
    with translation.override("en"):
        yield

REPO = Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    base = Path(os.environ.get("VANORT_SHARED_DATA", REPO.parent / "shared" / "data"))
    folder = base / "twin-towns"
    if not (folder / "hekman_twin_cities_raw.csv").exists():
        pytest.fail(f"The twin-town data sets are missing: expected them in {folder} (set VANORT_SHARED_DATA)")
    return folder


def run(*args) -> str:
    out = StringIO()
    call_command("import_twins", *map(str, args), stdout=out)
    return out.getvalue()


def test_country_names_become_iso_codes():
    assert country_code("Sweden") == "SE"
    assert country_code("Scotland, United Kingdom") == "GB"
    assert country_code("England") == "GB"
    assert country_code("Georgia (country)") == "GE"
    assert country_code("Republic of Macedonia") == "MK"
    assert country_code("Réunion, France") == "RE"
    assert country_code("Brandenburg, Germany") == "DE"
    assert country_code("São Tomé and Príncipe") == "ST"
    assert country_code("Kosovo") is None and country_code("Atlantis") is None
    assert normalise("Saint-Étienne") == "saint etienne" and normalise("Łódź") == "lodz"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "row", "reason"),
    [
        (b"town,land\nA,B\n", 1, "unknown columns"),
        (b"city1,country1,city2,country2\nLinz,Austria,Link\xf6ping,Sweden\n", 2, "not UTF-8"),
        (b"city1,country1,city2,country2\nLinz,Austria,Kaunas,Lithuania\nLinz,Austria,Kaunas\n", 3, "3 columns instead of 4"),
        (b"city1,country1,lat1,lng1,city2,country2,lat2,lng2\nLinz,Austria,48.3,north,Kaunas,Lithuania,54.9,23.9\n", 2, "not a number"),
        (b"qid_a,name_a,qid_b,name_b\nQ1,A,X2,B\n", 2, "not a Wikidata id"),
    ],
)
def test_a_bad_file_fails_with_row_and_reason_and_imports_nothing(tmp_path, content, row, reason):
    path = tmp_path / "pairs.csv"
    path.write_bytes(content)
    cities = City.objects.count()
    with pytest.raises(CommandError) as error:
        run(path)
    assert f"Row {row}:" in str(error.value) and reason in str(error.value)
    assert City.objects.count() == cities and not TwinRelation.objects.exists()


@pytest.mark.django_db
def test_small_file_merges_directions_and_reports_instead_of_guessing(tmp_path):
    path = tmp_path / "pairs.csv"
    path.write_text(
        "city1,country1,lat1,lng1,city2,country2,lat2,lng2\n"
        "Linköping,Sweden,58.41,15.62,Palo Alto,United States,37.44,-122.14\n"
        "Palo Alto,United States,37.44,-122.14,Linköping,Sweden,58.41,15.62\n"  # B–A: the same relation
        "Linköping,Sweden,58.41,15.62,Nowhere-on-Earth,Sweden,,\n"  # not found
        "Springfield,United States,,,Linköping,Sweden,58.41,15.62\n"  # several Springfields, no coordinates
        "Glasgow,\"Scotland, United Kingdom\",55.86,-4.25,Linz,Austria,48.31,14.29\n",
        encoding="utf-8",
    )
    report = import_twins(path)
    assert report.rows == 5 and report.pairs == 2 and report.merged == 1
    assert {p.name for p in report.unmatched} == {"Nowhere-on-Earth"}
    assert {p.name for p in report.ambiguous} == {"Springfield"}
    assert TwinRelation.objects.count() == 2
    pair = TwinRelation.objects.get(city_a__name__in=["Linköping", "Palo Alto"])
    assert {pair.city_a.geonames_id, pair.city_b.geonames_id} == {2694762, 5380748}


@pytest.mark.django_db(transaction=False)
def test_both_full_data_sets_import_and_a_rerun_changes_nothing():
    folder = data_dir()
    linkoping = City.objects.create(name="Linköping", country="SE", time_zone="Europe/Stockholm", geonames_id=2694762)
    home = Municipality.objects.create(name="Linköping", slug="linkoping", city=linkoping)

    # The geocoded file first: its coordinates tell Palo Alto, California from Palo Alto, Pennsylvania.
    first = run(folder / "hekman_twin_cities_geocoded.csv", "--municipality", "linkoping", "--status", "active")
    assert "Rows read: 25917" in first and "Not found" in first and "Ambiguous" in first
    partners = set(Partnership.objects.filter(municipality=home).values_list("partner_city__name", flat=True))
    assert {"Palo Alto", "Kaunas", "Linz", "Joensuu"} <= partners
    assert not Partnership.objects.filter(municipality=home, is_public=True).exists()
    assert not Partnership.objects.filter(municipality=home).exclude(status="active").exists()

    raw = run(folder / "hekman_twin_cities_raw.csv")
    assert "Rows read: 26114" in raw
    relations, cities = TwinRelation.objects.count(), City.objects.count()
    assert relations > 15000 and cities > 10000

    again = run(folder / "hekman_twin_cities_raw.csv", "--municipality", "linkoping")
    assert "Cities: 0 created" in again and "Relations: 0 created, 0 given this source" in again
    assert "Partnerships of Linköping: 0 created" in again
    assert (TwinRelation.objects.count(), City.objects.count()) == (relations, cities)

    wikidata = run(folder / "l3viathan_wikidata_p190_2016")
    assert "Rows read: 34182" in wikidata
    both = TwinRelation.objects.filter(sources="hekman-wikipedia,wikidata-p190").count()
    assert both > 1000  # the same relations, known from both data sets, stored once
    assert TwinRelation.objects.count() > relations

    # The joined Wikidata file holds the same pairs: it changes nothing.
    total = TwinRelation.objects.count()
    joined = run(folder / "l3viathan_wikidata_p190_2016" / "pairs_with_names.csv")
    assert "Cities: 0 created" in joined and "Relations: 0 created, 0 given this source" in joined
    assert TwinRelation.objects.count() == total
