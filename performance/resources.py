"""django-import-export resource for indicators (import and export). Observations are
imported and exported by ``performance.importing`` through ``core.spreadsheets``."""

import re

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from .models import Benchmark, BenchmarkKind, Indicator, Target

TARGET_COLUMN = re.compile(r"^target_(\d{4})$")
BENCHMARK_COLUMNS = [k.value for k in BenchmarkKind]


class YesNoWidget(widgets.BooleanWidget):
    TRUE_VALUES = ["1", 1, True, "true", "TRUE", "True", "yes", "Yes", "YES", "y", "Y", "x"]
    FALSE_VALUES = ["0", 0, False, "false", "FALSE", "False", "no", "No", "NO", "n", "N"]

    def clean(self, value, row=None, **kwargs):
        if value in ("", None):
            return False
        if value in self.TRUE_VALUES:
            return True
        if value in self.FALSE_VALUES:
            return False
        raise ValueError(f"'{value}' is not yes/no.")

    def render(self, value, obj=None, **kwargs):
        return "yes" if value else ""


class IndicatorResource(resources.ModelResource):
    """Indicators by ref, with targets in ``target_YYYY`` columns (financial year starting
    that April) and the four benchmarks with ``benchmark_refers_to``."""

    annualise = fields.Field(attribute="annualise", column_name="annualise", widget=YesNoWidget())
    vital_sign = fields.Field(attribute="vital_sign", column_name="vital_sign", widget=YesNoWidget())

    class Meta:
        model = Indicator
        import_id_fields = ["ref"]
        fields = [
            "ref",
            "title",
            "area",
            "definition",
            "polarity",
            "unit",
            "data_note",
            "frequency",
            "aggregation",
            "multiplier",
            "annualise",
            "vital_sign",
            "dashboard",
            "rag_method",
            "green_threshold",
            "red_threshold",
            "tolerance_pct",
            "target_note",
            "decimals",
            "small_numbers_threshold",
            "sort_order",
            "active_from",
            "active_to",
        ]
        clean_model_instances = True
        skip_unchanged = True
        use_transactions = True

    def before_import_row(self, row, **kwargs):
        # Blank cells mean "not set", not "" for choices/numbers.
        for key in ("multiplier",):
            if row.get(key) in (None, ""):
                row[key] = 1
        for key in ("sort_order",):
            if row.get(key) in (None, ""):
                row[key] = 0
        for key in ("definition", "data_note", "target_note", "area", "rag_method", "dashboard"):
            if key in row and row[key] is None:
                row[key] = ""
        # Say which column holds a bad target or benchmark, not just that the row failed.
        problems = {}
        for column, raw in row.items():
            if (TARGET_COLUMN.match(str(column)) or column in BENCHMARK_COLUMNS) and raw not in (None, ""):
                try:
                    float(raw)
                except (TypeError, ValueError):
                    problems[column] = f"'{raw}' is not a number."
        refers_to = str(row.get("benchmark_refers_to") or "")
        if len(refers_to) > Benchmark._meta.get_field("refers_to").max_length:
            problems["benchmark_refers_to"] = "Too long: at most 20 characters, e.g. 2015-16."
        if problems:
            raise ValidationError(problems)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if not super().skip_row(instance, original, row, import_validation_errors):
            return False
        # Unchanged fields, but a target or benchmark column may still differ.
        targets = {t.financial_year: t.value for t in instance.targets.all()} if instance.pk else {}
        benchmarks = {(b.kind, b.refers_to): b.value for b in instance.benchmarks.all()} if instance.pk else {}
        refers_to = str(row.get("benchmark_refers_to") or "")
        for column, raw in row.items():
            m = TARGET_COLUMN.match(str(column))
            if m and targets.get(int(m.group(1))) != (None if raw in (None, "") else float(raw)):
                return False
            if column in BENCHMARK_COLUMNS:
                wanted = None if raw in (None, "") else float(raw)
                if benchmarks.get((column, refers_to)) != wanted:
                    return False
        return True

    def after_save_instance(self, instance, row, **kwargs):
        for column, raw in row.items():
            m = TARGET_COLUMN.match(str(column))
            if not m:
                continue
            year = int(m.group(1))
            if raw in (None, ""):
                Target.objects.filter(indicator=instance, financial_year=year).delete()
            else:
                Target.objects.update_or_create(indicator=instance, financial_year=year, defaults={"value": float(raw)})
        refers_to = str(row.get("benchmark_refers_to") or "")
        for kind in BENCHMARK_COLUMNS:
            if kind not in row:
                continue
            raw = row.get(kind)
            # Each publication is kept: a new "refers to" adds a value, the same one replaces it.
            if raw in (None, ""):
                Benchmark.objects.filter(indicator=instance, kind=kind, refers_to=refers_to).delete()
            else:
                Benchmark.objects.update_or_create(
                    indicator=instance, kind=kind, refers_to=refers_to, defaults={"value": float(raw)}
                )
