"""The accessible HTML edition from the same blocks as the PDF: headings, real tables,
charts with text alternatives that give their figures, and the charts' data as CSV."""

import csv
import io

from committees.packs.html import render_csv, render_html
from core.documents import blocks as b
from performance import charts


def chart_block():
    series = [{"label": "Jan-17", "value": 27.0, "rag": "red"}, {"label": "Feb-17", "value": 22.5, "rag": "amber"}]
    title = "2.7 Re-referrals within 12 months"
    return b.Chart(
        "card-1", title, lambda: charts.indicator_chart(series, title=title, target=20),
        charts.chart_alt_text(series, title=title, target=20),
        ["period", "value", "rag", "target"], [["Jan-17", 27.0, "red", 20], ["Feb-17", 22.5, "amber", 20]],
        svg=charts.to_svg(charts.indicator_chart(series, title=title, target=20), title=title),
    )


def test_headings_tables_and_chart_alternatives():
    doc = b.PackDocument("Agenda pack <14 March>", "Council", "Subject", body=[
        b.Heading("8. Integrated Performance", 0, key="item-8"),
        b.Heading("Budget", 1),
        b.Table("Revenue budget", ["Division", "Budget £m"], [["Early help", b.Cell("1.5", "red")]], numeric={1}),
        chart_block(),
    ], front=[b.Agenda([b.AgendaLine(8, "Integrated Performance", key="item-8")])])
    html = render_html(doc, item_pages={"item-8": 25}, csv_url="/charts.csv")
    assert "<h1>Agenda pack &lt;14 March&gt;</h1>" in html  # escaped
    assert '<h2 id="part-item-8">8. Integrated Performance</h2>' in html and "<h3>Budget</h3>" in html
    assert '<a href="#part-item-8">Integrated Performance</a> (page 25 of the PDF)' in html
    assert "<caption>Revenue budget</caption>" in html
    assert '<th scope="col">Budget £m</th>' in html and '<th scope="row">Early help</th>' in html
    assert '<td class="rag-red">1.5 (Red)</td>' in html  # RAG as a word, not colour alone
    assert 'role="img" aria-label="2.7 Re-referrals within 12 months"' in html
    assert "Figures: Jan-17 27 (red), Feb-17 22.5 (amber). Target 20." in html  # the alternative gives the figures
    assert 'style="' not in html  # the site's Content-Security-Policy forbids inline styles


def test_chart_data_as_csv():
    doc = b.PackDocument("Pack", "Council", "Subject", body=[chart_block()])
    rows = list(csv.reader(io.StringIO(render_csv(doc))))
    assert rows == [["chart", "period", "value", "rag", "target"],
                    ["2.7 Re-referrals within 12 months", "Jan-17", "27", "red", "20"],
                    ["2.7 Re-referrals within 12 months", "Feb-17", "22.5", "amber", "20"]]
