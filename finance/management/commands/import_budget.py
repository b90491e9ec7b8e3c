from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.acting import acting_as, add_user_argument, user_named
from finance import services
from finance.importing import area_by_slug, import_table
from finance.models import FinancialYear, MonitoringPeriod


class Command(BaseCommand):
    help = (
        "Import a budget table (CSV or XLSX, in the report's column layout) into a year and period. "
        "Each stated figure that differs from the computed one is printed on its own line naming the "
        "division of service; the import goes ahead only with --acknowledge-warnings (or none to report)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--year", required=True, help="Financial year, e.g. 2016-17.")
        parser.add_argument("--period", help="1-12, a month name or 'outturn' (needed for budget tables).")
        parser.add_argument("--area", default="la-revenue",
                            help="Budget area slug for a budget table: la-revenue (default), schools, capital.")
        parser.add_argument("--dry-run", action="store_true", help="Check and report; change nothing.")
        add_user_argument(parser)
        parser.add_argument("--acknowledge-warnings", action="store_true",
                            help="Import even though stated figures differ from the computed ones.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            start_year = FinancialYear.parse_label(options["year"])
            number = MonitoringPeriod.parse_slug(options["period"]) if options["period"] else None
            area = area_by_slug(options["area"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        dry_run = options["dry_run"]
        user = user_named(options.get("user"))
        with transaction.atomic(), acting_as(user):
            year = services.get_or_create_year(start_year)
            period = services.get_or_open_period(year, number=number) if number is not None else None
            result = import_table(content=path.read_bytes(), filename=path.name, year=year, period=period,
                                  area=area, dry_run=dry_run, acknowledge=options["acknowledge_warnings"],
                                  source=path.name, user=user)
            if not result.written:
                # A dry run, or a refused import, leaves no new year or period behind either.
                transaction.set_rollback(True)
        for error in result.errors:
            self.stderr.write(f"ERROR {error}")
        for mismatch in result.warnings:
            self.stdout.write(f"MISMATCH {mismatch.message()}")
        for note in result.notices:
            self.stdout.write(note)
        if result.errors:
            raise CommandError(f"{path.name}: not imported ({len(result.errors)} error(s)); nothing changed.")
        if dry_run:
            self.stdout.write(f"Dry run: {path.name} is a {result.kind} table with {len(result.warnings)} "
                              "mismatch(es); nothing changed.")
        elif result.needs_acknowledgement:
            raise CommandError(f"{path.name}: not imported: {len(result.warnings)} mismatch(es) to acknowledge "
                               "(run again with --acknowledge-warnings).")
        else:
            self.stdout.write(self.style.SUCCESS(
                f"Imported {path.name}: {result.new} added, {result.changed} updated, "
                f"{len(result.warnings)} mismatch(es) acknowledged."))
