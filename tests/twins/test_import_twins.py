"""``vanort import-twins``: both real data sets, re-runs, bad files, partnerships for a municipality.

The real data sets are the copies shipped in ``vanort/twins/data``; edge cases use small files of
their own.
"""

from __future__ import annotations

import gzip
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from vanort.places.models import City
from vanort.registry.models import Partnership
from vanort.tenancy.models import Municipality
from vanort.twins.importer import DATA, DATASETS, country_code, import_twins, normalise
from vanort.twins.models import TwinRelation

pytestmark = pytest.mark.engine


@pytest.fixture(autouse=True)
def _english():
    """The command speaks the operator's language; these tests read its English wording."""
    with translation.override("en"):
        yield


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


def test_the_shipped_data_sets_are_there_and_described():
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    for name, shipped in DATASETS.items():
        assert shipped.path.exists() and f"`{name}`" in readme
    files = {path.name for path in DATA.rglob("*") if path.is_file()} - {"README.md"}
    assert files == {"hekman_LICENSE.txt", "hekman_twin_cities_geocoded.csv.gz", "relations.tsv.gz", "names.tsv.gz"}
    assert all(name in readme for name in files)
    with gzip.open(DATASETS["wikipedia"].path, "rt", encoding="utf-8") as data:
        assert data.readline().strip() == "city1,country1,lat1,lng1,city2,country2,lat2,lng2"


@pytest.mark.django_db
def test_ones_own_gzipped_files_import(tmp_path):
    """A file argument imports one's own copy, plain or gzipped, a Wikidata folder mixing both."""
    pairs = tmp_path / "pairs.csv.gz"
    pairs.write_bytes(gzip.compress("city1,country1,city2,country2\nLinköping,Sweden,Kaunas,Lithuania\n".encode()))
    assert "Relations: 1 created" in run(pairs)
    folder = tmp_path / "wikidata"
    folder.mkdir()
    (folder / "relations.tsv.gz").write_bytes(gzip.compress(b"Q499410\tQ41329\nQ41329\tQ499410\n"))
    (folder / "names.tsv").write_text("Q499410\tLinköping\nQ41329\tLinz\n", encoding="utf-8")
    out = run(folder)
    assert "Rows read: 2" in out and "Relations: 1 created" in out and "Shipped copy" not in out
    pairs = {frozenset(pair) for pair in TwinRelation.objects.values_list("city_a__name", "city_b__name")}
    assert pairs == {frozenset({"Linköping", "Kaunas"}), frozenset({"Linköping", "Linz"})}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "reason"),
    [
        ((), "one of the arguments file --dataset is required"),
        (("pairs.csv", "--dataset", "wikidata"), "not allowed with argument file"),
        (("--dataset", "dbpedia"), "invalid choice"),
        (("pairs.csv.gz",), "pairs.csv.gz is not a readable gzip file"),
        (("cut.csv.gz",), "cut.csv.gz is not a readable gzip file"),
    ],
)
def test_wrong_arguments_and_broken_gzip_import_nothing(tmp_path, monkeypatch, args, reason):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pairs.csv").write_text("city1,country1,city2,country2\nLinköping,Sweden,Kaunas,Lithuania\n", encoding="utf-8")
    (tmp_path / "pairs.csv.gz").write_bytes((tmp_path / "pairs.csv").read_bytes())  # named .gz, not gzipped
    (tmp_path / "cut.csv.gz").write_bytes(gzip.compress((tmp_path / "pairs.csv").read_bytes())[:-12])  # truncated
    with pytest.raises(CommandError) as error:
        run(*args)
    assert reason in str(error.value)
    assert not City.objects.exists() and not TwinRelation.objects.exists()


@pytest.mark.django_db(transaction=False)
def test_both_shipped_data_sets_import_and_a_rerun_changes_nothing():
    linkoping = City.objects.create(name="Linköping", country="SE", time_zone="Europe/Stockholm", geonames_id=2694762)
    home = Municipality.objects.create(name="Linköping", slug="linkoping", city=linkoping)

    # Its coordinates tell Palo Alto, California from Palo Alto, Pennsylvania.
    first = run("--dataset", "wikipedia", "--municipality", "linkoping", "--status", "active")
    assert "Shipped copy: English Wikipedia's lists of twin towns as of February 2026" in first
    assert "Rows read: 25917" in first and "Not found" in first and "Ambiguous" in first
    partners = set(Partnership.objects.filter(municipality=home).values_list("partner_city__name", flat=True))
    assert {"Palo Alto", "Kaunas", "Linz", "Joensuu"} <= partners
    assert not Partnership.objects.filter(municipality=home, is_public=True).exists()
    assert not Partnership.objects.filter(municipality=home).exclude(status="active").exists()
    relations, cities = TwinRelation.objects.count(), City.objects.count()
    assert relations > 15000 and cities > 10000

    again = run("--dataset", "wikipedia", "--municipality", "linkoping")
    assert "Cities: 0 created" in again and "Relations: 0 created, 0 given this source" in again
    assert "Partnerships of Linköping: 0 created" in again
    assert (TwinRelation.objects.count(), City.objects.count()) == (relations, cities)

    wikidata = run("--dataset", "wikidata", "--municipality", "linkoping")
    assert "crawled in September 2016" in wikidata and "Rows read: 34182" in wikidata
    both = TwinRelation.objects.filter(sources="hekman-wikipedia,wikidata-p190").count()
    assert both > 1000  # the same relations, known from both data sets, stored once
    assert TwinRelation.objects.count() > relations
    # Wikidata also names Guangzhou and Morogoro as Linköping's twins; they are proposed, not public.
    proposed = set(Partnership.objects.filter(municipality=home, status="proposed").values_list("partner_city__name", flat=True))
    assert {"Guangzhou", "Morogoro"} <= proposed and not partners & proposed

    # The same files given as one's own copy (a file argument) change nothing.
    total = TwinRelation.objects.count()
    own = run(DATASETS["wikidata"].path / "relations.tsv.gz")
    assert "Shipped copy" not in own
    assert "Cities: 0 created" in own and "Relations: 0 created, 0 given this source" in own
    assert TwinRelation.objects.count() == total
