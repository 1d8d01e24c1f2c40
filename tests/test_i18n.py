"""The Swedish catalogue is complete and compiled, and pages follow the reader's language.

Swedish is the default language; English is chosen with the language cookie. The catalogue is
parsed here without gettext tools, as the app must run (and these tests pass) without them.
"""

from __future__ import annotations

import ast
import datetime
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation

from vanort.core.roles import Role
from vanort.registry.models import Agreement

pytestmark = pytest.mark.engine_independent

CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "sv" / "LC_MESSAGES"
PO = CATALOGUE / "django.po"
MO = CATALOGUE / "django.mo"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
ENTRY_LINE = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(\".*\")$")


def parse_po(path: Path) -> list[dict]:
    """The entries of a .po file: flags, context, msgid, plural and msgstr (index → text).

    Obsolete entries (``#~``) are left out: they are not in the compiled catalogue.
    """
    entries, current, key = [], None, None

    def finish():
        if current is not None and "id" in current:
            entries.append(current)

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
            current, key = None, None
            continue
        if current is None:
            current = {"flags": set(), "ctxt": None, "plural": None, "strs": {}}
        if line.startswith("#,"):
            current["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            text = ast.literal_eval(line)
            if key[0] == "strs":
                current["strs"][key[1]] += text
            else:
                current[key[0]] += text
        else:
            match = ENTRY_LINE.match(line)
            assert match, f"unreadable line in {path.name}: {raw!r}"
            keyword, index, text = match.group(1), match.group(2), ast.literal_eval(match.group(3))
            if keyword == "msgstr":
                key = ("strs", int(index or 0))
                current["strs"][key[1]] = text
            else:
                key = ({"msgctxt": "ctxt", "msgid": "id", "msgid_plural": "plural"}[keyword],)
                current[key[0]] = text
    finish()
    return entries


@pytest.fixture(scope="module")
def entries() -> list[dict]:
    return parse_po(PO)


def messages(entries):
    return [entry for entry in entries if entry["id"] != ""]


# --- (a) the catalogue is complete ---------------------------------------------------------------


def test_the_catalogue_header_is_swedish_utf8(entries):
    header = next(entry for entry in entries if entry["id"] == "")["strs"][0]
    assert "Language: sv\n" in header
    assert "charset=UTF-8" in header
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header
    assert "fuzzy" not in next(entry for entry in entries if entry["id"] == "")["flags"]


def test_every_message_is_translated_and_none_is_fuzzy(entries):
    assert len(messages(entries)) > 500
    fuzzy = [entry["id"] for entry in messages(entries) if "fuzzy" in entry["flags"]]
    assert fuzzy == []
    empty = [entry["id"] for entry in messages(entries) if not all(entry["strs"].values())]
    assert empty == []
    plural_without_two_forms = [entry["id"] for entry in messages(entries) if entry["plural"] is not None and set(entry["strs"]) != {0, 1}]
    assert plural_without_two_forms == []


def test_translations_keep_the_placeholders(entries):
    """What msgfmt --check-format checks: a translation names exactly the placeholders of its source."""
    wrong = []
    for entry in messages(entries):
        sources = {0: entry["id"], 1: entry["plural"]} if entry["plural"] is not None else {0: entry["id"]}
        for index, source in sources.items():
            translated = entry["strs"][index]
            # A singular may leave out the count ("Rätta det här problemet …"), but may not invent one.
            if index == 0 and entry["plural"] is not None:
                if not set(PLACEHOLDER.findall(translated)) <= set(PLACEHOLDER.findall(source)):
                    wrong.append(entry["id"])
            elif sorted(PLACEHOLDER.findall(translated)) != sorted(PLACEHOLDER.findall(source)):
                wrong.append(entry["id"])
    assert wrong == []


# --- (b) the compiled catalogue matches the source -----------------------------------------------


def test_the_mo_file_is_compiled_from_the_current_po(entries):
    """Every msgid of the .po translates to its msgstr through the .mo, and the .mo holds nothing else."""
    with MO.open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    expected = {}
    for entry in messages(entries):
        msgid = entry["id"] if entry["ctxt"] is None else f"{entry['ctxt']}\x04{entry['id']}"
        if entry["plural"] is None:
            expected[msgid] = entry["strs"][0]
        else:
            for index, text in entry["strs"].items():
                expected[(msgid, index)] = text
    actual = {key: value for key, value in compiled._catalog.items() if key != ""}
    stale = sorted(str(key) for key in expected.keys() - actual.keys())
    extra = sorted(str(key) for key in actual.keys() - expected.keys())
    assert stale == [], "the .mo is older than the .po: run manage.py compilemessages -l sv"
    assert extra == [], "the .mo holds messages the .po no longer has: run manage.py compilemessages -l sv"
    differing = sorted(str(key) for key in expected if expected[key] != actual[key])
    assert differing == [], "the .mo is older than the .po: run manage.py compilemessages -l sv"


def test_django_uses_the_catalogue():
    with translation.override("sv"):
        assert translation.gettext("Skip to main content") == "Hoppa till huvudinnehållet"
        assert translation.gettext("Priority area") == "Prioriterat samverkansområde"
        assert translation.ngettext("%(counter)s activity", "%(counter)s activities", 2) % {"counter": 2} == "2 aktiviteter"
        assert translation.ngettext("%(counter)s activity", "%(counter)s activities", 1) % {"counter": 1} == "1 aktivitet"
    with translation.override("en"):
        assert translation.gettext("Skip to main content") == "Skip to main content"


# --- (c) pages are Swedish by default and English with the cookie ---------------------------------


def english_client() -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.parametrize(
    ("url_name", "swedish", "english"),
    [
        ("home", ["Hoppa till huvudinnehållet", "Huvudmeny", "Partnerstadssamarbeten"],
         ["Skip to main content", "Main menu", "Partnerships"]),
        ("registry:partnership_list", ["Partnerstadssamarbeten", "Partnerstad", "Kategori"],
         ["Partnerships", "Partner city", "Category"]),
        ("accounts:login", ["Logga in", "Hoppa till huvudinnehållet"], ["Log in", "Skip to main content"]),
    ],
)
def test_public_pages_are_swedish_by_default_and_english_with_the_cookie(world, url_name, swedish, english):
    response = Client().get(reverse(url_name))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="sv"' in html
    for text in swedish:
        assert text in html, text
    assert "Skip to main content" not in html

    response = english_client().get(reverse(url_name))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    for text in english:
        assert text in html, text
    assert "Hoppa till huvudinnehållet" not in html


def test_a_signed_in_page_is_swedish_by_default(world):
    client = Client()
    client.force_login(world.users[Role.COORDINATOR])
    html = client.get(reverse("plans:inbox")).content.decode()
    assert "Inkorg" in html and "Logga ut" in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("plans:inbox")).content.decode()
    assert "Inbox" in html and "Log out" in html


def test_choices_show_the_domain_words(world):
    client = Client()
    client.force_login(world.users[Role.COORDINATOR])
    html = client.get(world.partnership.get_absolute_url()).content.decode()
    assert "Systerort" in html
    assert "Sister city" not in html


# --- (d) dates follow the language ---------------------------------------------------------------


def test_date_formats_follow_the_language():
    """Swedish dates are Swedish; English ones British (en-GB), never American month/day/year."""
    day = datetime.date(2026, 12, 6)
    moment = datetime.datetime(2026, 12, 6, 14, 30)
    with translation.override("sv"):
        assert formats.date_format(day) == "6 december 2026"
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "2026-12-06"
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "2026-12-06 14:30"
    with translation.override("en"):
        assert formats.date_format(day) == "6 December 2026"
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "06/12/2026"
        assert formats.date_format(moment, "DATETIME_FORMAT") == "6 December 2026, 14:30"
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "06/12/2026 14:30"
        assert formats.get_format("FIRST_DAY_OF_WEEK") == 1


@pytest.mark.parametrize(
    ("language", "typed"),
    [("sv", "2026-12-06"), ("sv", "06/12/2026"), ("en", "2026-12-06"), ("en", "06/12/2026"), ("en", "6 December 2026")],
)
def test_a_typed_date_is_read_day_before_month(language, typed):
    from django import forms

    with translation.override(language):
        field = forms.DateField()
        assert field.clean(typed) == datetime.date(2026, 12, 6)


def test_the_agreement_page_shows_the_date_in_the_readers_language(world):
    agreement = Agreement.objects.create(partnership=world.partnership, title="Samverkansöverenskommelse 2018",
                                         parties="Linköping\nPalo Alto", signed_on=datetime.date(2018, 5, 15))
    client = Client()
    client.force_login(world.users[Role.COORDINATOR])
    html = client.get(agreement.get_absolute_url()).content.decode()
    assert "15 maj 2018" in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(agreement.get_absolute_url()).content.decode()
    assert "15 May 2018" in html
    assert "May 15, 2018" not in html
