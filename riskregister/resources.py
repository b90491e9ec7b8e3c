"""The one import/export path for risk registers (django-import-export), in the seed's columns.

Used by the import page, the API, the ``import_risks`` command and the demo loader. Each
row is a risk as it stood at its review: importing it creates or updates the risk and
keeps that review. Typed scores are checked against likelihood x impact, never stored.
"""

from datetime import date, datetime

import tablib
from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from core import identifiers, spreadsheets
from core.services import get_or_create_person

from . import scoring, selectors
from .models import Level, Prospects, Risk, RiskReview

COLUMNS = selectors.COLUMNS
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y")


class FlexibleDateWidget(widgets.DateWidget):
    """dd/mm/yyyy as in the register, ISO dates, or real dates from an XLSX cell."""

    def __init__(self):
        super().__init__()
        self.formats = DATE_FORMATS

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, str):
            value = value.strip()
        try:
            return super().clean(value, row=row, **kwargs)
        except ValueError:
            raise ValueError(f"{value!r} is not a date (use dd/mm/yyyy)")

    def render(self, value, obj=None, **kwargs):
        return value.strftime(DATE_FORMATS[0]) if isinstance(value, date) else ""


class ScaleWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            raise ValueError("is missing (give 1 to 5)")
        try:
            number = float(str(value).strip())
        except ValueError:
            raise ValueError(f"{value!r} is not a number from 1 to 5")
        if not number.is_integer() or not 1 <= number <= 5:
            raise ValueError(f"{value!r} is not a whole number from 1 to 5")
        return int(number)


class ChoiceWidget(widgets.Widget):
    """A choice by its code or its label, case-insensitive ("C" or "Corporate"; "Red")."""

    def __init__(self, choices, what, allow_blank=True):
        super().__init__()
        self.lookup = {}
        for value, label in choices:
            self.lookup[str(value).lower()] = value
            self.lookup[str(label).lower()] = value
        self.what = what
        self.allow_blank = allow_blank
        self.labels = ", ".join(str(label) for _v, label in choices)

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip().lower()
        if not text:
            if self.allow_blank:
                return ""
            raise ValueError(f"is missing (one of {self.labels})")
        if text not in self.lookup:
            raise ValueError(f"{value!r} is not a {self.what} (one of {self.labels})")
        return self.lookup[text]

    def render(self, value, obj=None, **kwargs):
        return value or ""


class PersonWidget(widgets.Widget):
    """People are named in the register; a name not yet known becomes a core.Person."""

    def clean(self, value, row=None, **kwargs):
        name = " ".join(str(value or "").split())
        if not name:
            raise ValueError("is missing (name the risk owner)")
        return get_or_create_person(name)

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class RiskResource(resources.ModelResource):
    level = fields.Field("level", "CDGSTP", ChoiceWidget(Level.choices, "level code", allow_blank=False))
    area = fields.Field("area", "Area")
    risk_number = fields.Field("risk_number", "Risk Number")
    name = fields.Field("name", "Risk Name")
    description = fields.Field("description", "Risk Description")
    date_entered = fields.Field("date_entered", "Date entered on risk register", FlexibleDateWidget())
    current_likelihood = fields.Field("current_likelihood", "Current Likelihood", ScaleWidget())
    current_impact = fields.Field("current_impact", "Current Impact", ScaleWidget())
    current_score = fields.Field("current_score", "Current Risk Score", readonly=True)
    tasks_to_mitigate = fields.Field("tasks_to_mitigate", "Tasks to mitigate the risk")
    progress_update = fields.Field("progress_update", "Progress update")
    target_likelihood = fields.Field("target_likelihood", "Target Likelihood", ScaleWidget())
    target_impact = fields.Field("target_impact", "Target Impact", ScaleWidget())
    target_score = fields.Field("target_score", "Target Risk Score", readonly=True)
    target_date = fields.Field("target_date", "Target Date", FlexibleDateWidget())
    # Computed from the review history, so a typed value is not taken.
    direction_of_travel = fields.Field("direction_of_travel", "Current Direction of Travel of Risk", readonly=True)
    prospects = fields.Field(
        "prospects",
        "Prospects of meeting Target Risk Score by Target Date",
        ChoiceWidget(Prospects.choices, "prospect"),
    )
    owner = fields.Field("owner", "Risk Owner", PersonWidget())
    reviewer = fields.Field("reviewer", "Reviewed and/or updated by")
    date_of_last_review = fields.Field("date_of_last_review", "Date of review and/or update", FlexibleDateWidget())

    class Meta:
        model = Risk
        import_id_fields = ["risk_number"]
        fields = [
            "level", "area", "risk_number", "name", "description", "date_entered", "current_likelihood",
            "current_impact", "current_score", "tasks_to_mitigate", "progress_update", "target_likelihood",
            "target_impact", "target_score", "target_date", "direction_of_travel", "prospects", "owner",
            "reviewer", "date_of_last_review",
        ]
        # An unchanged row is reported as "skip" (unchanged), not "update": an export
        # imported back changes nothing and says so.
        skip_unchanged = True
        skip_html_diff = True
        clean_model_instances = True
        use_transactions = True

    def __init__(self, register=None, line_numbers=None, user=None):
        super().__init__()
        self.register = register
        self.line_numbers = line_numbers or []
        self.user = user
        self._numbers = None

    def line_of(self, row_number):
        """The row as the user sees it in their spreadsheet (header and title rows counted)."""
        if row_number and row_number <= len(self.line_numbers):
            return self.line_numbers[row_number - 1]
        return row_number

    def before_import_row(self, row, **kwargs):
        for key, value in list(row.items()):
            if isinstance(value, str):
                row[key] = value.strip()
        # Risk numbers are matched case-insensitively and by their normal form, so " rm14284"
        # updates RM14284 instead of creating a second risk beside it.
        number = row.get("Risk Number")
        if number not in (None, ""):
            if self._numbers is None:
                self._numbers = identifiers.resolver(Risk.objects.values_list("risk_number", flat=True))
            row["Risk Number"] = self._numbers(number)

    def get_instance(self, instance_loader, row):
        instance = super().get_instance(instance_loader, row)
        if instance is not None and self.register is not None and instance.register_id != self.register.pk:
            # A number already used on another register: importing here would silently move
            # or overwrite that risk, which needs that register's import.
            raise ValidationError(
                f"Risk {instance.risk_number} is on the register '{instance.register}'; import it there."
            )
        return instance

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        if instance.register_id is None:
            if self.register is None:
                raise ValidationError("Choose the register to import into.")
            instance.register = self.register
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for prefix, label in (("current", "Current Risk Score"), ("target", "Target Risk Score")):
            likelihood = getattr(instance, f"{prefix}_likelihood", None)
            impact = getattr(instance, f"{prefix}_impact", None)
            if f"{prefix}_likelihood" in errors or f"{prefix}_impact" in errors or likelihood is None or impact is None:
                continue
            problem = scoring.typed_score_error(likelihood, impact, row.get(label), label)
            if problem:
                errors[f"{prefix}_score"] = [ValidationError(problem)]
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        if instance.pk is None:
            last = Risk.objects.filter(register=instance.register).order_by("-position").first()
            instance.position = (last.position + 1) if last else 1
        if instance.next_review_due is None and instance.date_of_last_review:
            instance.next_review_due = scoring.next_review_due(
                instance.date_of_last_review, instance.register.review_interval_days
            )

    def after_save_instance(self, instance, row, **kwargs):
        """The row is the risk at its review: keep that review (one per risk and date)."""
        from . import services

        if not instance.date_of_last_review:
            return
        review = (
            RiskReview.objects.filter(risk=instance, reviewed_on=instance.date_of_last_review)
            .order_by("-created", "-pk")
            .first()
        ) or RiskReview(risk=instance, reviewed_on=instance.date_of_last_review)
        review.likelihood = instance.current_likelihood
        review.impact = instance.current_impact
        review.target_likelihood = instance.target_likelihood
        review.target_impact = instance.target_impact
        review.target_date = instance.target_date
        review.progress_update = instance.progress_update
        review.prospects = instance.prospects
        review.reviewer_names = instance.reviewer
        if review.created_by_id is None and self.user is not None and self.user.is_authenticated:
            review.created_by = self.user
        review.save()
        services.apply_latest_review(instance)

    def export(self, queryset=None, **kwargs):
        """Export is the committee's register rows, so the file and the pack agree."""
        return tablib.Dataset(*selectors.register_rows(self.register), headers=COLUMNS)


# --- reading files -----------------------------------------------------------


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, date) else str(value).strip()


LIMITS = spreadsheets.Limits(rows=10_000, xlsx_rows=10_000, columns=60)


def _raw_rows(content: bytes, fmt: str):
    """Rows of cells and the row number the spreadsheet shows for each (CSV, TSV or XLSX:
    core.spreadsheets tells them apart by their bytes and finds the delimiter)."""
    return [(n, [_cell(v) for v in row]) for n, row in spreadsheets.read_rows(content, filename=f"file.{fmt}",
                                                                              limits=LIMITS)]


def _normal(header):
    return spreadsheets.header_key(header)


def read_dataset(content: bytes, fmt: str):
    """A tablib Dataset in ``COLUMNS`` order from a CSV/XLSX file, and each row's line number.

    Title rows above the header (as in the register's own spreadsheet), blank rows and a
    repeated header row are skipped.
    """
    try:
        numbered = _raw_rows(content, fmt)
    except spreadsheets.SheetError as exc:
        raise ValidationError(str(exc))
    rows = [row for _n, row in numbered]
    wanted = [_normal(c) for c in COLUMNS]
    header_at = next(
        (i for i, row in enumerate(rows) if any(_normal(c) == wanted[0] for c in row[:2])
         or sum(_normal(c) in wanted for c in row) >= len(COLUMNS) // 2),
        None,
    )
    if header_at is None:
        raise ValidationError(
            "No header row found: the file needs the register's columns, starting with "
            + ", ".join(COLUMNS[:3]) + " …"
        )
    header = [_normal(c) for c in rows[header_at]]
    missing = [col for col, key in zip(COLUMNS, wanted, strict=True) if key not in header]
    if missing:
        raise ValidationError(
            f"Row {numbered[header_at][0]} (the header) lacks the column(s): {', '.join(missing)}."
        )
    index = [header.index(key) for key in wanted]
    dataset = tablib.Dataset(headers=COLUMNS)
    lines = []
    for n, row in numbered[header_at + 1 :]:
        padded = list(row) + [""] * (len(header) - len(row))
        values = [padded[i] for i in index]
        if all(v in ("", None) for v in values):
            continue
        if [_normal(v) for v in values] == wanted:
            continue
        dataset.append(values)
        lines.append(n)
    return dataset, lines
