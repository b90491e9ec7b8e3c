from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from performance import services


class Command(BaseCommand):
    help = "Import observations (long format CSV or XLSX), all or nothing. --dry-run checks and previews only."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report; write nothing.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"No such file: {path}")
        # The file is read as a stream (and an oversize XLSX refused before it is parsed).
        result = services.import_observations(path, path.name, dry_run=options["dry_run"])
        self.stdout.write(
            f"{result.total} rows: {result.new} new, {result.changed} changed, {result.unchanged} unchanged."
        )
        if result.errors:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(result.errors)} problem(s): nothing was written.")
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was written.")
        else:
            self.stdout.write(self.style.SUCCESS("Imported."))
