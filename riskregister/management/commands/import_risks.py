from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.acting import acting_as, add_user_argument, user_named
from riskregister import services
from riskregister.models import Register


class Command(BaseCommand):
    help = "Import a risk register file (CSV, XLSX or tab-separated) in the register's columns: all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--register", required=True, help="Register name")
        parser.add_argument("--dry-run", action="store_true", help="Check and preview only")
        add_user_argument(parser)

    def handle(self, path, register, dry_run, **options):
        target = Register.objects.filter(name=register).first()
        if target is None:
            raise CommandError(f"No register named {register!r}.")
        file = Path(path)
        user = user_named(options.get("user"))
        try:
            with acting_as(user):
                outcome = services.import_register(
                    target, file.read_bytes(), file.suffix.lstrip(".") or "csv", dry_run=dry_run, user=user
                )
        except PermissionDenied as exc:
            raise CommandError(f"{user.username} may not import into {target}: {exc}") from exc
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages))
        if outcome.errors:
            raise CommandError("Nothing imported:\n" + "\n".join(outcome.errors))
        verb = "would be imported" if dry_run else "imported"
        self.stdout.write(self.style.SUCCESS(f"{len(outcome.preview)} risks {verb} into {target}."))
