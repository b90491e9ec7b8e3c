"""The pack's chart data CSV: a chart title typed as a formula is written as text."""

import csv
import io

from committees.packs.html import render_csv
from core.documents import blocks as b


def test_a_chart_title_typed_as_a_formula_is_neutralised():
    title = '=HYPERLINK("http://x")'
    chart = b.Chart("c", title, lambda: None, "", ["period", "value"], [["Jan-17", -3.0]])
    rows = list(csv.reader(io.StringIO(render_csv(b.PackDocument("Pack", "Council", "Subject", body=[chart])))))
    assert rows[1] == ["'" + title, "Jan-17", "-3"]  # the title neutralised; figures stay figures
