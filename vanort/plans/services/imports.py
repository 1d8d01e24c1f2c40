"""Import activities — with their cost lines and participation — from CSV or XLSX.

The file is all or nothing: every row is validated first, against the same rules as the pages
(:func:`activity_save`, :func:`cost_line_save`, the models' constraints) and through the
permission gate; if any row is bad, nothing is written and every problem is reported as
(row, column, reason). A good file of up to ``SINGLE_TRANSACTION`` activities is written in one
transaction; a larger one in short batches, undone if a later batch fails (see :func:`_write`).

Columns (the header row names them; order is free, unknown columns are refused)
------------------------------------------------------------------------------

``key``
    Identifies the activity, so that importing the same file again updates instead of
    duplicating (stored as ``Activity.import_key``, unique per municipality). ``vanort:<id>`` —
    what the export writes for activities that were not imported — means the existing activity
    with that id.
``title_sv``, ``title_en``, ``description_sv``, ``description_en``
    At least one title.
``kind``, ``status``
    The code (``visit_out``, ``planned`` …) or the label in Swedish or English.
``plan``
    The action plan's title (optional); the activity then belongs to the plan's partnership or
    network.
``responsible_organisation``
    The organisation's name. Unit editors and partners may only import their own organisation's
    activities.
``participating_organisations``, ``priority_areas``
    Names separated by ``|``. At least one priority area.
``planned_start``, ``planned_end``, ``actual_start``, ``actual_end``
    Dates as ``YYYY-MM-DD`` (or date cells in XLSX). Dates outside the plan's period are
    imported with a warning (``ImportResult.warnings``), as the page and the API warn.
``progress``
    0–100.
``place``, ``goals``, ``indicators``, ``outcome``, ``benefit``, ``equality_text``
    Text.
``equality_marker``
    0, 1 or 2 (empty: not assessed).
``is_public``
    yes/no, ja/nej, true/false, 1/0 (empty: no).
``women``, ``men``, ``other``, ``under_18``, ``age_18_29``, ``age_30_plus``, ``total``
    Participation; all empty means none recorded. Both breakdowns must add up to the total.
``cost_paid_by``, ``cost_type``, ``cost_currency``, ``cost_estimated``, ``cost_actual``,
``cost_rate_date``, ``cost_note``
    One cost line. An activity with several cost lines takes several rows with the same key;
    its activity and participation columns are then repeated or left empty on the later rows.
    Amounts as ``1234,50`` or ``1234.50``; the currency defaults to the municipality's, the rate
    date to the activity's start.

The file is the truth for the activities it names: their cost lines are replaced by the file's,
and their participation is replaced (or removed, if the columns are empty). Activities the file
does not name are left alone.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
import itertools
import re
import time
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from vanort.core import batching
from vanort.core.history import stored_reason
from vanort.core.permissions import (
    CHANGE,
    VIEW,
    can_add,
    may_choose,
    refused_values,
    restrict,
    role_of,
    scope_of,
    values_of,
)
from vanort.core.spreadsheets import unquote_formula
from vanort.plans.models import ActionPlan, Activity, CostLine, Participation
from vanort.plans.services.activities import activity_plan_warnings, activity_save
from vanort.plans.services.costs import (
    convert,
    cost_line_save,
    cost_lines_delete,
    parse_amount,
    rate_for,
)
from vanort.plans.services.import_milestones import (
    MILESTONE_SHEET,
    milestones_key,
    milestones_replace,
    read_milestones,
)
from vanort.plans.services.import_milestones import copies as milestone_copies
from vanort.registry.models import PriorityArea
from vanort.tenancy.models import Organisation

ACTIVITY_COLUMNS = (
    "key", "title_sv", "title_en", "description_sv", "description_en", "kind", "plan",
    "responsible_organisation", "participating_organisations", "priority_areas",
    "planned_start", "planned_end", "actual_start", "actual_end", "status", "progress", "place",
    "goals", "indicators", "outcome", "benefit", "equality_marker", "equality_text", "is_public",
)
PARTICIPATION_COLUMNS = ("women", "men", "other", "under_18", "age_18_29", "age_30_plus", "total")
COST_COLUMNS = ("cost_paid_by", "cost_type", "cost_currency", "cost_estimated", "cost_actual", "cost_rate_date", "cost_note")
COLUMNS = ACTIVITY_COLUMNS + PARTICIPATION_COLUMNS + COST_COLUMNS
REQUIRED_COLUMNS = ("key", "kind", "responsible_organisation", "priority_areas")
SEPARATOR = "|"
MAX_ROWS = 50_000
#: What the parts of an XLSX file may unpack to, together (a full 50,000-row sheet is ~100 MB).
MAX_XLSX_UNPACKED = 400 * 1024 * 1024
#: Reading a file (not validating it) stops after this long.
READ_SECONDS = 120
#: Up to this many activities are written in one transaction; more in batches (:func:`_write`).
SINGLE_TRANSACTION = 100
#: A batch's write transaction lasts about this long, then other writers get their turn.
BATCH_SECONDS = 0.2
#: The pause between batches on SQLite, which has no queue for its write lock: a writer waiting for
#: it polls, sleeping up to 100 ms at a time, and must wake within the pause to get its turn.
#: PostgreSQL queues lock waiters itself (and locks rows, not the database): no pause.
SQLITE_BATCH_PAUSE = 0.11
#: The pages import a file of more rows than this in the background (``vanort.plans.tasks``).
BACKGROUND_ROWS = 300

#: Participation column → model field.
PARTICIPATION_FIELDS = {"women": "women", "men": "men", "other": "other_gender", "under_18": "under_18",
                        "age_18_29": "age_18_29", "age_30_plus": "age_30_plus", "total": "total"}
#: Model field → column, for reporting validation errors.
ACTIVITY_FIELD_COLUMNS = {"title": "title_sv", "title_sv": "title_sv", "title_en": "title_en", "description": "description_sv",
                          "plan": "plan", "partnership": "plan", "network": "plan", "municipality": "key", "import_key": "key"}
CONSTRAINT_COLUMNS = {
    "activity_progress_range": "progress",
    "activity_planned_order": "planned_end",
    "activity_actual_order": "actual_end",
    "activity_equality_before_planning": "equality_text",
    "activity_outcome_when_done": "outcome",
    "participation_gender_sum": "total",
    "participation_age_sum": "total",
    "cost_not_negative": "cost_estimated",
}
TRUE_WORDS = {"yes", "ja", "true", "sant", "1", "x"}
FALSE_WORDS = {"no", "nej", "false", "falskt", "0", ""}
#: Swedish words people write for the choices, whatever the translation catalogue says.
SWEDISH_ALIASES = {
    "kind": {"besök hos partnerstaden": "visit_out", "utresa": "visit_out", "besök": "visit_out", "inkommande besök": "visit_in",
             "delegation": "delegation", "elevutbyte": "student_exchange", "studentutbyte": "student_exchange",
             "ungdomsutbyte": "youth_exchange", "personalutbyte": "staff_exchange", "projekt": "project",
             "konferens": "conference", "nätverksmöte": "conference", "kulturevenemang": "culture", "kultur": "culture",
             "övrigt": "other", "annat": "other"},
    "status": {"föreslagen": "proposed", "förslag": "proposed", "planerad": "planned", "pågående": "ongoing", "pågår": "ongoing",
               "genomförd": "done", "klar": "done", "inställd": "cancelled", "avbruten": "cancelled"},
    "cost_type": {"resa": "travel", "resor": "travel", "logi": "accommodation", "boende": "accommodation", "projekt": "project",
                  "avgifter": "fees", "avgift": "fees", "övrigt": "other", "annat": "other"},
}
PK_KEY = re.compile(r"^vanort:(\d+)$")

XLSX = "xlsx"
CSV = "csv"


class FileRefused(Exception):
    """The upload cannot be read at all (wrong type, wrong encoding)."""


@dataclass(frozen=True)
class RowError:
    row: int  # 1 is the header row
    column: str
    message: str

    def __str__(self):
        return _("row %(row)s, column %(column)s: %(message)s") % {"row": self.row, "column": self.column or "–", "message": self.message}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    cost_lines: int = 0
    milestones: int = 0
    errors: list[RowError] = field(default_factory=list)
    #: What is odd but allowed (dates outside the plan's period): imported, and said.
    warnings: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# --- reading ------------------------------------------------------------------------------------


def sniff_format(head: bytes, upload=None) -> str | None:
    """``"xlsx"`` or ``"csv"`` by the file's content (not its name), or ``None``."""
    if head.startswith(b"PK\x03\x04"):
        if upload is None:
            return None
        try:
            upload.seek(0)
            with zipfile.ZipFile(upload) as archive:
                return XLSX if "xl/workbook.xml" in archive.namelist() else None
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
    if b"\x00" in head:
        return None
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still UTF-8.
        if error.start < len(head) - 3:
            return None
    return CSV


def read_rows(upload, fmt: str, sheet: str | None = None, *, or_first: bool = False):
    """Yield ``(row_number, [cell, …])`` with the header as row 1, streaming.

    ``sheet`` names the XLSX sheet to read (none if it is missing, or the first with ``or_first``).
    Every physical row counts, empty ones too (a sheet of two million rows holding a value only in
    an unnamed column is refused at row ``MAX_ROWS + 2``, not parsed to its end), and reading gives
    up after ``READ_SECONDS``: :class:`FileRefused`.
    """
    upload.seek(0)
    rows = _read_xlsx(upload, sheet, or_first=or_first) if fmt == XLSX else _read_csv(upload)
    deadline = time.monotonic() + READ_SECONDS
    for number, cells in rows:
        if number > MAX_ROWS + 1:
            rows.close()
            raise FileRefused(_("The file has more than %(max)s rows after the header (empty rows count too); split it.")
                              % {"max": MAX_ROWS})
        if number % 1000 == 0 and time.monotonic() > deadline:
            rows.close()
            raise FileRefused(_("The file takes too long to read; split it into smaller files."))
        yield number, cells


def more_rows_than(upload, fmt: str, limit: int) -> bool:
    """Whether the file has more than ``limit`` rows after its first (reads no further)."""
    try:
        with contextlib.closing(read_rows(upload, fmt)) as rows:
            return any(number > limit + 1 for number, _cells in rows)
    except (FileRefused, csv.Error):
        return False  # the import itself says what is wrong
    finally:
        upload.seek(0)


def _read_csv(upload):
    text = io.TextIOWrapper(upload, encoding="utf-8-sig", newline="")
    try:
        first_line = text.readline()
        delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
        reader = csv.reader(itertools.chain([first_line], text), delimiter=delimiter)
        yield from enumerate(reader, start=1)
    except UnicodeDecodeError:
        raise FileRefused(_("The CSV file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")) from None
    finally:
        text.detach()  # the upload stays open for its owner


def _read_xlsx(upload, name=None, *, or_first=False):
    import openpyxl

    try:
        with zipfile.ZipFile(upload) as archive:
            # The sizes the archive declares bound what reading can unpack (a zip bomb stops there).
            if sum(info.file_size for info in archive.infolist()) > MAX_XLSX_UNPACKED:
                raise FileRefused(_("The XLSX file unpacks to more than %(max)s MB; split it.")
                                  % {"max": MAX_XLSX_UNPACKED // (1024 * 1024)})
        upload.seek(0)
        workbook = openpyxl.load_workbook(upload, read_only=True, data_only=True)
    except FileRefused:
        raise
    except Exception:  # openpyxl raises many kinds on a broken file
        raise FileRefused(_("The XLSX file could not be read. Open it in a spreadsheet program and save it again.")) from None
    try:
        sheets = {title.lower(): title for title in workbook.sheetnames}
        if name is None or (or_first and name not in sheets):
            sheet = workbook.worksheets[0]
        elif name in sheets:
            sheet = workbook[sheets[name]]
        else:
            return
        # The stated size of the sheet is not trusted: it would pad every row to its last column.
        sheet.reset_dimensions()
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(cells)
    finally:
        workbook.close()


# --- cell values --------------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return unquote_formula(str(value).strip())  # the export's guard against formulas


def _date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        raise ValidationError(_("“%(value)s” is not a date; write it as YYYY-MM-DD.") % {"value": text}) from None


def _count(value) -> int | None:
    text = _text(value).replace(" ", "")
    if not text:
        return None
    if not text.isdigit():
        raise ValidationError(_("“%(value)s” is not a whole number of 0 or more.") % {"value": text})
    return int(text)


def _amount(value) -> int | None:
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return parse_amount(value)
    return parse_amount(_text(value) if not isinstance(value, Decimal) else value)


def _bool(value) -> bool:
    text = _text(value).lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValidationError(_("“%(value)s” is neither yes nor no.") % {"value": text})


def _choice_map(choices, aliases=None) -> dict[str, object]:
    """Codes and labels in Swedish and English, lower-cased, → code."""
    mapping = dict(aliases or {})
    for language in ("en", "sv"):
        with translation.override(language):
            for value, label in choices:
                mapping[str(label).strip().lower()] = value
    for value, _label in choices:
        mapping[str(value).lower()] = value
    return mapping


def _choice(value, mapping, allowed):
    text = _text(value)
    code = mapping.get(text.lower())
    if code is None:
        raise ValidationError(
            _("“%(value)s” is not one of: %(allowed)s.") % {"value": text, "allowed": ", ".join(str(a) for a in allowed)}
        )
    return code


def _names(value) -> list[str]:
    return [name.strip() for name in _text(value).split(SEPARATOR) if name.strip()]


# --- validation ---------------------------------------------------------------------------------


@dataclass
class _Group:
    """All rows of one key: one activity, its participation and its cost lines."""

    key: str
    first_row: int
    values: dict
    rows: list = field(default_factory=list)  # (row_number, values)
    activity: Activity | None = None
    existing: bool = False
    areas: list = field(default_factory=list)
    participating: list = field(default_factory=list)
    participation: dict | None = None
    costs: list = field(default_factory=list)  # CostLine (unsaved, activity not set)
    milestones: list | None = None  # Milestone (unsaved); None: the file has no milestones, leave them


class _Lookup:
    """Names → rows of the importing user's municipality, each fetched once and through the gate."""

    def __init__(self, user, municipality):
        self.user = user
        self.municipality = municipality
        self.organisations = self._index(restrict(Organisation.objects.filter(municipality=municipality), user, VIEW), ("name",))
        self.areas = self._index(restrict(PriorityArea.objects.filter(municipality=municipality), user, VIEW), ("name_sv", "name_en"))
        self.plans = self._index(restrict(ActionPlan.objects.filter(municipality=municipality), user, VIEW), ("title_sv", "title_en"))
        self.rates = {}

    @staticmethod
    def _index(queryset, attrs):
        index: dict[str, list] = {}
        for obj in queryset:
            for attr in attrs:
                name = (getattr(obj, attr) or "").strip().lower()
                if name and obj not in index.setdefault(name, []):
                    index[name].append(obj)
        return index

    def one(self, index, name, what):
        matches = index.get(name.strip().lower(), [])
        if not matches:
            raise ValidationError(_("There is no %(what)s called “%(name)s” that you may use.") % {"what": what, "name": name})
        if len(matches) > 1:
            raise ValidationError(_("Several %(what)s are called “%(name)s”; rename one first.") % {"what": what, "name": name})
        return matches[0]

    def rate(self, currency, on):
        key = (currency, on)
        if key not in self.rates:
            try:
                self.rates[key] = rate_for(municipality=self.municipality, currency=currency, on=on)
            except ValidationError as error:
                self.rates[key] = error
        if isinstance(self.rates[key], ValidationError):
            raise ValidationError(self.rates[key].message_dict["currency"])
        return self.rates[key]


class _Importer:
    def __init__(self, user, municipality):
        self.user = user
        self.municipality = municipality
        self.errors: list[RowError] = []
        self.warnings: list[RowError] = []
        self.kinds = _choice_map(Activity.Kind.choices, SWEDISH_ALIASES["kind"])
        self.statuses = _choice_map(Activity.Status.choices, SWEDISH_ALIASES["status"])
        self.cost_types = _choice_map(CostLine.Type.choices, SWEDISH_ALIASES["cost_type"])
        self.markers = {str(value): value for value, _label in Activity.Marker.choices}
        self.markers.update({k: v for k, v in _choice_map(Activity.Marker.choices).items() if not k.isdigit()})

    def error(self, row, column, message):
        self.errors.append(RowError(row, column, str(message)))

    def warn(self, row, column, message):
        self.warnings.append(RowError(row, column, str(message)))

    def _messages(self, error: ValidationError):
        return [str(m) for m in error.messages]

    def header(self, cells, number=1) -> list[str] | None:
        names = [_text(cell).lower() for cell in cells]
        ok = True
        for index, name in enumerate(names):
            if name and name not in COLUMNS:
                self.error(number, name, _("Unknown column. The columns are: %(columns)s.") % {"columns": ", ".join(COLUMNS)})
                ok = False
            elif name and names.index(name) != index:
                self.error(number, name, _("The column appears twice."))
                ok = False
        for name in REQUIRED_COLUMNS:
            if name not in names:
                self.error(number, name, _("This column is missing."))
                ok = False
        if not ("title_sv" in names or "title_en" in names):
            self.error(number, "title_sv", _("This column is missing."))
            ok = False
        return names if ok else None

    def group(self, rows, names) -> list[_Group]:
        groups: dict[str, _Group] = {}
        named = [(i, name) for i, name in enumerate(names) if name]
        for number, cells in rows:  # read_rows stops at the row limit
            values = {name: cells[i] if i < len(cells) else None for i, name in named}
            if all(v is None or v == "" or _text(v) == "" for v in values.values()):
                continue
            key = _text(values.get("key"))
            if not key:
                self.error(number, "key", _("Give every row the key of its activity."))
                continue
            if len(key) > 100:
                self.error(number, "key", _("The key is longer than 100 characters."))
                continue
            group = groups.get(key)
            if group is None:
                group = groups[key] = _Group(key=key, first_row=number, values=values)
            else:
                for column in ACTIVITY_COLUMNS + PARTICIPATION_COLUMNS:
                    later, first = _text(values.get(column)), _text(group.values.get(column))
                    if later and later != first:
                        self.error(number, column, _("Differs from row %(row)s of the same key; repeat the value or leave it empty.")
                                   % {"row": group.first_row})
            group.rows.append((number, values))
        return list(groups.values())

    def existing(self, groups) -> dict[str, Activity]:
        keys = [g.key for g in groups]
        by_key = {a.import_key: a for a in Activity.objects.filter(municipality=self.municipality, import_key__in=keys)}
        pks = [int(m.group(1)) for m in (PK_KEY.match(k) for k in keys) if m]
        for activity in Activity.objects.filter(municipality=self.municipality, pk__in=pks):
            by_key.setdefault(f"vanort:{activity.pk}", activity)
        ids = [a.pk for a in by_key.values()]
        changeable = set(restrict(Activity.objects.filter(pk__in=ids), self.user, CHANGE).values_list("pk", flat=True))
        foreign_costs = set(
            CostLine.objects.filter(activity_id__in=ids)
            .exclude(pk__in=restrict(CostLine.objects.filter(activity_id__in=ids), self.user, CHANGE).values("pk"))
            .values_list("activity_id", flat=True)
        )
        for activity in by_key.values():
            activity._changeable = activity.pk in changeable
            activity._foreign_costs = activity.pk in foreign_costs
        return by_key

    def field(self, row, column, parse, value):
        try:
            return parse(value)
        except ValidationError as error:
            for message in self._messages(error):
                self.error(row, column, message)
            raise _Skip from None

    def activity(self, group: _Group, existing, lookup: _Lookup):
        row, v = group.first_row, group.values
        before = len(self.errors)
        activity = existing.get(group.key)
        original_plan_id = activity.plan_id if activity is not None else None
        stored = values_of(activity) if activity is not None else None
        if activity is not None:
            group.existing = True
            if not activity._changeable:
                self.error(row, "key", _("An activity with this key exists and you may not change it."))
                return
            if activity._foreign_costs:
                self.error(row, "cost_paid_by", _("The activity has cost lines of another organisation that you may not replace."))
        elif PK_KEY.match(group.key):
            self.error(row, "key", _("There is no activity with this id; give a new activity a key of your own."))
            return
        else:
            if not can_add(self.user, Activity):
                self.error(row, "key", _("You may not add activities."))
                return
            activity = Activity(municipality=self.municipality, import_key=group.key)

        def get(column, parse=_text):
            try:
                return self.field(row, column, parse, v.get(column))
            except _Skip:
                return None

        title_sv, title_en = get("title_sv"), get("title_en")
        if not (title_sv or title_en):
            self.error(row, "title_sv", _("Give the activity a title (in Swedish, English or both)."))
        activity.title_sv = title_sv or None
        activity.title_en = title_en or None
        activity.description_sv = get("description_sv") or ""
        activity.description_en = get("description_en") or ""
        if _text(v.get("kind")):
            activity.kind = get("kind", lambda x: _choice(x, self.kinds, Activity.Kind.values))
        else:
            self.error(row, "kind", _("This field is required."))
        status_text = _text(v.get("status"))
        activity.status = get("status", lambda x: _choice(x, self.statuses, Activity.Status.values)) if status_text else Activity.Status.PROPOSED
        plan_name = _text(v.get("plan"))
        activity.plan = get("plan", lambda x: lookup.one(lookup.plans, x, _("action plan"))) if plan_name else None
        if plan_name and activity.plan is not None and activity.plan.status == ActionPlan.Status.CLOSED and (
            activity.plan_id != original_plan_id
        ):
            self.error(row, "plan", _("A closed action plan takes no new activities."))
        if activity.plan is not None:
            activity.partnership_id = activity.plan.partnership_id
            activity.network_id = activity.plan.network_id
        org_name = _text(v.get("responsible_organisation"))
        if not org_name:
            self.error(row, "responsible_organisation", _("This field is required."))
        else:
            org = get("responsible_organisation", lambda x: lookup.one(lookup.organisations, x, _("organisation")))
            if org is not None:
                activity.responsible_organisation = org
        group.participating = [
            p for p in (get("participating_organisations", lambda x, n=name: lookup.one(lookup.organisations, n, _("organisation")))
                        for name in _names(v.get("participating_organisations"))) if p is not None
        ]
        area_names = _names(v.get("priority_areas"))
        if not area_names:
            self.error(row, "priority_areas", _("Link the activity to at least one priority area."))
        group.areas = [
            a for a in (get("priority_areas", lambda x, n=name: lookup.one(lookup.areas, n, _("priority area"))) for name in area_names)
            if a is not None
        ]
        for column in ("planned_start", "planned_end", "actual_start", "actual_end"):
            setattr(activity, column, get(column, _date))
        progress = get("progress", _count)
        activity.progress = progress or 0
        for column in ("place", "goals", "indicators", "outcome", "benefit", "equality_text"):
            setattr(activity, column, get(column) or "")
        marker = _text(v.get("equality_marker"))
        activity.equality_marker = get("equality_marker", lambda x: _choice(x, self.markers, ["0", "1", "2"])) if marker else None
        activity.is_public = bool(get("is_public", _bool))
        self.check_values(row, activity, stored, v)

        self.validate_activity(row, activity, failed={e.column for e in self.errors[before:]})
        for warning in activity_plan_warnings(activity):
            self.warn(row, "plan", warning)
        group.activity = activity
        self.participation(group)
        self.cost_lines(group, lookup)

    def check_values(self, row, activity, stored, values):
        """The gate's value rules (plan, status, publication, responsible organisation), as the
        page and the API apply them: an empty cell of a field the user does not choose keeps the
        stored value; any other value the user may not set is an error in its column."""
        for name, _rule in scope_of(Activity).values:
            if not may_choose(self.user, Activity, name) and not _text(values.get(name)):
                attname = Activity._meta.get_field(name).attname
                setattr(activity, attname, stored[name] if stored else Activity._meta.get_field(name).get_default())
        for name, message in refused_values(self.user, activity, stored).items():
            self.error(row, name, message)

    def validate_activity(self, row, activity, failed=()):
        """The model's field checks and constraints, skipping fields whose cells already failed."""
        column_fields = {"title_sv": ["title", "title_sv"], "title_en": ["title_en"], "plan": ["plan", "partnership", "network"]}
        exclude = {"import_key", "version"}
        for column in failed:
            exclude.update(column_fields.get(column, [column]))
        try:
            activity.full_clean(exclude=list(exclude), validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                column = ACTIVITY_FIELD_COLUMNS.get(name, name if name in COLUMNS else "")
                for message in messages:
                    self.error(row, column, message)
        for constraint in activity.failed_checks(exclude):  # the key's uniqueness is the import's own matter
            self.error(row, CONSTRAINT_COLUMNS.get(constraint.name, ""), str(constraint.get_violation_error_message()))

    def participation(self, group):
        row, v = group.first_row, group.values
        if all(_text(v.get(c)) == "" for c in PARTICIPATION_COLUMNS):
            group.participation = None
            return
        values, ok = {}, True
        for column, name in PARTICIPATION_FIELDS.items():
            try:
                values[name] = self.field(row, column, _count, v.get(column)) or 0
            except _Skip:
                ok = False
        if not ok:
            return
        if not _text(v.get("total")):
            self.error(row, "total", _("Give the total number of participants."))
            return
        probe = Participation(**values)
        for constraint in Participation._meta.constraints:
            try:
                constraint.validate(Participation, probe)
            except ValidationError as error:
                for message in error.messages:
                    self.error(row, CONSTRAINT_COLUMNS.get(constraint.name, "total"), message)
        group.participation = values

    def cost_lines(self, group, lookup):
        activity = group.activity
        for row, v in group.rows:
            if all(_text(v.get(c)) == "" for c in COST_COLUMNS):
                continue
            before = len(self.errors)

            def get(column, parse=_text, row=row, v=v):
                try:
                    return self.field(row, column, parse, v.get(column))
                except _Skip:
                    return None

            line = CostLine(municipality=self.municipality)
            payer_name = _text(v.get("cost_paid_by"))
            if not payer_name:
                self.error(row, "cost_paid_by", _("This field is required."))
            else:
                payer = get("cost_paid_by", lambda x: lookup.one(lookup.organisations, x, _("organisation")))
                if payer is not None:
                    line.paying_organisation = payer
                    for message in refused_values(self.user, line, None).values():
                        self.error(row, "cost_paid_by", message)
            if not _text(v.get("cost_type")):
                self.error(row, "cost_type", _("This field is required."))
            else:
                line.cost_type = get("cost_type", lambda x: _choice(x, self.cost_types, CostLine.Type.values))
            currency = (_text(v.get("cost_currency")) or self.municipality.currency).upper()
            if not re.fullmatch(r"[A-Z]{3}", currency):
                self.error(row, "cost_currency", _("“%(value)s” is not a three-letter currency code.") % {"value": currency})
            line.currency = currency
            line.estimated = get("cost_estimated", _amount) or 0
            line.actual = get("cost_actual", _amount)
            line.note = get("cost_note") or ""
            line.rate_date = get("cost_rate_date", _date) or activity.actual_start or activity.planned_start
            if line.rate_date is None:
                if not _text(v.get("cost_rate_date")):
                    self.error(row, "cost_rate_date", _("Give the date whose exchange rate applies (or plan the activity's dates first)."))
            elif len(self.errors) == before:
                try:
                    rate = lookup.rate(currency, line.rate_date)
                except ValidationError as error:
                    for message in error.messages:
                        self.error(row, "cost_currency", message)
                else:
                    line.year = line.rate_date.year
                    line.estimated_home = convert(line.estimated, rate)
                    line.actual_home = convert(line.actual, rate)
                    try:
                        line.full_clean(exclude=["activity", "municipality"])
                    except ValidationError as error:
                        for name, messages in error.message_dict.items():
                            for message in messages:
                                self.error(row, {"paying_organisation": "cost_paid_by", "note": "cost_note"}.get(name, f"cost_{name}"), message)
            group.costs.append(line)


class _Skip(Exception):
    pass


# --- comparing and writing ----------------------------------------------------------------------

_SNAPSHOT_FIELDS = ("title_sv", "title_en", "description_sv", "description_en", "kind", "plan_id", "responsible_organisation_id",
                    "planned_start", "planned_end", "actual_start", "actual_end", "status", "progress", "place", "goals",
                    "indicators", "outcome", "benefit", "equality_marker", "equality_text", "is_public")
_COST_FIELDS = ("paying_organisation_id", "cost_type", "currency", "estimated", "actual", "rate_date", "note")


def _norm(value):
    return None if value == "" else value


def _snapshot(activity, areas, participating, participation, costs, milestones):
    return (
        milestones_key(milestones),
        tuple(_norm(getattr(activity, name)) for name in _SNAPSHOT_FIELDS),
        tuple(sorted(a.pk for a in areas)),
        tuple(sorted(o.pk for o in participating)),
        tuple(sorted(participation.items())) if participation else None,
        tuple(sorted((tuple(getattr(c, f) for f in _COST_FIELDS) for c in costs), key=repr)),
    )


def _stored_snapshot(activity):
    participation = getattr(activity, "participation", None) if hasattr(activity, "participation") else None
    values = {name: getattr(participation, name) for name in PARTICIPATION_FIELDS.values()} if participation else None
    return _snapshot(activity, activity.priority_areas.all(), activity.participating_organisations.all(), values, activity.costs.all(),
                     activity.milestones.all())


def import_activities(upload, *, user, municipality=None, progress=None, milestones=None) -> ImportResult:
    """Validate the whole file, then write all of it — or nothing (:func:`_write`).

    Milestones come from the XLSX file's ``milestones`` sheet, or from ``milestones``, a second
    file (CSV, or XLSX: its ``milestones`` sheet or else its first), see
    :mod:`vanort.plans.services.import_milestones`. ``progress(written, total)`` is called after
    each batch of activities written."""
    municipality = municipality or user.municipality
    result = ImportResult()
    importer = _Importer(user, municipality)
    if role_of(user) is None or municipality is None or user.municipality_id != municipality.pk:
        result.errors.append(RowError(1, "", _("You may not import activities.")))
        return result
    upload.seek(0)
    head = upload.read(4096)
    fmt = sniff_format(head, upload)
    if fmt is None:
        result.errors.append(RowError(1, "", _("The file is neither CSV (UTF-8 text) nor XLSX.")))
        return result
    try:
        rows = read_rows(upload, fmt)
        names = None
        for number, cells in rows:
            if all(_text(c) == "" for c in cells):
                continue
            names = importer.header(cells, number)
            break
        if names is None:
            if not importer.errors:
                importer.error(1, "", _("The file has no header row."))
            result.errors = importer.errors
            return result
        groups = importer.group(rows, names)
    except FileRefused as refused:
        result.errors.append(RowError(1, "", str(refused)))
        return result
    except csv.Error as error:
        result.errors.append(RowError(1, "", _("The CSV file could not be read: %(error)s") % {"error": error}))
        return result
    if not groups and not importer.errors:
        importer.error(2, "", _("The file has no activities."))

    lookup = _Lookup(user, municipality)
    existing = importer.existing(groups)
    for group in groups:
        importer.activity(group, existing, lookup)
    _read_milestones(importer, upload if milestones is None and fmt == XLSX else milestones, groups, lookup,
                     or_first=milestones is not None)
    result.warnings = importer.warnings
    if importer.errors:
        result.errors = sorted(importer.errors, key=lambda e: (e.row, COLUMNS.index(e.column) if e.column in COLUMNS else -1))
        return result

    prefetched = {a.pk: a for a in Activity.objects.filter(pk__in=[g.activity.pk for g in groups if g.existing])
                  .select_related("participation").prefetch_related("priority_areas", "participating_organisations", "costs",
                                                                    "milestones")}
    try:
        _write(groups, prefetched, result, progress, by=user)
    except (ValidationError, IntegrityError) as error:  # someone changed a row while the file was written
        row = getattr(error, "import_row", 1)
        result.created = result.updated = result.unchanged = result.cost_lines = 0
        messages = error.messages if isinstance(error, ValidationError) else [_("The data changed while the file was being imported.")]
        result.errors = [RowError(row, "", _("%(reason)s Nothing has been imported; import the file again.") % {"reason": m})
                         for m in messages]
    return result


def _read_milestones(importer, source, groups, lookup, *, or_first) -> None:
    if source is None:
        return
    source.seek(0)
    fmt = sniff_format(source.read(4096), source)
    if fmt is None:
        importer.error(1, MILESTONE_SHEET, _("The file is neither CSV (UTF-8 text) nor XLSX."))
        return
    try:
        read_milestones(importer, read_rows(source, fmt, MILESTONE_SHEET, or_first=or_first), groups, lookup,
                        text=_text, date=_date, boolean=_bool)
    except FileRefused as refused:
        importer.error(1, MILESTONE_SHEET, str(refused))
    except csv.Error as error:
        importer.error(1, MILESTONE_SHEET, _("The CSV file could not be read: %(error)s") % {"error": error})


def _write(groups, prefetched, result, progress=None, *, by) -> None:
    """Write validated groups: in one transaction, or — more than ``SINGLE_TRANSACTION`` of them —
    in transactions of about ``BATCH_SECONDS`` each, so other writers wait milliseconds, not the
    whole import. If a batch fails, the batches already written are undone (docs/decisions/0005-batched-imports.md)."""
    batched = len(groups) > SINGLE_TRANSACTION
    done: list[tuple[_Group, Activity | None]] = []  # committed: (group, its stored state before, or None if created)
    index = 0
    while index < len(groups):
        started, batch = time.monotonic(), []
        try:
            with transaction.atomic(), batching.batch():  # the cost summaries and cache generations once per batch
                while index < len(groups) and (not batched or not batch or time.monotonic() - started < BATCH_SECONDS):
                    group = groups[index]
                    index += 1
                    stored = prefetched.get(group.activity.pk) if group.existing else None
                    if stored is not None and _stored_snapshot(stored) == _snapshot(
                            group.activity, group.areas, group.participating, group.participation, group.costs,
                            stored.milestones.all() if group.milestones is None else group.milestones):
                        result.unchanged += 1
                        continue
                    _write_group(group.activity, group.areas, group.participating, group.participation, group.costs,
                                 expected_version=stored.version if stored is not None else None, by=by, milestones=group.milestones)
                    batch.append((group, stored))
        except (ValidationError, IntegrityError) as error:
            error.import_row = groups[index - 1].first_row
            _undo(done)
            raise
        done += batch
        if progress is not None:
            progress(index, len(groups))
        if batched and index < len(groups) and connection.vendor == "sqlite":
            time.sleep(SQLITE_BATCH_PAUSE)  # let a waiting writer take the lock between batches
    for group, stored in done:
        result.created += stored is None
        result.updated += stored is not None
        result.cost_lines += len(group.costs)
        result.milestones += len(group.milestones or ())


def _write_group(activity, areas, participating, participation, costs, *, expected_version, by, reason=None, milestones=None) -> None:
    """One activity with its areas, cost lines (replacing the stored ones) and participation, as
    ``by`` saves them (``None``: the import undoing its own batches)."""
    activity_save(activity=activity, by=by, areas=areas, participating=participating,
                  expected_version=expected_version, reason=reason or stored_reason(gettext_noop("Imported from a file")))
    if expected_version is not None:
        cost_lines_delete(CostLine.objects.filter(activity=activity))
    for line in costs:
        line.activity = activity
        cost_line_save(line, by=by)
    if participation is None:
        Participation.objects.filter(activity=activity).delete()
    else:
        Participation.objects.update_or_create(activity=activity, defaults=participation)
    if milestones is not None:
        milestones_replace(activity, milestones, by=by)


def _undo(done) -> None:
    """Put back what committed batches wrote: created activities go, updated ones get their stored state."""
    reason = stored_reason(gettext_noop("Import undone"))
    for group, stored in reversed(done):
        with transaction.atomic():
            current = Activity.objects.get(pk=group.activity.pk)
            if stored is None:
                cost_lines_delete(CostLine.objects.filter(activity=current))
                current.delete()
                continue
            participation = getattr(stored, "participation", None) if hasattr(stored, "participation") else None
            costs = [CostLine(**{f: getattr(c, f) for f in _COST_FIELDS}) for c in stored.costs.all()]
            _write_group(stored, list(stored.priority_areas.all()), list(stored.participating_organisations.all()),
                         {name: getattr(participation, name) for name in PARTICIPATION_FIELDS.values()} if participation else None,
                         costs, expected_version=current.version, by=None, reason=reason,
                         milestones=milestone_copies(stored.milestones.all()))


# --- the template -------------------------------------------------------------------------------


def template_rows() -> list[list[str]]:
    """The header and two example rows: one activity with two cost lines."""
    example = {
        "key": "2026-student-exchange", "title_sv": "Elevutbyte med partnerstaden", "title_en": "Student exchange with the partner city",
        "kind": "student_exchange", "plan": "", "responsible_organisation": "Utbildningsförvaltningen",
        "participating_organisations": "", "priority_areas": "Utbyte inom skolan", "planned_start": "2026-04-13",
        "planned_end": "2026-04-20", "status": "planned", "progress": "0", "place": "Palo Alto",
        "goals": "Elever möter jämnåriga och övar engelska.", "equality_marker": "1",
        "equality_text": "Jämn könsfördelning bland eleverna eftersträvas.", "is_public": "yes",
        "women": "8", "men": "7", "other": "1", "under_18": "14", "age_18_29": "0", "age_30_plus": "2", "total": "16",
        "cost_paid_by": "Utbildningsförvaltningen", "cost_type": "travel", "cost_currency": "SEK", "cost_estimated": "120000,00",
    }
    second = {"key": example["key"], "cost_paid_by": "Utbildningsförvaltningen", "cost_type": "accommodation",
              "cost_currency": "SEK", "cost_estimated": "45000,00"}
    return [list(COLUMNS), [example.get(c, "") for c in COLUMNS], [second.get(c, "") for c in COLUMNS]]
