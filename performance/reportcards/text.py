"""Commentary text: plain text with simple lists (a Markdown subset), no raw HTML.

Input is refused if it carries HTML tags; output is rendered with Markdown and then
cleaned by nh3 to the few tags the subset needs, so nothing else can reach a page.
"""

from __future__ import annotations

import html
import re

import markdown
import nh3

ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "br"}
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>|<!--|<!\[?[a-zA-Z]")
# Bullets as they come out of a PDF or a word processor, read as list items.
_BULLETS = re.compile(r"^([ \t]*)(?:[·•▪●◦‣]|[-*](?=[ \t]))[ \t]*(?:[·•▪●◦‣][ \t]*)?", re.M)


def html_problem(text: str) -> str | None:
    """A message when ``text`` contains HTML, else None."""
    m = _TAG.search(text or "")
    if m:
        return (
            f"Raw HTML is not accepted ({m.group(0)[:30]!s}): write plain text, start list items with "
            "'- ', use *emphasis* or **bold**."
        )
    return None


def normalise(text: str) -> str:
    """Line endings and pasted bullets made regular, so diffs and Markdown see the same text."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    return _BULLETS.sub(r"\1- ", text)


def render(text: str) -> str:
    """Safe HTML for ``text``: Markdown subset, anything else escaped, then cleaned."""
    escaped = html.escape(normalise(text), quote=False)
    # A list straight after a paragraph line needs a blank line for Markdown to see it.
    escaped = re.sub(r"(?m)^([^\n-][^\n]*)\n(- )", r"\1\n\n\2", escaped)
    rendered = markdown.markdown(escaped, extensions=["sane_lists"], output_format="html")
    return nh3.clean(rendered, tags=ALLOWED_TAGS, attributes={})


def plain(text: str) -> str:
    """The text without Markdown marks, e.g. for e-mails and the PDF's fallback."""
    return re.sub(r"\*\*?([^*]+)\*\*?", r"\1", normalise(text))
