from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# Order matters: later areas refer to people, indicators and meetings made earlier.
DEMO_MODULES = ["core.demo", "performance.demo", "riskregister.demo", "finance.demo", "committees.demo"]


class Command(BaseCommand):
    help = "Load the demo data built from the seed documents. Safe to run again."

    def handle(self, *args, **options):
        for path in DEMO_MODULES:
            self.stdout.write(f"Loading {path}…")
            with transaction.atomic():
                import_module(path).load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
