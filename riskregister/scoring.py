"""Risk arithmetic: scores, bands, direction of travel, overdue and appetite rules.

Pure functions with no Django imports, so the rules can be read and tested on their own
with the seed register's figures. Callers pass in whatever the database holds (the
matrix as a mapping, dates, scores).
"""

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

SCALE = range(1, 6)  # likelihood and impact are each 1-5

IMPROVING = "improving"
WORSENING = "worsening"
UNCHANGED = "unchanged"

# The council's usual 5x5 matrix (score 1-5 low, 6-14 medium, 15-25 high); the
# administrator may set every cell differently, this is only the starting point.
DEFAULT_BANDS = (("Low", "#00703c", 1, 5), ("Medium", "#f47738", 6, 14), ("High", "#d4351c", 15, 25))


class ScoreError(ValueError):
    """A likelihood, impact or typed score that cannot stand."""


def check_level(value, what="likelihood"):
    if value is None or isinstance(value, bool) or int(value) != value or value not in SCALE:
        raise ScoreError(f"{what} must be a whole number from 1 to 5, not {value!r}")
    return int(value)


def score(likelihood, impact):
    """Likelihood x impact (1-25)."""
    return check_level(likelihood, "likelihood") * check_level(impact, "impact")


def typed_score_error(likelihood, impact, typed, label="score"):
    """Why a score typed into a spreadsheet cannot be accepted, or None if it equals L x I."""
    expected = score(likelihood, impact)
    if typed in (None, ""):
        return None
    try:
        typed_number = float(typed)
    except (TypeError, ValueError):
        return f"{label} {typed!r} is not a number; it should be {likelihood} x {impact} = {expected}"
    if typed_number != expected:
        shown = int(typed_number) if typed_number.is_integer() else typed_number
        return f"{label} {shown} is not likelihood {likelihood} x impact {impact} = {expected}"
    return None


def default_matrix(bands=DEFAULT_BANDS):
    """{(likelihood, impact): band name} from score ranges: the starting matrix."""
    cells = {}
    for likelihood in SCALE:
        for impact in SCALE:
            s = likelihood * impact
            cells[(likelihood, impact)] = next(name for name, _colour, low, high in bands if low <= s <= high)
    return cells


def band_for(likelihood, impact, matrix: Mapping):
    """The band the matrix gives this cell (None if the administrator left it unset)."""
    if likelihood is None or impact is None:
        return None
    return matrix.get((likelihood, impact))


def cells_in_band(band, matrix: Mapping):
    return sorted(cell for cell, value in matrix.items() if value == band)


def direction_of_travel(previous_score, current_score):
    """Compared with the previous review: a lower score is improving. None with no previous review."""
    if previous_score is None or current_score is None:
        return None
    if current_score < previous_score:
        return IMPROVING
    if current_score > previous_score:
        return WORSENING
    return UNCHANGED


def directions_from_history(scores: Iterable):
    """Direction of travel after each review, given review scores oldest first."""
    directions, previous = [], None
    for s in scores:
        directions.append(direction_of_travel(previous, s))
        previous = s
    return directions


def next_review_due(last_review: date | None, interval_days: int, date_entered: date | None = None):
    start = last_review or date_entered
    return start + timedelta(days=interval_days) if start else None


def review_overdue(next_due: date | None, today: date):
    """Overdue once the due day has passed without a review."""
    return next_due is not None and next_due < today


def target_missed(target_date: date | None, current_score, target_score, today: date):
    """The target date has passed while the risk still scores above its target."""
    return (
        target_date is not None
        and target_date < today
        and current_score is not None
        and target_score is not None
        and current_score > target_score
    )


def reminder_due(next_due: date | None, today: date, days_before: int):
    """A reminder goes out from ``days_before`` days ahead until the due day itself."""
    return next_due is not None and today <= next_due <= today + timedelta(days=days_before)


def above_appetite(current_score, appetite):
    """Flag a risk scoring above the appetite set for its register or area (no appetite, no flag)."""
    return appetite is not None and current_score is not None and current_score > appetite


def action_overdue(due: date | None, done: bool, today: date):
    return due is not None and not done and due < today


def heat_map(cells: Iterable):
    """Counts per cell: ``grid[impact][likelihood]`` from (likelihood, impact) pairs; both 1-5."""
    grid = {impact: dict.fromkeys(SCALE, 0) for impact in SCALE}
    for likelihood, impact in cells:
        if likelihood in SCALE and impact in SCALE:
            grid[impact][likelihood] += 1
    return grid
