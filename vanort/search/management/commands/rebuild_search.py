from django.core.management.base import BaseCommand

from vanort.search.index import rebuild


class Command(BaseCommand):
    help = "Rebuild the search index from every record, extracting the text of uploaded documents anew."

    def handle(self, *args, **options):
        counts = rebuild()
        for kind, n in counts.items():
            self.stdout.write(f"{kind}: {n}")
        self.stdout.write(f"{sum(counts.values())} records indexed.")
