"""Generated posts to every create and edit form: never a 5xx, and a rejected post writes nothing.

Hypothesis, bounded for CI (a fixed seed via ``derandomize``, a few examples per form, no
deadline): each field gets a valid choice, a hostile constant (out-of-range numbers, impossible
dates, markup, huge strings, NUL) or generated text; a choice may be an id past the 64-bit range. The forms are found in the permission matrix
(every ``*_create`` and ``*_edit`` page a coordinator may post to), so a new resource is fuzzed
the day its matrix row is added. Every Vänort table is counted before and after a post that
was not accepted: nothing may be half-written.

Two kinds of ordinary bad input are also posted to every form deterministically, so they stay
closed whatever Hypothesis draws: every choice an id past the 64-bit range, and a record named in
one language only followed by another with the same name in the other language.
"""

from __future__ import annotations

import pytest
from django import forms
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.matrix_writes import form_data, page_form
from tests.test_matrix import MATRIX, user_for

pytestmark = [pytest.mark.django_db, pytest.mark.engine]

EXAMPLES = 3
OUT_OF_RANGE = ["9223372036854775808", "-9223372036854775809", "99999999999999999999"]
SAME_NAME = "Samma namn"
HOSTILE = [
    "",
    "0",
    "-1",
    "1e30",
    "-1e30",
    "99999999999999999999",
    "NaN",
    "Infinity",
    "1,5",
    "0000-01-01",
    "10000-12-31",
    "2026-02-30",
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "=1+1",
    "a\x00b",
    "x" * 5000,
    "\u202e\ufeff",
]


def form_pages(world) -> list[str]:
    """One address per create/edit page that a coordinator may post to."""
    pages, names = [], set()
    for r in MATRIX:
        if (
            r.name.endswith(("_create", "_edit"))
            and r.post["coordinator"] in (302, 400)  # may post (a valid form lands, an empty one is refused)
            and r.name not in names
        ):
            names.add(r.name)
            pages.append(reverse(r.name, args=r.args(world)))
    return pages


def field_strategy(name: str, field: forms.Field, initial):
    options = [st.sampled_from(HOSTILE), st.text(max_size=60)]
    valid = []
    if isinstance(field, forms.ModelChoiceField):
        valid = [str(pk) for pk in field.queryset.values_list("pk", flat=True)[:20]]
        options.insert(0, st.sampled_from(OUT_OF_RANGE))
    elif name.endswith(("_sv", "_en")) and isinstance(field, forms.CharField):
        options.insert(0, st.just(SAME_NAME))  # the same name in both languages, across examples
    elif isinstance(field, forms.ChoiceField):
        valid = [
            str(value)
            for value, _ in field.choices
            if value not in ("", None) and not isinstance(_, (list, tuple))
        ]
    elif isinstance(field, forms.BooleanField):
        valid = ["on", ""]
    if initial not in (None, "") and not isinstance(initial, (list, tuple)):
        valid.append(str(initial))
    if valid:
        options.insert(0, st.sampled_from(valid))
    value = st.one_of(*options)
    if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        return st.lists(value, max_size=3)
    return value


def form_strategy(form: forms.BaseForm):
    fields = {}
    for name, field in form.fields.items():
        if isinstance(field, forms.FileField):
            continue  # uploads have their own checks and tests
        fields[form.add_prefix(name)] = field_strategy(name, field, form[name].value())
    return st.fixed_dictionaries(fields)


def row_counts() -> dict[str, int]:
    """The row count of every Vänort table (history tables too), in one query."""
    models = apps.get_models()
    tables = sorted(
        {m._meta.db_table for m in models if m.__module__.startswith("vanort.") and m._meta.managed}
    )
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables))
        return dict(zip(tables, cursor.fetchone(), strict=True))


def test_generated_posts_to_every_form(matrix_world):
    client = Client(raise_request_exception=False)
    client.force_login(user_for(matrix_world, "coordinator"))
    pages = form_pages(matrix_world)
    assert len(pages) >= 30, pages
    failures = []
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        _fuzz(client, url, response.context["form"], failures)()
    assert not failures, "\n".join(failures[:20])


def _fuzz(client, url, form, failures):
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(data=form_strategy(form))
    def run(data):
        before = row_counts()
        response = client.post(url, data)
        if response.status_code >= 500:
            failures.append(f"POST {url} {data!r} → {response.status_code}")
        elif response.status_code != 302:
            after = row_counts()
            changed = {
                label: (before[label], after[label])
                for label in before
                if before[label] != after[label]
            }
            if changed:
                failures.append(f"POST {url} → {response.status_code} yet rows changed: {changed}")

    return run


def test_out_of_range_ids_and_other_language_names_to_every_form(matrix_world):
    client = Client(raise_request_exception=False)
    client.force_login(user_for(matrix_world, "coordinator"))
    failures, duplicated = [], []
    for url in form_pages(matrix_world):
        response = client.get(url)
        form = response.context["form"]
        data, _ = form_data(page_form(response.content.decode(), url), "Fuzz")
        choices = [n for n, f in form.fields.items() if isinstance(f, forms.ModelChoiceField)]
        if choices:
            bad = dict(data)
            for name in choices:
                many = isinstance(form.fields[name], forms.ModelMultipleChoiceField)
                bad[form.add_prefix(name)] = [*_as_list(data.get(form.add_prefix(name))), OUT_OF_RANGE[0]] if many else OUT_OF_RANGE[2]
            _post_refused(client, url, bad, failures)
        if url.endswith("/new/") and "name_sv" in form.fields and "name_en" in form.fields:
            first = {**data, "name_sv": "", "name_en": f"Bara engelska {url}"}
            if client.post(url, first).status_code == 302:
                duplicated.append(url)
                second = {**data, "name_sv": first["name_en"], "name_en": ""}
                _post_refused(client, url, second, failures)
    assert len(duplicated) >= 3, duplicated  # priority areas, networks, organisations at least
    assert not failures, "\n".join(failures[:20])


def _as_list(value) -> list:
    return [] if value in (None, "") else value if isinstance(value, list) else [value]


def _post_refused(client, url, data, failures) -> None:
    """``data`` must be refused with a field message, and nothing written."""
    before = row_counts()
    response = client.post(url, data)
    if response.status_code != 400 or not response.context["form"].errors:
        failures.append(f"POST {url} {data!r} → {response.status_code}")
    elif row_counts() != before:
        failures.append(f"POST {url} → 400 yet rows changed")
