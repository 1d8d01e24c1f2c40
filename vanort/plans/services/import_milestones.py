"""Milestones in the activity import and export, keyed by activity.

An XLSX file carries them on a second sheet named ``milestones``; with CSV (one table per file)
they come as a second file, uploaded beside the activities' file (the import page's second
field, ``vanort import-activities FILE --milestones FILE2``). Columns, header row first:

``key``
    The activity's key, as in the activities' sheet or file (the activity must be in it).
``title``, ``due_on``
    Required; the due date as ``YYYY-MM-DD``. A due date outside the activity's dates is
    imported with a warning, as the page warns.
``responsible_organisation``
    The organisation's name (empty: the activity's own).
``done``, ``done_on``
    yes/no and the date it was done: ``done_on`` alone is enough; ``done`` yes needs ``done_on``.

With a milestones sheet or file, it is the truth for the activities the import names: their
milestones are replaced by its rows (an activity with no rows in it loses its milestones).
Without one, milestones are left alone. Writes go through ``milestone_save`` / ``milestone_delete``
with the importing user as ``by``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from vanort.core.permissions import VIEW, restrict
from vanort.plans.models import Milestone
from vanort.plans.services.milestones import milestone_delete, milestone_save, milestone_warnings
from vanort.tenancy.models import Organisation

MILESTONE_SHEET = "milestones"
MILESTONE_COLUMNS = ("key", "title", "due_on", "responsible_organisation", "done", "done_on")
MILESTONE_REQUIRED = ("key", "title", "due_on")
#: What a milestone is compared and restored by.
MILESTONE_FIELDS = ("title", "due_on", "responsible_organisation_id", "done_on")


def _column(name: str) -> str:
    """An error's column names the sheet, so it is not mistaken for the activities' column."""
    return f"{MILESTONE_SHEET}.{name}"


def read_milestones(importer, rows, groups, lookup, *, text, date, boolean) -> bool:
    """Check the milestone ``rows`` (``(number, cells)``, header first) and give each group its
    ``milestones`` (unsaved, activity not set). Returns whether there was a milestones table at
    all; problems go to ``importer.error``, warnings to ``importer.warnings``."""
    names = None
    for number, cells in rows:
        if all(text(c) == "" for c in cells):
            continue
        names = [text(cell).lower() for cell in cells]
        ok = True
        for index, name in enumerate(names):
            if name and name not in MILESTONE_COLUMNS:
                importer.error(number, _column(name), _("Unknown column. The columns are: %(columns)s.")
                               % {"columns": ", ".join(MILESTONE_COLUMNS)})
                ok = False
            elif name and names.index(name) != index:
                importer.error(number, _column(name), _("The column appears twice."))
                ok = False
        for name in MILESTONE_REQUIRED:
            if name not in names:
                importer.error(number, _column(name), _("This column is missing."))
                ok = False
        if not ok:
            return True
        break
    if names is None:
        return False
    by_key = {group.key: group for group in groups}
    for group in groups:
        group.milestones = []
    named = [(i, name) for i, name in enumerate(names) if name]
    for number, cells in rows:
        values = {name: cells[i] if i < len(cells) else None for i, name in named}
        if all(text(v) == "" for v in values.values()):
            continue
        _milestone(importer, number, values, by_key, lookup, text=text, date=date, boolean=boolean)
    return True


def _milestone(importer, number, values, by_key, lookup, *, text, date, boolean) -> None:
    before = len(importer.errors)

    def get(name, parse):
        try:
            return parse(values.get(name))
        except ValidationError as error:
            for message in error.messages:
                importer.error(number, _column(name), message)
            return None

    group = by_key.get(text(values.get("key")))
    if group is None:
        importer.error(number, _column("key"), _("No activity of the file has this key."))
        return
    title = text(values.get("title"))
    if not title:
        importer.error(number, _column("title"), _("This field is required."))
    elif len(title) > Milestone._meta.get_field("title").max_length:
        importer.error(number, _column("title"), _("The title is longer than %(max)s characters.")
                       % {"max": Milestone._meta.get_field("title").max_length})
    due_on = get("due_on", date)
    if due_on is None and not text(values.get("due_on")):
        importer.error(number, _column("due_on"), _("This field is required."))
    organisation = None
    if text(values.get("responsible_organisation")):
        organisation = get("responsible_organisation", lambda x: lookup.one(lookup.organisations, text(x), _("organisation")))
    done_on = get("done_on", date)
    done = get("done", boolean) if text(values.get("done")) else None
    if done and done_on is None and not text(values.get("done_on")):
        importer.error(number, _column("done_on"), _("Give the date the milestone was done."))
    if done is False and done_on is not None:
        importer.error(number, _column("done"), _("The milestone has a done date but says it is not done."))
    if len(importer.errors) > before or group.activity is None:
        return
    milestone = Milestone(activity=group.activity, title=title, due_on=due_on, done_on=done_on, responsible_organisation=organisation)
    for warning in milestone_warnings(milestone):
        importer.warn(number, _column("due_on"), warning)
    group.milestones.append(milestone)


def milestones_key(milestones) -> tuple:
    """The milestones as comparable values (whether an import changes anything)."""
    return tuple(sorted((tuple(getattr(m, name) for name in MILESTONE_FIELDS) for m in milestones), key=repr))


def milestones_replace(activity, milestones, *, by) -> None:
    """Replace ``activity``'s milestones by ``milestones`` (unsaved), through the services."""
    for milestone in list(Milestone.objects.filter(activity=activity).select_related("activity")):
        milestone_delete(milestone=milestone, by=by)
    for milestone in milestones:
        milestone.pk = None
        milestone.activity = activity
        milestone_save(milestone=milestone, by=by)


def copies(milestones) -> list[Milestone]:
    """Unsaved copies of stored milestones (to put them back)."""
    return [Milestone(**{name: getattr(m, name) for name in MILESTONE_FIELDS}) for m in milestones]


def milestone_rows(activities, user):
    """Yield a dict per milestone of ``activities`` (already through the gate) that ``user`` may
    see, in the activities' order; an organisation ``user`` may not see is left empty."""
    milestones = restrict(Milestone.objects.filter(activity__in=activities.values("pk")), user, VIEW).select_related(
        "activity", "responsible_organisation").annotate(
        organisation_visible=Exists(restrict(Organisation.objects.filter(pk=OuterRef("responsible_organisation_id")), user, VIEW)),
    ).order_by("activity__planned_start", "activity_id", "due_on", "pk")
    for milestone in milestones.iterator(chunk_size=2000):
        activity = milestone.activity
        organisation = milestone.responsible_organisation
        yield {
            "key": activity.import_key or f"vanort:{activity.pk}",
            "title": milestone.title,
            "due_on": milestone.due_on,
            "responsible_organisation": organisation.name if organisation is not None and milestone.organisation_visible else "",
            "done": "yes" if milestone.done_on else "no",
            "done_on": milestone.done_on,
        }


def template_milestone_rows() -> list[list[str]]:
    """The header and the example's milestones (for the activity of ``imports.template_rows``)."""
    key = "2026-student-exchange"
    examples = [
        {"key": key, "title": "Värdfamiljer klara", "due_on": "2026-04-13", "responsible_organisation": "Utbildningsförvaltningen",
         "done": "yes", "done_on": "2026-04-10"},
        {"key": key, "title": "Reserapport till internationella funktionen", "due_on": "2026-04-20", "done": "no"},
    ]
    return [list(MILESTONE_COLUMNS), *[[row.get(c, "") for c in MILESTONE_COLUMNS] for row in examples]]
