"""The PDF engine on its own (no database): one PDF with the agenda's page numbers, "Page N"
through merged appendices, bookmarks, metadata, embedded fonts, atomic writes."""

import pytest
from pypdf import PdfReader

from committees.packs import pdf
from core.documents import blocks as b
from tests.packs.conftest import agenda_page_numbers, footer_number, outline_titles
from tests.packs.march2017 import appendix_pdf


def make_doc(tmp_path, appendix_pages=4, prefix=""):
    appendix = tmp_path / "scorecard.pdf"
    appendix.write_bytes(appendix_pdf(appendix_pages, "Scorecard", size=(842, 595)))  # a landscape appendix
    front = [
        b.Para("Children's Services Committee", "title"),
        b.Heading("Agenda", 0, key="agenda", new_page=True),
        b.Agenda([
            b.AgendaLine(1, "To receive apologies"),
            b.AgendaLine(2, "Minutes of the meeting held on 24 January 2017", key="item-2"),
            b.AgendaLine(7, "Working with Safelives", report_by="Report by the Director.", key="item-7"),
            b.AgendaLine(8, "Integrated Performance and Finance Monitoring 2016-17", key="item-8"),
        ]),
    ]
    body = [
        b.Heading("2. Minutes of the meeting held on 24 January 2017", 0, key="item-2", new_page=True),
        *[b.Para("The Committee received the report. " * 40)] * 6,
        b.Heading("7. Working with Safelives", 0, key="item-7", new_page=True),
        b.Heading("1. Proposal", 1),
        b.Para("Norfolk has been agreed as a beacon site. " * 30),
        b.Appendix("appendix-1", "Appendix 1: Scorecard", str(appendix)),
        b.Heading("8. Integrated Performance and Finance Monitoring 2016-17", 0, key="item-8", new_page=True),
        b.Table("Budget", ["Division", "Budget £m", "Outturn £m"],
                [[f"Line {n}", b.Cell("1.000", "red"), "2.000"] for n in range(120)], numeric={1, 2}),
    ]
    return b.PackDocument("Agenda pack", "Norfolk County Council", "Children's Services Committee",
                          page_prefix=prefix, front=front, body=body)


def test_agenda_page_numbers_point_at_the_items_and_page_numbers_run_through_the_appendix(tmp_path):
    doc = make_doc(tmp_path)
    result = pdf.build_pdf(doc, tmp_path / "pack.pdf")
    reader = PdfReader(tmp_path / "pack.pdf")
    texts = [p.extract_text() for p in reader.pages]

    assert result.pages == len(reader.pages)
    assert [footer_number(t) for t in texts] == list(range(1, len(texts) + 1))  # appendix pages too
    printed = agenda_page_numbers(texts)
    assert printed == {2: result.item_pages["item-2"], 7: result.item_pages["item-7"],
                       8: result.item_pages["item-8"]}
    for number, page in printed.items():
        assert texts[page - 1].startswith(f"{number}. ")
    appendix_first = result.item_pages["appendix-1"]
    assert [texts[appendix_first - 1 + i].startswith(f"Scorecard - sheet {i + 1} of 4") for i in range(4)] == [True] * 4
    assert printed[8] == appendix_first + 4  # the item after the appendix starts after its 4 pages
    # the appendix keeps its own (landscape) page size
    assert float(reader.pages[appendix_first - 1].mediabox.width) == 842


def test_bookmarks_metadata_language_and_embedded_fonts(tmp_path):
    pdf.build_pdf(make_doc(tmp_path), tmp_path / "pack.pdf")
    reader = PdfReader(tmp_path / "pack.pdf")
    titles = dict(outline_titles(reader))
    for title in ("Agenda", "2. Minutes of the meeting held on 24 January 2017", "7. Working with Safelives",
                  "1. Proposal", "Appendix 1: Scorecard", "8. Integrated Performance and Finance Monitoring 2016-17"):
        assert title in titles
    # report sections and appendices nest under their item
    assert reader.outline[2].title == "7. Working with Safelives"
    assert [o.title for o in reader.outline[3]] == ["1. Proposal", "Appendix 1: Scorecard"]
    assert reader.metadata.title == "Agenda pack"
    assert reader.metadata.author == "Norfolk County Council"
    assert reader.metadata.subject == "Children's Services Committee"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    fonts = set()
    for page in reader.pages[:5]:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            descriptor = descriptor.get_object()
            fonts.add(font["/BaseFont"])
            assert "/FontFile2" in descriptor, f"{font['/BaseFont']} is not embedded"
    assert fonts


def test_a_supplement_has_its_own_page_numbers(tmp_path):
    pdf.build_pdf(make_doc(tmp_path, appendix_pages=1, prefix="Supplementary agenda 1 – "), tmp_path / "s.pdf")
    texts = [p.extract_text() for p in PdfReader(tmp_path / "s.pdf").pages]
    assert texts[0].rstrip().endswith("Supplementary agenda 1 – Page 1")
    assert texts[-1].rstrip().endswith(f"Supplementary agenda 1 – Page {len(texts)}")


def test_a_broken_appendix_fails_the_build_with_its_name_and_leaves_the_old_file(tmp_path):
    dest = tmp_path / "pack.pdf"
    dest.write_bytes(b"%PDF- the previous pack")
    doc = make_doc(tmp_path)
    (tmp_path / "scorecard.pdf").write_bytes(b"%PDF-1.4 this is not really a PDF")
    with pytest.raises(pdf.PackError, match="Appendix “Appendix 1: Scorecard” is not a valid PDF"):
        pdf.build_pdf(doc, dest)
    assert dest.read_bytes() == b"%PDF- the previous pack"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack.pdf", "scorecard.pdf"]


def test_writes_are_atomic_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    dest = tmp_path / "pack.pdf"
    dest.write_bytes(b"old")

    def half_then_fail(fh):
        fh.write(b"half a pack")
        raise OSError("disk full")

    with pytest.raises(OSError):
        pdf.write_atomically(dest, half_then_fail)
    assert dest.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["pack.pdf"]
    sha = pdf.write_atomically(dest, lambda fh: fh.write(b"new"))
    assert dest.read_bytes() == b"new" and len(sha) == 64


def test_charts_are_vector_drawings_in_the_pdf(tmp_path):
    from performance import charts

    series = [("Jan-17", 27.0, "red"), ("Feb-17", 22.0, "amber")]
    doc = b.PackDocument("Pack", "Council", "Subject", body=[b.Chart(
        "c1", "Re-referrals", lambda: charts.indicator_chart(series, title="Re-referrals", target=20),
        "Re-referrals: Jan-17 27.0, Feb-17 22.0", ["period", "value"], [["Jan-17", 27.0]])])
    pdf.build_pdf(doc, tmp_path / "c.pdf")
    page = PdfReader(tmp_path / "c.pdf").pages[0]
    content = page.get_contents().get_data()
    assert b" re f" in content or b" re\nf" in content or b"re f*" in content  # bars are vector rectangles
    assert not page["/Resources"].get("/XObject")  # no raster image
    assert "Re-referrals" in page.extract_text()


def test_chart_text_is_sans_serif_at_least_7_pt_and_a_long_title_wraps_inside_the_chart(tmp_path):
    from performance import charts

    title = ("Percentage of Children Starting a Child Protection Plan for a second or subsequent time "
             "(within the last two years), Norfolk, rolling twelve months")
    series = [(f"M{n:02d}", 10.0 + n, "green") for n in range(1, 14)]
    # Made wider than the frame with small text: drawn again at the frame's width (the title wraps to
    # it), or scaled down where the maker draws one size; either way no text under 7 pt.
    def redrawable(width=900, height=300):
        return charts.indicator_chart(series, title=title, target=20, width=width, height=height, font_size=6)

    def one_size():
        return charts.indicator_chart(series, title=title, target=20, width=900, height=300, font_size=6)

    for n, maker in enumerate((redrawable, one_size)):
        doc = b.PackDocument("Pack", "Council", "Subject", body=[b.Chart("c1", title, maker, "alt", ["p"], [])])
        pdf.build_pdf(doc, tmp_path / f"c{n}.pdf")
        _check_chart_text(tmp_path / f"c{n}.pdf", wraps=maker is redrawable)


def _check_chart_text(path, *, wraps):
    import pdfplumber

    with pdfplumber.open(path) as rendered:
        page = rendered.pages[0]
        chart_chars = [c for c in page.chars if c["top"] < 300]
        assert chart_chars
        assert min(round(c["size"], 1) for c in chart_chars) >= pdf.MIN_CHART_PT
        assert all("DejaVuSans" in c["fontname"] or "Vera" in c["fontname"] for c in chart_chars)
        if wraps:
            right = pdf.MARGIN + pdf.FRAME_W
            assert max(c["x1"] for c in chart_chars) <= right + 0.5  # nothing runs past the chart's width
            title_lines = {round(c["top"]) for c in chart_chars if c["fontname"].endswith("Bold")}
            assert len(title_lines) >= 2  # the title wrapped rather than being cut
