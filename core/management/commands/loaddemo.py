from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# Order matters: later areas refer to people, indicators and meetings made earlier.
DEMO_MODULES = ["core.demo", "performance.demo", "riskregister.demo", "finance.demo", "committees.demo"]
# What real councils' data looks like (gaps, no data expected, 500 indicators, empty registers,
# periods and agendas), loaded on top of the demo with --messy.
MESSY_MODULES = ["performance.messy", "riskregister.messy", "finance.messy", "committees.messy"]


class Command(BaseCommand):
    help = "Load the demo data built from the seed documents. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--messy", action="store_true", help="also load the messy data set (after the demo)")

    def handle(self, *args, **options):
        for path in DEMO_MODULES + (MESSY_MODULES if options["messy"] else []):
            self.stdout.write(f"Loading {path}…")
            with transaction.atomic():
                import_module(path).load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
