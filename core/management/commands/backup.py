from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from core import backup


class Command(BaseCommand):
    help = "Write the database and the media files to one archive (.tar.gz)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", help="The archive to write (default: VAR_DIR/backups/governance-<time>.tar.gz)."
        )
        parser.add_argument("--keep", type=int, default=0,
                            help="Keep only this many newest archives in the output's folder (0: keep all).")

    def handle(self, *args, output=None, keep=0, **options):
        path = Path(output or Path(settings.VAR_DIR) / "backups" / f"governance-{datetime.now():%Y%m%d-%H%M%S}.tar.gz")
        manifest = backup.backup(path)
        rows = sum(manifest["counts"].values())
        self.stdout.write(f"Backed up {rows:,} rows and {len(manifest['media'])} media files to {path}.")
        if keep > 0:
            archives = sorted(path.parent.glob("governance-*.tar.gz"))
            for old in archives[:-keep]:
                old.unlink()
                self.stdout.write(f"Removed the older backup {old.name}.")
