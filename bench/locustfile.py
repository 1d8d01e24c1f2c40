"""The simulated people of ``bench/load.py`` (run it through that script, not alone).

Reads the identities and pages ``load.py`` prepared (``VANORT_LOAD_PLAN``, a JSON file): signed-in
sessions as cookies, API tokens, and the pages of each role. Requests are named by page kind, so
the statistics group, e.g., every action plan page together. A response counts as an error when
its status is 4xx/5xx, or when a form that should save answers 200 (the form came back with errors).
Locust patches the standard library with gevent: this file must not import Django.
"""

from __future__ import annotations

import datetime
import itertools
import json
import os
import random
import time
import uuid
from html.parser import HTMLParser

from locust import HttpUser, between, constant, events, task

PLAN = json.loads(open(os.environ["VANORT_LOAD_PLAN"]).read())  # noqa: SIM115 — read once at import
HEADERS = {"Accept-Language": "sv"}
#: Seconds a person spends on a page before the next request (``load.py --think``).
WAIT = [float(seconds) for seconds in os.environ.get("VANORT_LOAD_THINK", "5-15").split("-")]
COUNTERS: dict = {}  # per role: the next identity, so that people share accounts as little as possible


@events.init.add_listener
def keep_environment(environment, **_kwargs):
    """At the very end (after the last request), write the final statistics for ``load.py``."""

    @events.quit.add_listener
    def write_result(**_kwargs):
        stats = environment.runner.stats
        entries = [*stats.entries.values(), stats.total]
        result = {
            "pages": [
                {
                    "name": entry.name if entry is not stats.total else "",
                    "method": entry.method or "",
                    "requests": entry.num_requests,
                    "errors": entry.num_failures,
                    "median": entry.get_response_time_percentile(0.5),
                    "p95": entry.get_response_time_percentile(0.95),
                    "max": entry.max_response_time,
                    "rps": entry.total_rps,
                }
                for entry in entries
                if entry.num_requests or entry.num_failures
            ],
            "errors": [
                {
                    "method": error.method,
                    "name": error.name,
                    "error": str(error.error),
                    "occurrences": error.occurrences,
                }
                for error in stats.errors.values()
            ],
        }
        with open(os.environ["VANORT_LOAD_RESULT"], "w") as out:
            json.dump(result, out)


class FormParser(HTMLParser):
    """The POST forms of a page: the fields a browser would send, as (name, value) pairs, plus the
    ``<select>`` options (so a script can choose one)."""

    def __init__(self):
        super().__init__()
        self.forms, self.form, self.select, self.textarea, self.option = [], None, None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.form = {"action": attrs.get("action") or "", "fields": [], "options": {}}
            self.forms.append(self.form)
        if self.form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.form["fields"].append(
                [name, attrs.get("value", "on" if kind == "checkbox" else "")]
            )
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
            self.form["fields"].append(self.textarea)
        elif tag == "select" and name:
            self.select = name
            self.form["options"][name] = []
        elif tag == "option" and self.select:
            value = attrs.get("value", "")
            self.form["options"][self.select].append(value)
            if "selected" in attrs:
                self.form["fields"].append([self.select, value])

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form":
            self.form = None


def main_form(html: str) -> dict | None:
    """The page's main POST form: the one with the most fields (not the language or log-out form)."""
    parser = FormParser()
    parser.feed(html)
    return max(
        parser.forms, key=lambda form: len(form["fields"]) + len(form["options"]), default=None
    )


def set_field(fields: list, name: str, value: str):
    for field in fields:
        if field[0] == name:
            field[1] = value
            return
    fields.append([name, value])


class Person(HttpUser):
    abstract = True
    role = ""
    wait_time = between(*WAIT)

    def on_start(self):
        identities = PLAN[self.role]
        self.identity = identities[
            next(COUNTERS.setdefault(self.role, itertools.count())) % len(identities)
        ]
        self.client.headers.update(HEADERS)
        if "cookie" in self.identity:
            name, value = self.identity["cookie"].split("=", 1)
            self.client.cookies.set(name, value)
        if "token" in self.identity:
            self.client.headers["Authorization"] = f"Token {self.identity['token']}"

    def save_form(self, path: str, name: str, change) -> None:
        """GET a form page, change some fields with ``change(fields, options)``, POST it; success is a redirect."""
        with self.client.get(
            path, name=f"{name} (form)", catch_response=True, allow_redirects=False
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                return
            form = main_form(response.text)
            if form is None:
                response.failure("no form on the page")
                return
        change(form["fields"], form["options"])
        with self.client.post(
            path,
            data=[tuple(field) for field in form["fields"]],
            name=f"{name} (save)",
            headers={"Referer": self.client.base_url + path},
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code != 302:
                response.failure(f"HTTP {response.status_code} (a saved form redirects)")


class Reader(Person):
    """Someone who reads pages (everyone but the importer, who has no pages of its own)."""

    abstract = True

    @task(3)
    def read(self):
        """One of the identity's pages, chosen at random."""
        name, path = random.choice(self.identity["pages"])
        with self.client.get(
            path, name=name, catch_response=True, allow_redirects=False
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")


class PublicVisitor(Reader):
    """Anonymous: public pages, feeds, calendar and open data of the demo and the generated municipality."""

    role = "public"
    weight = 15


class Coordinator(Reader):
    """International office: lists, plan pages, cost totals, reports, visit notices."""

    role = "coordinator"
    weight = 10


class BoardMember(Reader):
    """Board: dashboard, plan pages and report pages."""

    role = "board"
    weight = 7


class UnitEditor(Reader):
    """Unit editors (and a partner contributor): read, edit their own activities, notify visits."""

    role = "editor"
    weight = 10

    @task(2)
    def edit_activity(self):
        activities = self.identity["activities"]
        if not activities:
            return
        page, form = random.choice(activities)
        self.client.get(page, name="activity page")

        def change(fields, options):
            set_field(fields, "place", f"Plats {random.randrange(1000)}")

        self.save_form(form, "activity edit", change)

    @task(1)
    def notify_visit(self):
        def change(fields, options):
            starts = datetime.date.today() + datetime.timedelta(days=random.randrange(30, 200))
            for name in ("organisation", "direction"):
                if not any(field[0] == name and field[1] for field in fields):
                    set_field(fields, name, next(value for value in options[name] if value))
            set_field(fields, "travellers", "Två tjänstepersoner")
            set_field(fields, "traveller_count", "2")
            set_field(fields, "starts_on", starts.isoformat())
            set_field(fields, "ends_on", (starts + datetime.timedelta(days=3)).isoformat())
            set_field(fields, "place", "Palo Alto")
            set_field(fields, "purpose", "Studiebesök inom samarbetet.")

        self.save_form(self.identity["visit_form"], "visit notice", change)


class ApiClient(Reader):
    """Programs with a token reading the JSON API."""

    role = "api"
    weight = 8

    @task(1)
    def page_through(self):
        """The activities, following the ``next`` links for up to three pages, as a sync job would."""
        url = self.identity["paged"]
        for _page in range(3):
            with self.client.get(
                url, name="api: activities, paging", catch_response=True
            ) as response:
                if response.status_code != 200:
                    response.failure(f"HTTP {response.status_code}")
                    return
                url = response.json().get("next")
            if not url:
                return


class Importer(Person):
    """A coordinator importing an activity file now and then (``load.py --imports ROWS``): large
    enough to run as a background job, which the page follows until it is done; fresh keys each
    time, so that every row is written while everyone else works."""

    role = "importer"
    abstract = not PLAN.get("importer")
    fixed_count = 1
    wait_time = constant(float(os.environ.get("VANORT_LOAD_IMPORT_EVERY", "60")))

    @task
    def import_file(self):
        form_path = self.identity["import_form"]
        with self.client.get(form_path, name="import (form)", catch_response=True, allow_redirects=False) as response:
            form = main_form(response.text) if response.status_code == 200 else None
            if form is None:
                response.failure(f"HTTP {response.status_code}: no import form")
                return
        token = next(value for name, value in form["fields"] if name == "csrfmiddlewaretoken")
        body = self.identity["csv"].replace("LOADKEY-", f"L{uuid.uuid4().hex[:8]}-")
        with self.client.post(form_path, data={"csrfmiddlewaretoken": token}, files={"file": ("load.csv", body.encode(), "text/csv")},
                              name="import (upload)", headers={"Referer": self.client.base_url + form_path},
                              catch_response=True, allow_redirects=False) as response:
            if response.status_code != 302:
                response.failure(f"HTTP {response.status_code} (a large import redirects to its job page)")
                return
            job = response.headers["Location"]
        started = time.monotonic()
        while time.monotonic() - started < 600:
            with self.client.get(job, name="import job page", catch_response=True, allow_redirects=False) as response:
                if response.status_code != 200:
                    response.failure(f"HTTP {response.status_code}")
                    return
                if "Refresh" not in response.headers:
                    if 'data-color="success"' not in response.text:
                        response.failure("the import did not succeed")
                    return
            time.sleep(3)
        events.request.fire(request_type="JOB", name="import job", response_time=600_000, response_length=0,
                            exception=TimeoutError("the import job did not finish within 10 minutes"))
