"""The accessible HTML edition of a pack, from the same blocks as the PDF, and its charts' data as CSV.

Real headings in order, tables with captions and header cells, every chart an SVG with a text
alternative that gives its figures (and the figures again in a table), RAG shown as words.
The result is an HTML fragment (escaped here; nothing from users is trusted) that the public
page places inside the site's layout.
"""

from __future__ import annotations

import csv
import io
import re
from html import escape

from core.documents import blocks as b
from core.spreadsheets import neutralise

_BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)


def _text(text):
    return _BOLD.sub(r"<strong>\1</strong>", escape(text or "")).replace("**", "").replace("\n", "<br>")


def _id(key):
    return "part-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key)


def _contents(blocks):
    """Every item (with its report) and every appendix, as nested links to their ids."""
    entries = []
    for block in blocks:
        if isinstance(block, b.Heading) and block.key and block.level == 0:
            entries.append((0, block.key, block.text))
        elif isinstance(block, b.Appendix):
            entries.append((1, block.key, block.title))
    if not entries:
        return ""
    out, open_sub = ['<nav class="pack-contents" aria-labelledby="pack-contents"><h2 id="pack-contents">Contents</h2>'
                     "<ol>"], False
    for level, key, text in entries:
        link = f'<a href="#{_id(key)}">{_text(text)}</a>'
        if level == 0:
            if open_sub:
                out.append("</ol>")
                open_sub = False
            out.append(("</li>" if len(out) > 1 else "") + f"<li>{link}")
        else:
            if not open_sub:
                out.append("<ol>")
                open_sub = True
            out.append(f"<li>{link}</li>")
    out.append(("</ol>" if open_sub else "") + "</li></ol></nav>")
    return "".join(out)


def render_html(doc: b.PackDocument, *, item_pages=None, csv_url="") -> str:
    item_pages = item_pages or {}
    blocks = [*doc.front, *doc.body]
    out = [f'<article class="pack-edition" lang="{escape(doc.language)}">', f"<h1>{_text(doc.title)}</h1>",
           _contents(blocks)]
    for block in blocks:
        out.append(_block(block, item_pages, csv_url))
    out.append("</article>")
    return "\n".join(part for part in out if part)


def render_blocks(blocks) -> str:
    """A run of blocks (e.g. one live section) as HTML, for the report's web page."""
    return "\n".join(part for part in (_block(block, {}, "") for block in blocks) if part)


def _cell(value, tag="td", scope=""):
    text = value.text if isinstance(value, b.Cell) else str(value)
    classes = []
    if isinstance(value, b.Cell) and value.rag:
        classes.append(f"rag-{escape(value.rag)}")
        text = f"{text} ({value.rag.capitalize()})" if text else value.rag.capitalize()
    cls = f' class="{" ".join(classes)}"' if classes else ""
    scope_attr = f' scope="{scope}"' if scope else ""
    return f"<{tag}{scope_attr}{cls}>{_text(text)}</{tag}>"


def _block(block, item_pages, csv_url):
    if isinstance(block, b.Heading):
        level = min(block.level, 2) + 2
        ident = f' id="{_id(block.key)}"' if block.key else ""
        return f"<h{level}{ident}>{_text(block.text)}</h{level}>"
    if isinstance(block, b.Para):
        if block.style == "title":
            return f'<p class="pack-title">{_text(block.text)}</p>'
        cls = f' class="pack-{block.style}"' if block.style != "body" else ""
        parts = b.paragraphs(block.text, block.style)
        if any(isinstance(p, b.Bullets) for p in parts):
            return "\n".join(_block(p, item_pages, csv_url) for p in parts)
        return f"<p{cls}>{_text(block.text)}</p>"
    if isinstance(block, b.Bullets):
        return "<ul>" + "".join(f"<li>{_text(t)}</li>" for t in block.items) + "</ul>"
    if isinstance(block, b.KeyValues):
        rows = "".join(f"<dt>{_text(k)}</dt><dd>{_text(v)}</dd>" for k, v in block.rows)
        return f'<dl class="summary">{rows}</dl>'
    if isinstance(block, b.Table):
        return _table(block)
    if isinstance(block, b.Chart):
        return _chart(block, csv_url)
    if isinstance(block, b.Agenda):
        lines = []
        for line in block.lines:
            title = _text(line.title)
            if line.key:
                page = item_pages.get(line.key)
                where = f" (page {page} of the PDF)" if page else ""
                title = f'<a href="#{_id(line.key)}">{title}</a>{where}'
            extra = f"<p>{_text(line.report_by)}</p>" if line.report_by else ""
            extra += "".join(f"<p>{_text(p)}</p>" for p in line.body.split("\n\n") if p.strip())
            lines.append(f'<li value="{escape(str(line.number))}"><strong>{title}</strong>{extra}</li>')
        return '<ol class="pack-agenda">' + "".join(lines) + "</ol>"
    if isinstance(block, b.Appendix):
        page = item_pages.get(block.key)
        where = f", pages {page} to {page + block.pages - 1} of the PDF edition" if page and block.pages else ""
        return (f'<h3 id="{_id(block.key)}">{_text(block.title)}</h3>'
                f"<p>This appendix is a document supplied as a PDF{where}.</p>")
    if isinstance(block, b.PageBreak):
        return ""
    raise TypeError(f"not a pack block: {block!r}")


def _table(block: b.Table):
    if not block.rows:
        heading = f"<h5>{_text(block.caption)}</h5>" if block.caption else ""
        return f'{heading}<p class="pack-note">{_text(block.empty or "There are no rows to show.")}</p>'
    head = "".join(_cell(h, "th", "col") for h in block.header)
    body = []
    for r, row in enumerate(block.rows):
        cells = [_cell(c, "th", "row") if i == 0 and block.row_headers else _cell(c)
                 for i, c in enumerate(row)]
        cls = ' class="total"' if r in block.bold_rows else ""
        body.append(f"<tr{cls}>" + "".join(cells) + "</tr>")
    key = " ".join(k for k in (block.key, b.RAG_KEY if block.has_rag() else "") if k)
    caption = f"<caption>{_text(block.caption)}</caption>" if block.caption else ""
    after = f'<p class="pack-small">{_text(key)}</p>' if key else ""
    # A wide table scrolls inside its wrapper; keyboard users reach it by the tab key.
    return (f'<div class="table-wrap" tabindex="0" role="region" aria-label="{escape(block.caption or "Table")}">'
            f'<table class="table">{caption}<thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table></div>{after}")


def _chart(block: b.Chart, csv_url):
    head = "".join(f'<th scope="col">{escape(str(h))}</th>' for h in block.csv_header)
    rows = "".join(
        "<tr>" + "".join((f'<th scope="row">{escape(_fmt(v))}</th>' if i == 0 else f"<td>{escape(_fmt(v))}</td>")
                         for i, v in enumerate(r)) + "</tr>"
        for r in block.csv_rows
    )
    link = f' <a href="{escape(csv_url)}">Download the charts\u2019 data (CSV)</a>' if csv_url else ""
    svg = block.svg() if callable(block.svg) else block.svg
    return (
        f'<figure class="pack-chart" id="chart-{escape(block.slug)}">{svg}'
        f"<figcaption>{_text(block.alt)}{link}</figcaption>"
        f'<details><summary>The figures in a table: {_text(block.title)}</summary>'
        f'<div class="table-wrap" tabindex="0" role="region" aria-label="{escape(block.title)}">'
        f'<table class="table"><caption>{_text(block.title)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div></details></figure>"
    )


def _fmt(value):
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def render_csv(doc: b.PackDocument) -> str:
    """Every chart's figures, one row per point, the chart named in the first column."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    header_written = False
    for chart in doc.charts():
        if not header_written:
            writer.writerow(["chart", *chart.csv_header])
            header_written = True
        for row in chart.csv_rows:
            # Titles are people's text: never a formula in a spreadsheet (core.spreadsheets).
            writer.writerow([neutralise(chart.title), *(_fmt(v) for v in row)])
    if not header_written:
        writer.writerow(["chart", "period", "value"])
    return buf.getvalue()
