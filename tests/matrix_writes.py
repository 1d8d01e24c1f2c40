"""How the permission matrix proves its write (POST) cells.

A write cell submits valid data for its page — not an empty form — and then reads the database:

* an **allowed** write must have **landed**: the marker text it submitted is now in a row of a
  domain table (a created or changed row, not only a history row), or, for a page without a text
  field (delete, restore, a transition …), a row of a domain table changed;
* a **refused** write (401, 403, 404, or the public sent to the login page) must have **changed
  nothing**: every table of the database (history tables included; only the session table left
  out) holds exactly the rows it held before.

The data is built from the page's own form, as a browser would submit it: the cell GETs the page
as the role itself when that role may open it, otherwise as a role that may (the other
municipality's coordinator for its records, else the coordinator or the administrator). The
form's current values are kept, empty required fields are filled with valid values of their
kind, and one text field (``title``, ``name`` …) gets the marker. A page the generic filling
cannot satisfy has a builder in :data:`DATA`, keyed by URL name or row id. A refused role thus
sends exactly the data that would have been accepted from someone allowed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

#: Roles whose form is borrowed, in this order, when the role of the cell may not open the page.
DATA_ROLES = ("foreign", "coordinator", "admin", "unit_editor", "partner", "board")
#: Text fields that get the marker, in this order of preference.
MARKED_FIELDS = ("title", "name", "text", "recipient", "purpose", "sender", "travellers", "summary", "description", "reason")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


# --- the page's own form ----------------------------------------------------------------------


class _Forms(HTMLParser):
    """Every ``<form method="post">`` of a page: its action and its fields as a browser sees them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._form = {"action": a.get("action"), "fields": []}
            self.forms.append(self._form)
        if self._form is None:
            return
        fields = self._form["fields"]
        clicked = tag == "button" and (a.get("type") or "submit").lower() == "submit"
        clicked |= tag == "input" and (a.get("type") or "").lower() == "submit"
        if clicked and a.get("name") and not any(f["type"] == "submit" for f in fields):
            # The first named submit button, as though the user pressed it.
            fields.append({"name": a["name"], "type": "submit", "value": a.get("value", ""), "required": False})
            return
        if tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "reset", "image"):
                return
            checked = "checked" in a
            fields.append({"name": a["name"], "type": kind, "value": a.get("value", "on" if kind == "checkbox" else ""),
                           "required": "required" in a, "checked": checked})
        elif tag == "select" and a.get("name"):
            self._select = {"name": a["name"], "type": "select", "multiple": "multiple" in a, "required": "required" in a,
                            "options": [], "selected": []}
            fields.append(self._select)
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._select["options"].append(value)
            if "selected" in a:
                self._select["selected"].append(value)
        elif tag == "textarea" and a.get("name"):
            self._textarea = {"name": a["name"], "type": "textarea", "value": "", "required": "required" in a}
            fields.append(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            if self._textarea is not None:
                self._textarea["value"] = self._textarea["value"].removeprefix("\n")
            self._textarea = None
        elif tag == "form":
            self._form = None


def page_form(html: str, path: str, *, own: bool = True) -> list[dict] | None:
    """The fields of the form that posts to ``path`` (with ``own``, also one without ``action``,
    which posts to the page itself): the largest one."""
    parser = _Forms()
    parser.feed(html)
    own = [f for f in parser.forms if (own and not f["action"]) or f["action"] == path]
    return max(own, key=lambda f: len(f["fields"]))["fields"] if own else None


def _filler(field) -> str | None:
    kind = field["type"]
    name = field["name"]
    if kind == "date" or name.endswith(("_on", "_date", "date", "_start", "_end", "_from")):
        return "2026-05-04"
    if kind == "number" or name.endswith(("year",)):
        return "2026"
    if kind == "email":
        return "matrix@example.se"
    if kind == "url":
        return "https://example.se/matrix"
    if kind == "time":
        return "10:00"
    return "Matrix"


def form_data(fields: list[dict], marker: str) -> tuple[dict, str | None]:
    """What a browser submits for ``fields``, with empty required fields filled and one text
    field marked: the data, and the marker if a field took it."""
    data: dict[str, list] = {}
    for field in fields:
        name, kind = field["name"], field["type"]
        if kind == "select":
            chosen = field["selected"] or ([] if field["multiple"] else field["options"][:1])
            if field["required"] and not [v for v in chosen if v]:
                chosen = [v for v in field["options"] if v][:1]
            if chosen:
                data.setdefault(name, []).extend(chosen)
        elif kind in ("checkbox", "radio"):
            if field["checked"] or (field["required"] and name not in data):
                data.setdefault(name, []).append(field["value"])
        elif kind == "file":
            continue
        elif kind == "submit":
            data[name] = [field["value"]]
        else:
            value = field["value"]
            if not value and field["required"]:
                value = _filler(field)
            data.setdefault(name, []).append(value)
    for candidate in MARKED_FIELDS:
        names = [f["name"] for f in fields if f["type"] in ("text", "textarea")
                 and (f["name"] == candidate or f["name"].startswith(candidate + "_"))]
        if names:
            data[names[0]] = [marker]
            break
    else:
        marker = None
    return {name: values if len(values) != 1 else values[0] for name, values in data.items()}, marker


def form_errors(response) -> str:
    """The error summary of a re-shown form, to say why a write was refused."""
    if not response.get("Content-Type", "").startswith("text/html"):
        return response.content[:300].decode(errors="replace")
    match = re.search(r'id="error-summary".*?</div>', response.content.decode(), re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(0)))[:400] if match else ""


# --- per-page data the generic form cannot supply ---------------------------------------------


def _pdf(name="matrix.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _with_file(field="file"):
    """A page whose form asks for a file: its own fields plus a small valid PDF."""
    def build(data, cell):
        data[field] = _pdf()
        return data
    return build


def first_options(*names):
    """Choose the first real option of each named select left empty (every empty one without
    names), as a user picking from the list would."""
    def build(data, cell):
        for field in cell.fields:
            name = field["name"]
            if (names and name not in names) or any(data.get(name) or ()):
                continue
            if field["type"] == "select" and [v for v in field["options"] if v]:
                data[name] = [v for v in field["options"] if v][0]
            elif field["type"] == "checkbox" and names:
                data[name] = field["value"]
        return data
    return build


def _second_factor_code(data, cell):
    """The administrator's current code, computed from its device's key as the app would."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=cell.world.users["admin"])
    return {"code": f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"}


def _judge_every_guideline(data, cell):
    for name in list(data):
        if name.endswith("_judgement"):
            data[name] = "fulfils"
            data[name.replace("_judgement", "_justification")] = cell.marker
    return data, cell.marker


def _participation(data, cell):
    """Five people, counted both ways (the sums must agree)."""
    data.update(total=5, women=3, men=2, other_gender=0, under_18=0, age_18_29=5, age_30_plus=0)
    return data


def _rate_date(data, cell):
    data["rate_date"] = data.get("rate_date") or "2026-05-04"
    return data


def _exchange_rate(data, cell):
    data.update(currency="EUR", rate="11.25")
    return data


def _new_user(data, cell):
    data.update(organisation=cell.world.office.pk, username="matrix-user", password="Matrix-user-pass-2026", role="coordinator")
    return data, "matrix-user"


def _historical_case_number(data, cell):
    """A decision with a typed-in historical number (the world's decisions were made without
    drawing numbers, so the next drawn one is taken)."""
    data["manual_case_number"] = "KS 1999-7"
    return data


def _erase_anna(data, cell):
    data.update(name="Anna Andersson", email="anna@example.se", confirm="on")
    return data


def _import_file(data, cell):
    """One activity in the import's CSV, for the role's own organisation and area."""
    w = cell.world
    own = {"foreign": (w.foreign_org.name, "Foreign area"), "unit_editor": (w.unit.name, w.area.name),
           "partner": (w.university.name, w.area.name)}
    organisation, area = own.get(cell.role, (w.unit.name, w.area.name))
    text = f"key;title_sv;kind;responsible_organisation;priority_areas\nmatrix-1;{cell.marker};project;{organisation};{area}\n"
    data["file"] = SimpleUploadedFile("activities.csv", text.encode("utf-8-sig"), content_type="text/csv")
    return data, cell.marker


def _word_template(data, cell):
    """The built-in layout as the municipality's Word template, named after the marker."""
    from vanort.reports.render import starter_template

    data.pop("remove", None)  # the page's other form (as large as this one) stops using the template
    data["file"] = SimpleUploadedFile(f"{cell.marker}.docx", starter_template())
    return data, cell.marker


def _api_milestone(data, cell):
    """A milestone on the unit's activity (whoever may change that activity adds one)."""
    w = cell.world
    return Json(activity=w.unit_activity.pk, title=cell.marker, due_on=str(w.unit_activity.planned_start or "2026-05-04")), cell.marker


class Json(dict):
    """Data posted as JSON (the API takes nothing else)."""


def _api_city(data, cell):
    return Json(name=cell.marker, country="SE", time_zone="Europe/Stockholm"), cell.marker


def _api_activity(data, cell):
    """A proposal for the role's own organisation, in a priority area of its municipality."""
    from vanort.registry.models import PriorityArea

    w = cell.world
    organisation = {"foreign": w.foreign_org, "partner": w.university}.get(cell.role, w.unit)
    area = PriorityArea.objects.filter(municipality=organisation.municipality).order_by("pk").first()
    return Json(title_sv=cell.marker, kind="project", responsible_organisation=organisation.pk, priority_areas=[area.pk]), cell.marker


#: ``url name`` or ``row id`` → ``build(data, cell)``: changes to the form's data, returning the
#: data (or the data and the marker it now carries). ``cell`` has world, role, fields, marker.
DATA: dict[str, Callable] = {
    "accounts:second_factor_verify": _second_factor_code,
    "api:city-list": _api_city,
    "api:activity-list": _api_activity,
    "api:milestone-list": _api_milestone,
    "accounts:user_create": _new_user,
    "governance:activity_guidelines": _judge_every_guideline,
    "governance:decision_create": _historical_case_number,
    "governance:partnershiprequest_decide": first_options(),
    "plans:activity_accept": first_options(),
    "plans:actionplan_create": first_options("partnership"),
    "plans:activity_create": first_options("priority_areas"),
    "plans:activity_import": _import_file,
    "plans:exchangerate_create": _exchange_rate,
    "plans:costline_create": _rate_date,
    "plans:participation_edit": _participation,
    "privacy:person_erase": _erase_anna,
    "registry:agreement_create": _with_file("document"),
    "plans:attachment_create": _with_file(),
    "reports:word_template": _word_template,
}


# --- the database before and after ------------------------------------------------------------


def _compared(table: str) -> bool:
    # Sessions, and django-axes' log of logins and logouts, change on purpose with signing in and out.
    return table != "django_session" and not table.startswith("axes_")


def _tables() -> list[str]:
    return sorted(t for t in {m._meta.db_table for m in apps.get_models(include_auto_created=True)} if _compared(t))


_WRITE = re.compile(r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?(\w+)"?', re.I)
_READ = re.compile(r"^\s*(SELECT|SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT|PRAGMA|SET|SHOW|EXPLAIN)\b", re.I)


class WriteStatements:
    """The tables that SQL statements wrote to while the block ran (sessions and axes left out);
    a statement neither plainly a read nor a plain write counts as a write to ``"?"``. When no
    table was written, the database cannot have changed — no need to compare every table."""

    def __init__(self):
        self.tables: set[str] = set()

    def __call__(self, execute, sql, params, many, context):
        write = _WRITE.match(sql)
        if write and _compared(write.group(1)):
            self.tables.add(write.group(1))
        elif not write and not _READ.match(sql):
            self.tables.add("?")
        return execute(sql, params, many, context)

    def __enter__(self):
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        return self._wrapper.__exit__(*exc)


def snapshot() -> dict[str, frozenset]:
    """Every row of every table (but the sessions'), as sets of value tuples."""
    rows = {}
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (table names from the models)
            rows[table] = frozenset(map(tuple, cursor.fetchall()))
    return rows


def changes(before: dict, after: dict) -> dict[str, tuple[frozenset, frozenset]]:
    """``table → (rows gone, rows new)`` for each table whose rows differ (a changed row is both)."""
    return {t: (before[t] - after[t], after[t] - before[t]) for t in before if before[t] != after[t]}


def _is_history(table: str) -> bool:
    return "_historical" in table


def landed(diff: dict, marker: str | None) -> str | None:
    """Why the write did not land, or ``None`` when it did."""
    domain = {t: c for t, c in diff.items() if not _is_history(t)}
    if not domain:
        return f"no domain table changed (changed: {sorted(diff) or 'nothing'})"
    if marker is None:
        return None
    for _, new in domain.values():
        if any(marker == value or (isinstance(value, str) and marker in value) for row in new for value in row):
            return None
    return f"the submitted {marker!r} is in no new or changed row of {sorted(domain)}"


def describe(diff: dict) -> str | None:
    if not diff:
        return None
    return "; ".join(f"{t}: {len(gone)} row(s) gone, {len(new)} new" for t, (gone, new) in sorted(diff.items()))
