"""Commentary is plain text with simple lists; HTML is refused on input and escaped on output."""

from performance.reportcards import text, textdiff


def test_lists_and_emphasis_render():
    html = text.render("Performance improved.\n- Continue to monitor re-referral rates\n- **Embed** the offer")
    assert html == (
        "<p>Performance improved.</p>\n<ul>\n<li>Continue to monitor re-referral rates</li>\n"
        "<li><strong>Embed</strong> the offer</li>\n</ul>"
    )


def test_pasted_bullets_become_list_items():
    normal = text.normalise("- · Continue to monitor\n• Ensure care plans")
    assert normal == "- Continue to monitor\n- Ensure care plans"


def test_html_is_refused_on_input_and_escaped_on_output():
    assert "Raw HTML is not accepted (<script>)" in text.html_problem("Hello <script>alert(1)</script>")
    assert text.html_problem("a particular <u>point</u>").startswith("Raw HTML is not accepted (<u>)")
    assert text.html_problem("Rates < 20% and > 10%") is None
    out = text.render('<img src=x onerror="alert(1)"> & <a href="javascript:x">link</a>')
    assert "<img" not in out and "<a" not in out
    assert "&lt;img" in out


def test_markdown_links_and_images_are_stripped():
    out = text.render("[click](javascript:alert(1)) ![x](http://evil/x.png)")
    assert "href" not in out and "<img" not in out


def test_side_by_side_rows():
    rows = textdiff.side_by_side("a\nb\nc", "a\nB\nc\nd")
    assert [(r.before, r.after, r.change) for r in rows] == [
        ("a", "a", "same"), ("b", "B", "changed"), ("c", "c", "same"), ("", "d", "added")
    ]
