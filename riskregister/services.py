"""Writes for the risk register: reviews, escalation, actions, links, the matrix, reminders."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core import uploads

from . import scoring, selectors
from .models import (
    Escalation,
    Level,
    MatrixCell,
    Register,
    ReviewReminder,
    Risk,
    RiskBand,
    RiskLink,
    RiskReview,
)


@transaction.atomic
def ensure_default_matrix():
    """Create the starting bands and 5x5 cells if the administrator has none yet."""
    if MatrixCell.objects.exists():
        return
    bands = {}
    for rank, (name, colour, _low, _high) in enumerate(scoring.DEFAULT_BANDS):
        bands[name], _ = RiskBand.objects.get_or_create(name=name, defaults={"colour": colour, "rank": rank})
    # With history rows: a plain bulk_create writes none, and the matrix's first state is part of
    # what a later change is compared with.
    bulk_create_with_history(
        [MatrixCell(likelihood=likelihood, impact=impact, band=bands[name])
         for (likelihood, impact), name in scoring.default_matrix().items()],
        MatrixCell,
    )


@transaction.atomic
def record_review(
    risk,
    *,
    user=None,
    likelihood,
    impact,
    target_likelihood=None,
    target_impact=None,
    target_date=None,
    progress_update="",
    prospects="",
    reviewed_on=None,
    reviewer_names="",
    reviewed_by=None,
    check_permission=True,
):
    """The owner (or a delegate, or an administrator) reviews a risk: a new review row is kept
    and the risk takes its scores; direction of travel compares with the previous review."""
    if check_permission and (user is None or not user.has_perm("riskregister.review_risk", risk)):
        raise PermissionDenied("Only the risk's owner, a delegate or an administrator can review it.")
    risk = Risk.objects.select_for_update().get(pk=risk.pk)
    reviewed_on = reviewed_on or timezone.localdate()
    if reviewed_on > timezone.localdate():
        raise ValidationError({"reviewed_on": ValidationError("A review cannot be dated in the future.",
                                                              code="conflict")})
    if risk.date_entered and reviewed_on < risk.date_entered:
        raise ValidationError({"reviewed_on": ValidationError(
            f"A review cannot be dated before the risk was entered ({risk.date_entered:%d %b %Y}).", code="conflict")})
    if reviewed_by is None and user is not None:
        reviewed_by = getattr(user, "person", None)
    try:
        scoring.score(likelihood, impact)
        scoring.score(target_likelihood or risk.target_likelihood, target_impact or risk.target_impact)
    except scoring.ScoreError as exc:
        raise ValidationError(str(exc))
    review = RiskReview(
        risk=risk,
        reviewed_on=reviewed_on,
        reviewed_by=reviewed_by,
        reviewer_names=reviewer_names or (str(reviewed_by) if reviewed_by else ""),
        likelihood=likelihood,
        impact=impact,
        target_likelihood=target_likelihood or risk.target_likelihood,
        target_impact=target_impact or risk.target_impact,
        target_date=target_date or risk.target_date,
        progress_update=progress_update,
        prospects=prospects,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    review.save()
    apply_latest_review(risk)
    review.refresh_from_db()
    return review


SCORE_FIELDS = ("current_likelihood", "current_impact", "target_likelihood", "target_impact")
# What a review records (record_review's keyword arguments, as RiskReview fields).
REVIEW_FIELDS = (
    "likelihood", "impact", "target_likelihood", "target_impact", "target_date", "progress_update", "prospects",
    "reviewed_on", "reviewer_names", "reviewed_by",
)


def next_position(register):
    """Where a new risk goes in its register as printed: after the last one."""
    last = Risk.objects.filter(register=register).order_by("-position").values_list("position", flat=True).first()
    return (last or 0) + 1


@transaction.atomic
def create_risk(*, user, delegates=(), **fields):
    """A new risk, whoever adds it (API, admin): it goes after its register's last risk, and the
    scores it is entered with are its first assessment, kept as the first review, which sets its
    review dates, so the first real review already has a direction of travel."""
    if user is None or not user.has_perm("riskregister.add_risk"):
        raise PermissionDenied("Only risk owners and administrators can add risks.")
    if fields.get("date_entered") is None:
        fields["date_entered"] = timezone.localdate()
    if fields["date_entered"] > timezone.localdate():
        raise ValidationError({"date_entered": ValidationError("A risk cannot be entered in the future.",
                                                               code="conflict")})
    risk = Risk(**fields)
    risk.full_clean(exclude=["current_score", "target_score"])
    risk.position = next_position(risk.register)
    risk.save()
    if delegates:
        risk.delegates.set(delegates)
    record_review(
        risk,
        user=user,
        likelihood=risk.current_likelihood,
        impact=risk.current_impact,
        target_likelihood=risk.target_likelihood,
        target_impact=risk.target_impact,
        target_date=risk.target_date,
        progress_update=risk.progress_update,
        prospects=risk.prospects,
        reviewed_on=risk.date_entered,
        reviewer_names=risk.reviewer or "Entered",
        check_permission=False,
    )
    risk.refresh_from_db()
    return risk


def _recompute_directions(risk):
    """Direction of travel of every review from the one before it, so a back-dated review
    puts the history right rather than leaving a wrong arrow after it."""
    reviews = list(risk.reviews.order_by("reviewed_on", "created", "pk"))
    for review, direction in zip(reviews, scoring.directions_from_history([r.score for r in reviews]), strict=True):
        if review.direction_of_travel != direction:
            review.direction_of_travel = direction
            review.save(update_fields=["direction_of_travel"])
    return reviews[-1] if reviews else None


def apply_latest_review(risk):
    """The risk shows its latest review's scores, words and dates (and its direction of travel)."""
    latest = _recompute_directions(risk)
    if latest is None:
        return risk
    risk.current_likelihood = latest.likelihood
    risk.current_impact = latest.impact
    risk.target_likelihood = latest.target_likelihood
    risk.target_impact = latest.target_impact
    risk.target_date = latest.target_date
    if latest.progress_update:
        risk.progress_update = latest.progress_update
    risk.prospects = latest.prospects
    risk.direction_of_travel = latest.direction_of_travel
    risk.reviewer = latest.reviewer_names
    risk.date_of_last_review = latest.reviewed_on
    risk.next_review_due = scoring.next_review_due(latest.reviewed_on, risk.register.review_interval_days)
    risk.save()
    return risk


@transaction.atomic
def escalate(risk, *, to_register, user=None, reason=""):
    """Move a risk to a higher register (normally the corporate one). It stays the same risk,
    so its reviews, actions, links and change history go with it; the move itself is recorded."""
    if user is not None and not user.has_perm("riskregister.escalate_risk", risk):
        raise PermissionDenied("Only an administrator can escalate a risk.")
    if to_register.pk == risk.register_id:
        raise ValidationError(f"{risk.risk_number} is already on {to_register}.")
    escalation = Escalation.objects.create(
        risk=risk,
        from_register=risk.register,
        to_register=to_register,
        from_level=risk.level,
        to_level=to_register.level,
        reason=reason,
        escalated_by=user if user is not None and user.is_authenticated else None,
    )
    risk.register = to_register
    risk.level = to_register.level
    risk._change_reason = f"Escalated from {escalation.from_register} to {to_register}"
    risk.save()
    return escalation


def corporate_register():
    return Register.objects.filter(level=Level.CORPORATE).order_by("pk").first()


def save_action(action):
    action.full_clean()
    action.save()
    return action


def link(risk, *, kind, ref, note=""):
    ref = ref.strip()
    if not ref:
        raise ValidationError("Give the indicator reference or budget line key.")
    try:
        with transaction.atomic():
            obj, _ = RiskLink.objects.update_or_create(risk=risk, kind=kind, ref=ref, defaults={"note": note})
    except IntegrityError as exc:
        raise ValidationError(str(exc))
    return obj


def send_review_reminders(today: date | None = None):
    """Email each owner whose review falls due within their register's reminder window.

    Each (risk, due date) is reminded once, so a daily beat run may repeat safely.
    """
    today = today or timezone.localdate()
    sent = []
    for risk in selectors.risks_needing_reminder(today):
        email = risk.owner.email or getattr(risk.owner.user, "email", "")
        if not email:
            continue
        try:
            with transaction.atomic():
                ReviewReminder.objects.create(risk=risk, due=risk.next_review_due, sent_to=email)
                send_mail(
                    f"Risk review due {risk.next_review_due:%d %B %Y}: {risk.risk_number}",
                    reminder_text(risk),
                    None,
                    [email],
                )
        except IntegrityError:
            continue
        sent.append(risk)
    return sent


def reminder_text(risk):
    target = f"target {risk.target_score}"
    if risk.target_date:
        target += f" by {risk.target_date:%d %B %Y}"
    return (
        f"{risk.owner},\n\n"
        f"The review of risk {risk.risk_number} \"{risk.name}\" on the {risk.register} "
        f"falls due on {risk.next_review_due:%d %B %Y}.\n"
        f"Current score {risk.current_score} (likelihood {risk.current_likelihood} x impact "
        f"{risk.current_impact}); {target}.\n\n"
        "Record the review on the risk's page.\n"
    )


# --- import and export (one path: resources.RiskResource) --------------------

IMPORT_FORMATS = ("csv", "xlsx", "tsv")
ACTIONS = {"new": "new", "update": "update", "skip": "unchanged"}  # django-import-export's names -> ours


def _error_lines(resource, result, dataset):
    from .resources import COLUMNS, RiskResource

    labels = {f.attribute: f.column_name for f in RiskResource.fields.values()}
    labels.update({"current_score": "Current Risk Score", "target_score": "Target Risk Score"})
    lines = []
    for invalid in result.invalid_rows:
        values = dataset[invalid.number - 1]
        number = values[COLUMNS.index("Risk Number")] or "no risk number"
        for field, messages in invalid.error_dict.items():
            label = labels.get(field, field.replace("_", " ").capitalize()) if field != "__all__" else ""
            for message in messages:
                prefix = f"{label}: " if label and not str(message).startswith(label) else ""
                lines.append(f"Row {resource.line_of(invalid.number)} ({number}): {prefix}{message}")
    for number, errors in result.row_errors():
        values = dataset[number - 1]
        for error in errors:
            lines.append(
                f"Row {resource.line_of(number)} ({values[COLUMNS.index('Risk Number')] or 'no risk number'}): "
                f"{error.error}"
            )
    for error in result.base_errors:
        lines.append(str(error.error))
    return lines


def import_register(register, content: bytes, fmt: str, *, user=None, dry_run=True):
    """Import a register file (CSV/XLSX in the seed's columns): all rows or none.

    With ``dry_run`` nothing is kept and the outcome is the preview. Errors name the row
    as the spreadsheet numbers it and the risk number.
    """
    from .resources import RiskResource, read_dataset

    if user is not None and not user.has_perm("riskregister.import_risks", register):
        raise PermissionDenied("You cannot import into this register.")
    fmt = (fmt or "").lower().lstrip(".")
    if fmt not in IMPORT_FORMATS:
        raise ValidationError(f"Import CSV or XLSX files, not {fmt or 'this kind of file'}.")
    outcome = uploads.ImportResult(dry_run=dry_run)
    dataset, line_numbers = read_dataset(content, fmt)
    outcome.total = len(dataset)
    if not len(dataset):
        outcome.errors.append("The file has the register's header row but no risks under it.")
        return outcome
    resource = RiskResource(register=register, line_numbers=line_numbers, user=user)
    with transaction.atomic():
        result = resource.import_data(
            dataset,
            dry_run=dry_run,
            use_transactions=True,
            rollback_on_validation_errors=True,
            raise_errors=False,
            retain_instance_in_row_result=True,
        )
        outcome.errors = _error_lines(resource, result, dataset)
        for number, row_result in enumerate(result.rows, start=1):
            if row_result.import_type in ("new", "update", "skip") and row_result.instance is not None:
                risk = row_result.instance
                action = ACTIONS[row_result.import_type]
                counted = {"new": "new", "update": "changed", "unchanged": "unchanged"}[action]
                setattr(outcome, counted, getattr(outcome, counted) + 1)
                outcome.preview.append(
                    {
                        "line": resource.line_of(number),
                        "risk_number": risk.risk_number,
                        "name": risk.name,
                        "action": action,
                        "current_score": risk.current_score,
                        "target_score": risk.target_score,
                    }
                )
        if outcome.errors:
            transaction.set_rollback(True)
            return outcome
    outcome.written = not dry_run
    return outcome


DATE_COLUMNS = {"Date entered on risk register", "Target Date", "Date of review and/or update"}
NUMBER_COLUMNS = {"Current Likelihood", "Current Impact", "Current Risk Score", "Target Likelihood",
                  "Target Impact", "Target Risk Score"}


def export_columns():
    from core import spreadsheets

    from .resources import COLUMNS

    return [
        spreadsheets.Column(c, "date" if c in DATE_COLUMNS else "number" if c in NUMBER_COLUMNS else "text")
        for c in COLUMNS
    ]


def export_rows(register):
    """The committee's register rows (so the file and the pack agree), with real dates."""
    return selectors.register_rows(register, dates_as_text=False)


def export_register(register, fmt="csv"):
    """The register as CSV or XLSX bytes, in the seed's column order."""
    from core import spreadsheets

    if fmt == "xlsx":
        return spreadsheets.write_xlsx(export_columns(), export_rows(register), sheet=register.name)
    if fmt == "csv":
        return spreadsheets.write_csv(export_columns(), export_rows(register))
    raise ValueError(f"No export format '{fmt}'.")


@transaction.atomic
def set_matrix(cells, *, user=None):
    """Set every cell's band: ``cells`` maps (likelihood, impact) to a band id. All 25 or none."""
    if user is not None and not user.has_perm("riskregister.set_matrix"):
        raise PermissionDenied("Only an administrator sets the risk matrix.")
    wanted = {(likelihood, impact) for likelihood in scoring.SCALE for impact in scoring.SCALE}
    if set(cells) != wanted:
        raise ValidationError("Give a band for every one of the 25 cells.")
    bands = {b.pk: b for b in RiskBand.objects.filter(pk__in=set(cells.values()))}
    missing = {band_id for band_id in cells.values() if band_id not in bands}
    if missing:
        raise ValidationError(f"Unknown band(s): {sorted(missing)}")
    for (likelihood, impact), band_id in sorted(cells.items()):
        cell, created = MatrixCell.objects.get_or_create(
            likelihood=likelihood, impact=impact, defaults={"band": bands[band_id]}
        )
        if not created and cell.band_id != band_id:
            cell.band = bands[band_id]
            cell.save()  # one by one, so each cell's history records the change
