"""The risk score-history chart in the one chart style: a sentence for a single review, the
figures as text, and date labels thinned so they never overlap on a phone."""

from riskregister import charts


def test_one_review_is_a_sentence_not_a_chart():
    chart = charts.score_history_chart([("04 Nov 2015", 12, 6)])
    assert not chart["chartable"]
    assert chart["alt"] == "One review so far, 04 Nov 2015: score 12, target 6. A chart needs two reviews or more."


def test_labels_are_thinned_on_a_narrow_chart_and_the_latest_is_always_shown():
    points = [(f"{d:02d} Nov 2015", 12, 6) for d in range(1, 13)]
    wide = charts.score_history_chart(points)
    narrow = charts.score_history_chart(points, width=charts.NARROW)
    shown = [m["label"] for m in narrow["marks"] if m["show_label"]]
    assert narrow["width"] == charts.NARROW and len(shown) < len(points) and shown[-1] == "12 Nov 2015"
    assert sum(m["show_label"] for m in wide["marks"]) >= len(shown)
    assert "12 Nov 2015 12 (6)" in wide["alt"] and "sans-serif" in wide["font"]
