from django.core.management.base import BaseCommand
from django.db import transaction

from core.registries import demo_loaders


class Command(BaseCommand):
    help = "Load the demo data built from the seed documents. Safe to run again."

    def handle(self, *args, **options):
        # Each area registers its loader (and the loaders it needs first) from its AppConfig.
        for loader in demo_loaders():
            self.stdout.write(f"Loading {loader.name}…")
            with transaction.atomic():
                loader.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
