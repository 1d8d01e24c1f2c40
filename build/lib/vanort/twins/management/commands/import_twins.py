"""``vanort import-twins --dataset NAME | FILE``: known twin-town pairs from a public data set.

``--dataset wikipedia|wikidata`` imports the copy shipped with Vänort (``vanort/twins/data``);
FILE imports one's own, e.g. a newer copy (see vanort.twins.importer).
"""

import csv
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from vanort.registry.models import Partnership
from vanort.tenancy.models import Municipality
from vanort.twins.importer import (
    DATASETS,
    ImportFileError,
    counts_by_reason,
    import_twins,
    problem_rows,
)

SHOWN = 20


class Command(BaseCommand):
    help = ("Import twin-town pairs: a data set shipped with Vänort (--dataset), or a file of one's own "
            "(Hekman CSV, raw or geocoded; Wikidata pairs CSV or relations.tsv + names.tsv; each may be gzipped).")

    def add_arguments(self, parser):
        what = parser.add_mutually_exclusive_group(required=True)
        what.add_argument("file", nargs="?",
                          help="A data file of one's own (or a Wikidata folder with relations.tsv and names.tsv).")
        what.add_argument("--dataset", choices=sorted(DATASETS),
                          help="The copy shipped with Vänort: wikipedia (February 2026) or wikidata (September 2016).")
        parser.add_argument("--source", help="Name of the data set stored with each relation (default: from the format).")
        parser.add_argument("--min-population", type=int, default=1000, choices=[500, 1000, 5000, 15000],
                            help="Smallest GeoNames cities matched against (default 1000).")
        parser.add_argument("--municipality", metavar="SLUG",
                            help="Also create partnerships of this municipality with the cities its own city is twinned with.")
        parser.add_argument("--status", choices=[Partnership.Status.PROPOSED, Partnership.Status.ACTIVE], default=Partnership.Status.PROPOSED,
                            help="Status of the partnerships created with --municipality (default: proposed; they are not public).")
        parser.add_argument("--report", metavar="CSV", help="Write every unmatched and ambiguous city to this CSV file.")

    def handle(self, *args, **options):
        municipality = None
        if options["municipality"]:
            municipality = Municipality.objects.filter(slug=options["municipality"]).first()
            if municipality is None:
                raise CommandError(_("No municipality with the short name “%(slug)s”.") % {"slug": options["municipality"]})
        started = time.monotonic()
        path = options["file"]
        if options["dataset"]:
            shipped = DATASETS[options["dataset"]]
            path = shipped.path
            self.stdout.write(_("Shipped copy: %(about)s. Give a FILE to import a newer one.") % {"about": shipped.about})
        try:
            report = import_twins(path, source=options["source"], min_population=options["min_population"],
                                  municipality=municipality, partnership_status=options["status"])
        except ImportFileError as error:
            raise CommandError(_("Nothing was imported. %(error)s") % {"error": error}) from None
        for line in report.lines():
            self.stdout.write(line)
        if municipality is not None:
            self.stdout.write(_("Partnerships of %(municipality)s: %(created)s created, %(existing)s already registered")
                              % {"municipality": municipality, "created": report.partnerships_created, "existing": report.partnerships_existing})
        for reason, count in counts_by_reason(report).most_common():
            self.stdout.write(_("  not found — %(reason)s: %(count)s") % {"reason": reason, "count": count})
        show = None if options["verbosity"] >= 2 else SHOWN
        for title, problems in ((_("Not found"), report.unmatched), (_("Ambiguous (not guessed)"), report.ambiguous)):
            if not problems:
                continue
            items = sorted(problems.items(), key=lambda item: (item[0].country, item[0].name))
            self.stdout.write(f"{title} ({len(items)}):")
            for place, result in items[:show]:
                self.stdout.write(f"  {place.label()}: {result.reason}")
            if show is not None and len(items) > show:
                self.stdout.write(_("  … and %(n)s more (use --report FILE or -v 2 for all)") % {"n": len(items) - show})
        if options["report"]:
            with open(options["report"], "w", newline="", encoding="utf-8") as out:
                csv.writer(out).writerows(problem_rows(report))
            self.stdout.write(_("Unmatched and ambiguous cities written to %(file)s") % {"file": options["report"]})
        phases = ", ".join(f"{phase} {seconds:.1f}" for phase, seconds in report.seconds.items())
        self.stdout.write(_("Done in %(seconds).1f s (%(phases)s).") % {"seconds": time.monotonic() - started, "phases": phases})
