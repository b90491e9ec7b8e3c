"""The pure risk arithmetic, with the seed register's figures."""

from datetime import date

import pytest

from riskregister import scoring

# (risk number, current L, current I, current score, target L, target I, target score) from the seed.
SEED = [
    ("RM14284", 4, 3, 12, 2, 3, 6),
    ("RM14147", 3, 5, 15, 2, 5, 10),
    ("RM14157", 3, 5, 15, 2, 5, 10),
    ("RM14148", 3, 5, 15, 2, 4, 8),
]


@pytest.mark.parametrize("number,cl,ci,cs,tl,ti,ts", SEED)
def test_score_is_likelihood_times_impact_as_in_the_seed(number, cl, ci, cs, tl, ti, ts):
    assert scoring.score(cl, ci) == cs
    assert scoring.score(tl, ti) == ts


@pytest.mark.parametrize("likelihood,impact", [(0, 3), (6, 1), (3, None), (2.5, 2), (True, 3)])
def test_likelihood_and_impact_must_be_whole_numbers_1_to_5(likelihood, impact):
    with pytest.raises(scoring.ScoreError):
        scoring.score(likelihood, impact)


def test_a_typed_score_that_is_not_l_times_i_is_explained():
    assert scoring.typed_score_error(4, 3, "12") is None
    assert scoring.typed_score_error(4, 3, 12.0) is None
    assert scoring.typed_score_error(4, 3, "") is None
    message = scoring.typed_score_error(4, 3, "16", "Current Risk Score")
    assert message == "Current Risk Score 16 is not likelihood 4 x impact 3 = 12"
    assert "not a number" in scoring.typed_score_error(4, 3, "high")


def test_default_matrix_bands_the_seed_scores():
    matrix = scoring.default_matrix()
    assert len(matrix) == 25
    assert scoring.band_for(4, 3, matrix) == "Medium"  # RM14284, 12
    assert scoring.band_for(3, 5, matrix) == "High"  # RM14147, 15
    assert scoring.band_for(2, 3, matrix) == "Medium"  # target 6
    assert scoring.band_for(1, 5, matrix) == "Low"
    assert scoring.band_for(None, 5, matrix) is None


def test_bands_follow_the_configured_matrix_not_the_score():
    matrix = scoring.default_matrix()
    matrix[(5, 1)] = "High"  # an administrator treats near-certain minor risks as high
    assert scoring.band_for(5, 1, matrix) == "High"
    assert scoring.band_for(1, 5, matrix) == "Low"  # same score 5, different cell
    assert (5, 1) in scoring.cells_in_band("High", matrix)


def test_direction_of_travel_compares_with_the_previous_review():
    assert scoring.direction_of_travel(None, 12) is None
    assert scoring.direction_of_travel(15, 12) == "improving"
    assert scoring.direction_of_travel(12, 15) == "worsening"
    assert scoring.direction_of_travel(12, 12) == "unchanged"


def test_direction_of_travel_through_a_history_of_reviews():
    assert scoring.directions_from_history([12, 12, 8, 16]) == [None, "unchanged", "improving", "worsening"]


def test_review_overdue_only_after_the_due_day():
    due = date(2017, 5, 29)
    assert not scoring.review_overdue(due, date(2017, 5, 29))
    assert scoring.review_overdue(due, date(2017, 5, 30))
    assert not scoring.review_overdue(None, date(2030, 1, 1))


def test_target_missed_when_date_passed_and_still_above_target():
    target_date = date(2017, 3, 31)
    assert not scoring.target_missed(target_date, 12, 6, date(2017, 3, 31))
    assert scoring.target_missed(target_date, 12, 6, date(2017, 4, 1))
    assert not scoring.target_missed(target_date, 6, 6, date(2017, 4, 1))
    assert not scoring.target_missed(None, 12, 6, date(2017, 4, 1))


def test_reminder_window_before_a_review_falls_due():
    due = date(2017, 5, 29)
    assert not scoring.reminder_due(due, date(2017, 5, 14), 14)
    assert scoring.reminder_due(due, date(2017, 5, 15), 14)
    assert scoring.reminder_due(due, date(2017, 5, 29), 14)
    assert not scoring.reminder_due(due, date(2017, 5, 30), 14)


def test_risks_above_appetite_are_flagged():
    assert scoring.above_appetite(15, 12)
    assert not scoring.above_appetite(12, 12)
    assert not scoring.above_appetite(25, None)


def test_next_review_due_from_last_review_or_entry():
    assert scoring.next_review_due(date(2017, 2, 28), 90) == date(2017, 5, 29)
    assert scoring.next_review_due(None, 30, date(2017, 1, 1)) == date(2017, 1, 31)
    assert scoring.next_review_due(None, 30) is None


def test_heat_map_counts_cells():
    grid = scoring.heat_map([(4, 3), (3, 5), (3, 5), (3, 5)])
    assert grid[5][3] == 3
    assert grid[3][4] == 1
    assert sum(sum(row.values()) for row in grid.values()) == 4


def test_action_overdue():
    assert scoring.action_overdue(date(2017, 3, 31), False, date(2017, 4, 1))
    assert not scoring.action_overdue(date(2017, 3, 31), True, date(2017, 4, 1))
    assert not scoring.action_overdue(date(2017, 3, 31), False, date(2017, 3, 31))


def test_a_level_out_of_range_is_named_in_the_error():
    with pytest.raises(scoring.ScoreError, match=r"^likelihood must be a whole number from 1 to 5, not 0$"):
        scoring.score(0, 3)
    with pytest.raises(scoring.ScoreError, match=r"^impact must be a whole number from 1 to 5, not 6$"):
        scoring.score(3, 6)
    with pytest.raises(scoring.ScoreError, match=r"^likelihood must be a whole number from 1 to 5, not None$"):
        scoring.check_level(None)


def test_a_typed_score_is_shown_as_typed_with_the_default_label():
    assert scoring.typed_score_error(4, 3, "16") == "score 16 is not likelihood 4 x impact 3 = 12"
    assert scoring.typed_score_error(4, 3, "12.5") == "score 12.5 is not likelihood 4 x impact 3 = 12"


def test_a_cell_with_either_level_missing_has_no_band():
    matrix = scoring.default_matrix()
    assert scoring.band_for(3, None, matrix) is None and scoring.band_for(None, None, matrix) is None
