"""The one import path for budget tables, in the seed's column layout.

Used by the upload page (preview, acknowledge, confirm), ``manage.py import_budget``,
the API's ``budget-lines/bulk/`` and the demo loader. Four layouts, told apart by their
header row:

- budget summary: Division of service | Approved budget £m | Outturn £m |
  +Over/- Underspend £m | … as % of budget | Movement since last report £m
  (optional extra columns: Reasons for variance, Recovery actions, Owner, Block),
  with category headings, "Sub Total" and "Total" rows as in the seed;
- reasons: Division of service | +Over/- Underspend £m | Reasons for variance from budget;
- reserves and provisions: Title/description | Balance at … | … approved usage |
  Recommend to P&R | Balance at … | Reason for variance;
- school balances: Title/description | Balance at … | Forecast balance at … |
  In year Variance | Schools becoming academies.

Every stated variance, percentage, movement, balance or total is checked against the
computed one (to the nearest £1,000); each difference becomes a warning naming its row,
which must be acknowledged before anything is written. Errors (unreadable numbers,
unknown headings) stop the import. Writing is all-or-nothing.
"""

import difflib
import re
from decimal import Decimal, InvalidOperation

from django.db import transaction

from core import identifiers, spreadsheets, uploads
from core.models import Person

from . import calc
from .models import BudgetArea, BudgetBlock, BudgetCategory, BudgetImport, BudgetLine, Reserve, SchoolBalance
from .selectors import SUMMARY_HEADER

NA = "n/a"


class PeriodLocked(Exception):
    """The period has been reported and locked; its figures cannot change."""

    def __init__(self, period):
        self.period = period
        super().__init__(f"{period} is locked: it has been reported. An administrator may reopen it.")


# An import's result is core's one type, core.uploads.ImportResult. Its ``warnings`` are
# calc.Mismatch: stated figures that disagree with the computed ones, which must be
# acknowledged before anything is written; ``kind`` is the table the header was read as,
# ``record`` the BudgetImport kept when it was written.


def warnings_data(result):
    """The mismatches as the API, the staged preview and the stored import keep them."""
    return [
        {
            "row": m.row,
            "label": m.label,
            "field": m.field,
            "stated": _plain(m.stated),
            "computed": _plain(m.computed),
            "difference": str(m.difference) if m.difference is not None else None,
            "message": m.message(),
        }
        for m in result.warnings
    ]


def _plain(value):
    """A figure as text, to £1,000 where it holds nothing finer (API decimals carry six places)."""
    if value is None:
        return None
    if isinstance(value, Decimal) and value.as_tuple().exponent < -3 and value == calc.to_thousand(value):
        return str(calc.to_thousand(value))
    return str(value)


# --- reading ----------------------------------------------------------------


LIMITS = spreadsheets.Limits(rows=10_000, xlsx_rows=10_000, columns=50)


def read_table(content, filename=""):
    """Rows of strings from CSV or XLSX bytes (the first worksheet), read by core.spreadsheets."""
    return [
        ["" if v is None else _cell_text(v) for v in row]
        for _n, row in spreadsheets.read_rows(content, filename=filename, limits=LIMITS)
    ]


def _cell_text(value):
    if isinstance(value, float):
        return format(Decimal(repr(value)), "f")
    return str(value)


def export_columns():
    """The budget summary's columns: £m to three places, variances signed, % whole."""
    money, signed, pct = spreadsheets.MONEY_M, "+0.000;-0.000;0.000", "+0;-0;0"
    kinds = [None, money, money, signed, pct, signed, None, None, None]
    return [
        spreadsheets.Column(h, "number" if fmt else "text", fmt)
        for h, fmt in zip(SUMMARY_HEADER, kinds, strict=True)
    ]


# --- cells --------------------------------------------------------------------


def norm(text):
    """Lower case, words only: "One off corrective actions" == "One-off corrective actions"."""
    text = str(text or "").lower().replace("–", " ").replace("—", " ")
    return " ".join(re.findall(r"[a-z0-9]+", text))


def parse_amount(text, row, column, errors, allow_na=False):
    """'+6.945', '-0.400', '£1,234', '(0.5)', 'n/a', '' -> Decimal, NA or None."""
    raw = str(text or "").strip()
    if raw == "":
        return None
    if raw.lower() in ("n/a", "na", "-"):
        return NA if allow_na else None
    cleaned = raw.replace("£", "").replace(",", "").replace("%", "").replace("−", "-").replace(" ", "")
    negative = cleaned.startswith("(") and cleaned.endswith(")")
    cleaned = cleaned.strip("()")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        errors.append(f"Row {row}, {column}: '{raw}' is not a number.")
        return None
    if not value.is_finite():
        errors.append(f"Row {row}, {column}: '{raw}' is not a number.")
        return None
    return -value if negative else value


def _is_total(label):
    n = norm(label)
    return n == "total" or n == "grand total" or n.endswith(" total") or n.startswith("sub total") or n == "subtotal"


def _columns(header, wanted):
    """Map field -> column index by the header words each field needs (first match wins)."""
    found = {}
    for index, title in enumerate(header):
        n = norm(title)
        for name, test in wanted:
            if name not in found and test(n):
                found[name] = index
                break
    return found


LINE_COLUMNS = [
    ("division", lambda n: "division" in n),
    ("approved_budget", lambda n: "approved budget" in n),
    ("variance_pct", lambda n: "underspend" in n and ("of budget" in n or "%" in n)),
    ("movement", lambda n: "movement" in n),
    ("variance", lambda n: "underspend" in n or n.startswith("variance")),
    ("forecast_outturn", lambda n: "outturn" in n or n.startswith("forecast")),
    ("reason", lambda n: n.startswith("reason")),
    ("recovery_actions", lambda n: "recovery" in n),
    ("owner", lambda n: n == "owner" or n.startswith("owner")),
    ("block", lambda n: n == "block" or n.startswith("dsg block")),
    ("category", lambda n: n == "category"),
]
RESERVE_COLUMNS = [
    ("name", lambda n: "title" in n or "description" in n or n == "reserve"),
    ("approved_usage", lambda n: "approved usage" in n),
    ("further_usage", lambda n: "recommend" in n or "further usage" in n),
    ("balance_start", lambda n: n.startswith("balance at") and ("01 04" in n or "1 april" in n or "start" in n)),
    ("balance_end", lambda n: n.startswith("balance at") or "forecast balance" in n),
    ("reason", lambda n: n.startswith("reason")),
    ("group", lambda n: n == "group"),
]
SCHOOL_COLUMNS = [
    ("name", lambda n: "title" in n or "description" in n or n == "phase"),
    ("balance_start", lambda n: n.startswith("balance at")),
    ("forecast_end", lambda n: "forecast balance" in n),
    ("in_year_variance", lambda n: "in year variance" in n),
    ("academies", lambda n: "academies" in n),
]


def detect_kind(header):
    words = norm(" ".join(header))
    if "academies" in words and "balance" in words:
        return BudgetImport.Kind.SCHOOL_BALANCES
    if "usage" in words and "balance" in words:
        return BudgetImport.Kind.RESERVES
    if "approved budget" in words:
        return BudgetImport.Kind.LINES
    if "division" in words and "reason" in words:
        return BudgetImport.Kind.REASONS
    return None


def _cell(row, columns, name):
    index = columns.get(name)
    if index is None or index >= len(row):
        return ""
    return str(row[index] or "").strip()


def _blank_row(row):
    return all(not str(v or "").strip() for v in row)


# --- the path ---------------------------------------------------------------


def import_table(*, rows=None, content=None, filename="", year, period=None, area=None, user=None,
                 acknowledge=False, dry_run=False, source=None):
    """Check a table and, unless dry_run or unacknowledged warnings stop it, write it all.

    ``rows`` (lists of strings, header first) or ``content`` (CSV/XLSX bytes). Budget
    lines and reasons need ``period`` and ``area``; reserves and school balances the year.
    """
    result = uploads.ImportResult(dry_run=dry_run)
    try:
        if rows is None:
            rows = read_table(content, filename)
    except spreadsheets.SheetError as exc:
        result.errors.append(str(exc))
        return result
    rows = [list(r) for r in rows if not _blank_row(r)]
    result.total = max(len(rows) - 1, 0)
    if not rows:
        result.errors.append("The table is empty: it needs a header row and at least one row of figures.")
        return result
    kind = detect_kind(rows[0])
    if kind is None:
        result.errors.append(
            "Row 1: the header is not one of the budget tables' layouts (budget summary, reasons for variance, "
            "reserves and provisions, school balances)."
        )
        return result
    result.kind = kind
    if kind in (BudgetImport.Kind.LINES, BudgetImport.Kind.REASONS):
        if period is None or area is None:
            result.errors.append("A budget table needs a monitoring period and a budget area.")
            return result
        if period.locked:
            result.errors.append(str(PeriodLocked(period)))
            return result
    planner = {
        BudgetImport.Kind.LINES: _plan_lines,
        BudgetImport.Kind.REASONS: _plan_reasons,
        BudgetImport.Kind.RESERVES: _plan_reserves,
        BudgetImport.Kind.SCHOOL_BALANCES: _plan_school_balances,
    }[kind]
    apply = planner(rows, result, year=year, period=period, area=area)
    result.warnings.sort(key=lambda m: m.row or 0)
    if result.errors or dry_run:
        return result
    if result.warnings and not acknowledge:
        result.needs_acknowledgement = True
        return result
    with transaction.atomic():
        if period is not None:
            # Lock the row (held to commit) so a concurrent "lock period" cannot slip in between
            # check and write: it waits for this import, or this import waits for it and refuses.
            period.refresh_from_db(from_queryset=type(period).objects.select_for_update())
            if kind in (BudgetImport.Kind.LINES, BudgetImport.Kind.REASONS) and period.locked:
                result.errors.append(str(PeriodLocked(period)))
                return result
        apply()
        result.record = BudgetImport.objects.create(
            year=year, period=period, area=area, kind=kind, source=source or filename or "upload",
            content=content or b"", status=BudgetImport.Status.APPLIED, warnings=warnings_data(result),
            summary={"new": result.new, "changed": result.changed, "notices": result.notices},
            warnings_acknowledged_by=user if result.warnings else None, created_by=user,
        )
    result.written = True
    return result


def _category_lookup():
    lookup = {}
    unheaded = None
    for category in BudgetCategory.objects.all():
        for heading in category.headings():
            lookup[norm(heading)] = category
        if category.for_unheaded_lines and unheaded is None:
            unheaded = category
    return lookup, unheaded


def _plan_lines(rows, result, *, year, period, area):
    header, body = rows[0], rows[1:]
    cols = _columns(header, LINE_COLUMNS)
    missing = [name for name in ("division", "approved_budget", "forecast_outturn") if name not in cols]
    if missing:
        result.errors.append(f"Row 1: the header has no column for {', '.join(missing).replace('_', ' ')}.")
        return None
    categories, unheaded = _category_lookup()
    blocks = {norm(b.name): b for b in BudgetBlock.objects.filter(area=area)}
    people = {norm(p.name): p for p in Person.objects.all()}
    existing = {line.division: line for line in BudgetLine.objects.filter(period=period, area=area)}
    previous_period = period.year.periods.filter(number__lt=period.number).order_by("-number").first()
    previous = {}
    if previous_period is not None:
        previous = {line.division: line for line in
                    BudgetLine.objects.filter(period=previous_period, area=area).select_related("carried_from")}
    numeric = ("approved_budget", "forecast_outturn", "variance", "variance_pct", "movement")
    # "Early help services\t" names the stored "Early Help Services", not a second line beside it.
    division_named = identifiers.resolver([*existing, *previous])

    planned = []  # dicts with the line's values
    section_lines = {}  # category -> planned rows
    stated_totals = []  # (row, label, category or None, stated dict)
    category = None
    seen = set()
    for number, row in enumerate(body, start=2):
        label = division_named(_cell(row, cols, "division"))
        values_blank = all(_cell(row, cols, name) == "" for name in numeric if name in cols)
        if values_blank and label and not _cell(row, cols, "reason"):
            match = categories.get(norm(label))
            if match is None:
                result.errors.append(
                    f"Row {number}: heading '{label}' is not a budget category; an administrator can add it "
                    "(or add it as another name of an existing category)."
                )
            category = match
            continue
        if not label:
            result.errors.append(f"Row {number}: the division of service is blank.")
            continue
        stated = {
            "variance": parse_amount(_cell(row, cols, "variance"), number, "variance", result.errors),
            "variance_pct": parse_amount(_cell(row, cols, "variance_pct"), number, "variance %", result.errors,
                                         allow_na=True),
            "movement": parse_amount(_cell(row, cols, "movement"), number, "movement", result.errors),
        }
        if _is_total(label):
            is_sub = norm(label).startswith("sub")
            stated["approved_budget"] = parse_amount(_cell(row, cols, "approved_budget"), number,
                                                     "approved budget", result.errors)
            stated["forecast_outturn"] = parse_amount(_cell(row, cols, "forecast_outturn"), number,
                                                      "outturn", result.errors)
            stated_totals.append((number, label, category if is_sub else None, stated))
            if is_sub:
                # What follows a sub-total without a new heading stands outside the sections.
                category = None
            continue
        explicit = _cell(row, cols, "category")
        line_category = categories.get(norm(explicit)) if explicit else (category or unheaded)
        if line_category is None:
            result.errors.append(
                f"Row {number}, category: '{explicit or label}' has no budget category "
                "(put it under a heading or name one in a Category column)."
            )
            continue
        if label in seen:
            result.errors.append(f"Row {number}: '{label}' appears twice in the table.")
            continue
        seen.add(label)
        budget = parse_amount(_cell(row, cols, "approved_budget"), number, "approved budget", result.errors)
        outturn = parse_amount(_cell(row, cols, "forecast_outturn"), number, "outturn", result.errors)
        adjustment = None
        if not budget and not outturn:
            # A line with no budget carries its stated variance as the figure itself.
            adjustment = stated["variance"]
            if adjustment is None:
                result.errors.append(f"Row {number}, {label}: there is no budget, outturn or variance.")
                continue
        block = None
        if _cell(row, cols, "block"):
            block = blocks.get(norm(_cell(row, cols, "block")))
            if block is None:
                result.errors.append(f"Row {number}, block: '{_cell(row, cols, 'block')}' is not a block of {area}.")
        owner = None
        if _cell(row, cols, "owner"):
            owner = people.get(norm(_cell(row, cols, "owner")))
            if owner is None:
                result.errors.append(f"Row {number}, owner: no person called '{_cell(row, cols, 'owner')}'.")
        before = previous.get(label)
        previous_variance = before.variance if before is not None else None
        result.warnings.extend(
            calc.check_line(number, label, budget, outturn, adjustment, stated, previous_variance)
        )
        variance = calc.variance(budget, outturn, adjustment)
        item = {
            "row": number, "division": label, "category": line_category, "approved_budget": budget,
            "forecast_outturn": outturn, "adjustment": adjustment, "variance": variance,
            "movement": calc.movement(variance, previous_variance), "carried_from": before, "block": block,
            "owner": owner, "stated": stated,
            "reason": _cell(row, cols, "reason") if "reason" in cols else None,
            "recovery_actions": _cell(row, cols, "recovery_actions") if "recovery_actions" in cols else None,
        }
        planned.append(item)
        section_lines.setdefault(line_category, []).append(item)

    for number, label, total_category, stated in stated_totals:
        items = section_lines.get(total_category, []) if total_category is not None else planned
        _check_totals(result, number, label, items, stated)

    if result.errors:
        return None
    missing_here = sorted(set(existing) - seen)
    if missing_here:
        result.notices.append(f"{len(missing_here)} line(s) already in the period and not in the table were left as "
                            f"they were: {', '.join(missing_here)}.")

    def apply():
        for order, item in enumerate(planned, start=1):
            line = existing.get(item["division"]) or BudgetLine(period=period, area=area,
                                                                division=item["division"])
            is_new = line.pk is None
            line.category = item["category"]
            line.order = order
            line.approved_budget = item["approved_budget"]
            line.forecast_outturn = item["forecast_outturn"]
            line.adjustment = item["adjustment"]
            if item["block"] is not None:
                line.block = item["block"]
            if item["owner"] is not None:
                line.owner = item["owner"]
            if item["reason"] is not None:
                line.reason = item["reason"]
            if item["recovery_actions"] is not None:
                line.recovery_actions = item["recovery_actions"]
            if is_new:
                line.carried_from = item["carried_from"]
            stated = item["stated"]
            line.stated_variance = stated["variance"]
            pct = stated["variance_pct"]
            line.stated_variance_pct = "" if pct is None else (NA if pct == NA else str(pct))
            line.stated_movement = stated["movement"]
            line.save()
            if is_new:
                result.new += 1
            else:
                result.changed += 1

    return apply


def _check_totals(result, number, label, items, stated):
    computed = {
        "variance": calc.total(i["variance"] for i in items),
        "movement": calc.total(i["movement"] for i in items),
        "approved_budget": calc.total(i["approved_budget"] for i in items),
        "forecast_outturn": calc.total(i["forecast_outturn"] for i in items),
    }
    for name in ("variance", "approved_budget", "forecast_outturn", "movement"):
        value = stated.get(name)
        if value is None:
            continue
        if name == "movement" and all(i["carried_from"] is None for i in items):
            continue  # no previous period to measure movement against
        if calc.differs_at_thousand(value, computed[name] or calc.ZERO):
            result.warnings.append(calc.Mismatch(number, label, name, value,
                                                   calc.to_thousand(computed[name] or calc.ZERO)))


def _plan_reasons(rows, result, *, year, period, area):
    header, body = rows[0], rows[1:]
    cols = _columns(header, LINE_COLUMNS)
    if "division" not in cols or "reason" not in cols:
        result.errors.append("Row 1: a reasons table needs 'Division of service' and 'Reasons for variance' columns.")
        return None
    categories, _ = _category_lookup()
    lines = list(BudgetLine.objects.filter(period=period, area=area).select_related("category"))
    if not lines:
        result.errors.append(f"{period} has no {area} lines yet: import the budget summary first.")
        return None
    updates = []
    taken = set()
    category = None
    for number, row in enumerate(body, start=2):
        label = _cell(row, cols, "division")
        reason = _cell(row, cols, "reason")
        stated_variance = parse_amount(_cell(row, cols, "variance"), number, "variance", result.errors)
        if not reason and stated_variance is None:
            category = categories.get(norm(label))
            if category is None:
                result.errors.append(f"Row {number}: heading '{label}' is not a budget category.")
            continue
        line = _match_line(label, lines, category, taken)
        if line is None:
            result.errors.append(f"Row {number}: no line in {period} ({area}) matches '{label}'.")
            continue
        taken.add(line.pk)
        if calc.differs_at_thousand(stated_variance, line.variance):
            result.warnings.append(calc.Mismatch(number, f"{label} (reasons table)", "variance", stated_variance,
                                                   calc.to_thousand(line.variance)))
        updates.append((line, reason))
    if result.errors:
        return None

    def apply():
        for line, reason in updates:
            if line.reason != reason:
                line.reason = reason
                line.save(update_fields=["reason"])
                result.changed += 1

    return apply


def _match_line(label, lines, category, taken):
    """The reasons table names lines more loosely than the summary ("Early Help Services" for
    "Early Help support"): exact words first, then the closest name in the same section."""
    candidates = [line for line in lines if line.pk not in taken]
    exact = [line for line in candidates if norm(line.division) == norm(label)]
    if exact:
        return exact[0]
    in_section = [line for line in candidates if category is None or line.category_id == category.pk]
    names = {norm(re.sub(r"\([^)]*\)", "", line.division)): line for line in in_section}
    close = difflib.get_close_matches(norm(re.sub(r"\([^)]*\)", "", label)), list(names), n=1, cutoff=0.6)
    return names[close[0]] if close else None


RESERVE_HEADINGS = {
    "dedicated schools grant": Reserve.Group.DSG, "dsg": Reserve.Group.DSG,
    "schools": Reserve.Group.SCHOOLS, "children s services": Reserve.Group.CHILDRENS,
}


def _plan_reserves(rows, result, *, year, period, area):
    header, body = rows[0], rows[1:]
    cols = _columns(header, RESERVE_COLUMNS)
    missing = [n for n in ("name", "balance_start", "approved_usage", "further_usage") if n not in cols]
    if missing:
        result.errors.append(f"Row 1: the header has no column for {', '.join(missing).replace('_', ' ')}.")
        return None
    existing = {r.name: r for r in Reserve.objects.filter(year=year)}
    planned, by_group, stated_totals = [], {}, []
    group = None
    for number, row in enumerate(body, start=2):
        name = _cell(row, cols, "name")
        figures = [_cell(row, cols, n) for n in ("balance_start", "approved_usage", "further_usage", "balance_end")]
        if all(f == "" for f in figures):
            group = RESERVE_HEADINGS.get(norm(name))
            if group is None:
                result.errors.append(f"Row {number}: heading '{name}' is not a reserves group "
                                     "(Dedicated Schools Grant, Schools, Children's Services).")
            continue
        amounts = {n: parse_amount(_cell(row, cols, n), number, n.replace("_", " "), result.errors)
                   for n in ("balance_start", "approved_usage", "further_usage", "balance_end")}
        if _is_total(name):
            stated_totals.append((number, name, None if norm(name) in ("total", "grand total") else group, amounts))
            continue
        row_group = group
        if _cell(row, cols, "group"):
            row_group = RESERVE_HEADINGS.get(norm(_cell(row, cols, "group")))
        if row_group is None and ("dedicated schools grant" in norm(name) or "dsg" in norm(name).split()):
            row_group = Reserve.Group.DSG  # the seed lists the DSG reserve alone, before any heading
        if row_group is None:
            result.errors.append(f"Row {number}: '{name}' is not under a reserves group heading.")
            continue
        end = calc.reserve_balance_end(amounts["balance_start"], amounts["approved_usage"], amounts["further_usage"])
        if calc.differs_at_thousand(amounts["balance_end"], end):
            result.warnings.append(calc.Mismatch(number, name, "balance_end", amounts["balance_end"],
                                                   calc.to_thousand(end)))
        item = dict(amounts, name=name, group=row_group, balance_end_computed=end, reason=_cell(row, cols, "reason"))
        planned.append(item)
        by_group.setdefault(row_group, []).append(item)
    for number, label, group_key, stated in stated_totals:
        items = by_group.get(group_key, []) if group_key else planned
        for name, key in (("balance_start", "balance_start"), ("approved_usage", "approved_usage"),
                          ("further_usage", "further_usage"), ("balance_end", "balance_end_computed")):
            computed = calc.total(i[key] or calc.ZERO for i in items) or calc.ZERO
            if calc.differs_at_thousand(stated[name], computed):
                result.warnings.append(calc.Mismatch(number, label, name, stated[name], calc.to_thousand(computed)))
    if result.errors:
        return None

    def apply():
        for order, item in enumerate(planned, start=1):
            reserve = existing.get(item["name"]) or Reserve(year=year, name=item["name"])
            result.new += reserve.pk is None
            result.changed += reserve.pk is not None
            reserve.group = item["group"]
            reserve.order = order
            reserve.balance_start = item["balance_start"] or calc.ZERO
            reserve.approved_usage = item["approved_usage"] or calc.ZERO
            reserve.further_usage = item["further_usage"] or calc.ZERO
            reserve.stated_balance_end = item["balance_end"]
            reserve.reason = item["reason"]
            reserve.save()

    return apply


def _phase_of(label):
    n = norm(label)
    for phase in SchoolBalance.Phase:
        if n.startswith(phase.value[:5]) or n == norm(phase.label):
            return phase
    return None


def _plan_school_balances(rows, result, *, year, period, area):
    header, body = rows[0], rows[1:]
    cols = _columns(header, SCHOOL_COLUMNS)
    missing = [n for n in ("name", "balance_start", "forecast_end") if n not in cols]
    if missing:
        result.errors.append(f"Row 1: the header has no column for {', '.join(missing).replace('_', ' ')}.")
        return None
    existing = {b.phase: b for b in SchoolBalance.objects.filter(year=year)}
    planned, stated_totals = [], []
    for number, row in enumerate(body, start=2):
        name = _cell(row, cols, "name")
        amounts = {n: parse_amount(_cell(row, cols, n), number, n.replace("_", " "), result.errors)
                   for n in ("balance_start", "forecast_end", "in_year_variance", "academies")}
        if _is_total(name):
            stated_totals.append((number, name, amounts))
            continue
        phase = _phase_of(name)
        if phase is None:
            result.errors.append(f"Row {number}: '{name}' is not a school phase "
                                 "(nursery, primary, secondary, special, clusters).")
            continue
        variance = calc.school_in_year_variance(amounts["balance_start"], amounts["forecast_end"],
                                                amounts["academies"])
        if calc.differs_at_thousand(amounts["in_year_variance"], variance):
            result.warnings.append(calc.Mismatch(number, name, "in_year_variance", amounts["in_year_variance"],
                                                   calc.to_thousand(variance)))
        planned.append(dict(amounts, phase=phase, in_year_computed=variance))
    for number, label, stated in stated_totals:
        for name, key in (("balance_start", "balance_start"), ("forecast_end", "forecast_end"),
                          ("in_year_variance", "in_year_computed"), ("academies", "academies")):
            computed = calc.total(i[key] or calc.ZERO for i in planned) or calc.ZERO
            if calc.differs_at_thousand(stated[name], computed):
                result.warnings.append(calc.Mismatch(number, label, name, stated[name], calc.to_thousand(computed)))
    if result.errors:
        return None

    def apply():
        for item in planned:
            balance = existing.get(item["phase"]) or SchoolBalance(year=year, phase=item["phase"])
            result.new += balance.pk is None
            result.changed += balance.pk is not None
            balance.balance_start = item["balance_start"] or calc.ZERO
            balance.forecast_end = item["forecast_end"] or calc.ZERO
            balance.academies = item["academies"] or calc.ZERO
            balance.stated_in_year_variance = item["in_year_variance"]
            balance.save()

    return apply


def area_by_slug(slug):
    try:
        return BudgetArea.objects.get(slug=slug)
    except BudgetArea.DoesNotExist as exc:
        names = ", ".join(BudgetArea.objects.values_list("slug", flat=True))
        raise ValueError(f"'{slug}' is not a budget area (one of: {names})") from exc
