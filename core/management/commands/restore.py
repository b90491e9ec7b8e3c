from django.core.management.base import BaseCommand, CommandError

from core import backup


class Command(BaseCommand):
    help = "Restore an archive written by `backup` into an empty database and MEDIA_ROOT."

    def add_arguments(self, parser):
        parser.add_argument("archive")

    def handle(self, *args, archive, **options):
        try:
            manifest = backup.restore(archive)
        except backup.RestoreError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"Restored {rows:,} rows and {len(manifest['media'])} media files from the backup of {manifest['created']}."
        )
