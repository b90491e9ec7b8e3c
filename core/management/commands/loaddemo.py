from django.core.management.base import BaseCommand
from django.db import transaction

from core.registries import demo_loaders


class Command(BaseCommand):
    help = "Load the demo data built from the seed documents. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--messy", action="store_true", help="also load the messy data set (after the demo)")

    def handle(self, *args, **options):
        # Each area registers its loader (and the loaders it needs first) from its AppConfig; with
        # --messy, also what real councils' data looks like (gaps, no data expected, 500 indicators,
        # empty registers, periods and agendas), on top of the demo.
        for loader in demo_loaders(messy=options["messy"]):
            self.stdout.write(f"Loading {loader.name}…")
            with transaction.atomic():
                loader.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
